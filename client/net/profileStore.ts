const TOKEN_KEY = 'hall.token';
const RECONNECT_KEY = 'hall.reconnectionToken';

function storage(kind: 'local' | 'session'): Storage | null {
  try {
    return kind === 'local' ? window.localStorage : window.sessionStorage;
  } catch {
    return null; // private mode or storage disabled: the hall still works, it just forgets
  }
}

/** The token the hall issued to this browser: a merchant's identity, or a staff member's session. */
export function loadToken(): string | null {
  return storage('local')?.getItem(TOKEN_KEY) ?? null;
}

export function saveToken(token: string | null): void {
  const s = storage('local');
  if (!s) return;
  if (token) s.setItem(TOKEN_KEY, token);
  else s.removeItem(TOKEN_KEY);
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
