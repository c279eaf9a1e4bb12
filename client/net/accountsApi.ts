import { AccountsRoute, type AccountsError, type MeResponse, type MerchantSignUp } from '../../shared/accounts.ts';

export type ApiResult<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      error: AccountsError | 'network';
      fields?: Record<string, string>;
      /** Seconds to wait before trying again, when the hall said `throttled` (429). */
      retryAfter?: number;
    };

/** The accounts API lives on the hall's own origin (in `npm run dev`, on the hall server's port). */
export function apiUrl(path: string): string {
  return import.meta.env.DEV
    ? `${window.location.protocol}//${window.location.hostname}:${__HALL_DEV_PORT__}${path}`
    : path;
}

/** `keepalive` lets a request made as the page goes away (a last autosave) still reach the hall. */
export async function call<T>(
  method: string,
  path: string,
  body?: unknown,
  token?: string,
  init: { keepalive?: boolean } = {},
): Promise<ApiResult<T>> {
  try {
    const res = await fetch(apiUrl(path), {
      ...init,
      method,
      headers: {
        // The page's language, not the browser's: the hall words a refusal in it (a 429's message).
        ...(typeof document !== 'undefined' && document.documentElement.lang
          ? { 'Accept-Language': document.documentElement.lang }
          : {}),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (res.ok) return { ok: true, value: data as T };
    const retryAfter = Number(data.retryAfter ?? res.headers.get('Retry-After'));
    return {
      ok: false,
      error: (data.error as AccountsError) ?? 'network',
      fields: data.fields as Record<string, string> | undefined,
      retryAfter: res.status === 429 && Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    };
  } catch {
    return { ok: false, error: 'network' };
  }
}

export const accountsApi = {
  signUp: (profile: MerchantSignUp) =>
    call<{ token: string; me: MeResponse; recoveryCode: string }>('POST', AccountsRoute.merchants, profile),
  recover: (code: string) => call<{ token: string; me: MeResponse }>('POST', AccountsRoute.recover, { code }),
  staffLogin: (username: string, password: string) =>
    call<{ token: string; me: MeResponse }>('POST', AccountsRoute.staffLogin, { username, password }),
  me: (token: string) => call<{ me: MeResponse }>('GET', AccountsRoute.me, undefined, token),
  updateProfile: (token: string, profile: MerchantSignUp) =>
    call<{ me: MeResponse }>('PATCH', AccountsRoute.me, profile, token),
  signOut: (token: string) => call<{ ok: true }>('POST', AccountsRoute.signOut, undefined, token),
  /** `keep`: this page's room session ids, which stay while every other sign-in ends. */
  renewRecoveryCode: (token: string, keep: string[]) =>
    call<{ recoveryCode: string; token: string }>('POST', AccountsRoute.recoveryCode, { keep }, token),
};

/** Minutes to tell a person to wait after a `throttled` answer (at least one). */
export function waitMinutes(failure: { retryAfter?: number }): number {
  return Math.max(1, Math.ceil((failure.retryAfter ?? 60) / 60));
}
