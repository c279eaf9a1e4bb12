import { AccountsRoute, type AccountsError, type MeResponse, type MerchantSignUp } from '../../shared/accounts.ts';

export type ApiResult<T> =
  | { ok: true; value: T }
  | { ok: false; error: AccountsError | 'network'; fields?: Record<string, string>; retryAfter?: number };

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
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (res.ok) return { ok: true, value: data as T };
    return {
      ok: false,
      error: (data.error as AccountsError) ?? 'network',
      fields: data.fields as Record<string, string> | undefined,
      retryAfter: data.retryAfter as number | undefined,
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
  renewRecoveryCode: (token: string) =>
    call<{ recoveryCode: string }>('POST', AccountsRoute.recoveryCode, undefined, token),
};
