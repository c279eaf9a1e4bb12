import type { MerchantProfile } from '../../shared/profile.ts';
import { merchantProfileSchema } from '../../shared/profile.ts';

const PROFILE_KEY = 'hall.profile';
const RECONNECT_KEY = 'hall.reconnectionToken';

function storage(kind: 'local' | 'session'): Storage | null {
  try {
    return kind === 'local' ? window.localStorage : window.sessionStorage;
  } catch {
    return null; // private mode or storage disabled: the hall still works, it just forgets
  }
}

/** The merchant's sign-in, remembered on this browser so a return visit skips the form. */
export function loadProfile(): MerchantProfile | null {
  const raw = storage('local')?.getItem(PROFILE_KEY);
  if (!raw) return null;
  try {
    const parsed = merchantProfileSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function saveProfile(profile: MerchantProfile): void {
  storage('local')?.setItem(PROFILE_KEY, JSON.stringify(profile));
}

export function forgetProfile(): void {
  storage('local')?.removeItem(PROFILE_KEY);
  storage('session')?.removeItem(RECONNECT_KEY);
}

/**
 * The seat the hall holds for this tab. Kept per tab (session storage) so a reload takes the same avatar
 * back while a second tab walks in as a second person.
 */
export function loadReconnectionToken(): string | null {
  return storage('session')?.getItem(RECONNECT_KEY) ?? null;
}

export function saveReconnectionToken(token: string | null): void {
  const s = storage('session');
  if (!s) return;
  if (token) s.setItem(RECONNECT_KEY, token);
  else s.removeItem(RECONNECT_KEY);
}
