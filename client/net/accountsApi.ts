import { AccountsRoute } from '../../shared/accountRoutes.ts';
import type { AccountsError, MeResponse, MerchantSignUp } from '../../shared/accounts.ts';
import { call } from './http.ts';

// Where they were first defined; new code imports them from http.ts.
export { apiUrl, call, type ApiResult } from './http.ts';

/** Accounts refusals carry one of the accounts API's codes (or the transport's). */
const accounts = <T>(...args: Parameters<typeof call>) => call<T, AccountsError>(...args);

export const accountsApi = {
  signUp: (profile: MerchantSignUp) =>
    accounts<{ token: string; me: MeResponse; recoveryCode: string }>('POST', AccountsRoute.merchants, profile),
  recover: (code: string) => accounts<{ token: string; me: MeResponse }>('POST', AccountsRoute.recover, { code }),
  staffLogin: (username: string, password: string) =>
    accounts<{ token: string; me: MeResponse }>('POST', AccountsRoute.staffLogin, { username, password }),
  me: (token: string) => accounts<{ me: MeResponse }>('GET', AccountsRoute.me, undefined, token),
  updateProfile: (token: string, profile: MerchantSignUp) =>
    accounts<{ me: MeResponse }>('PATCH', AccountsRoute.me, profile, token),
  signOut: (token: string) => accounts<{ ok: true }>('POST', AccountsRoute.signOut, undefined, token),
  /** `keep`: this page's room session ids, which stay while every other sign-in ends. */
  renewRecoveryCode: (token: string, keep: string[]) =>
    accounts<{ recoveryCode: string; token: string }>('POST', AccountsRoute.recoveryCode, { keep }, token),
};
