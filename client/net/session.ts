import { create } from 'zustand';
import type { MeResponse, MerchantSignUp } from '../../shared/accounts.ts';
import { accountsApi, type ApiResult } from './accountsApi.ts';
import { loadToken, saveReconnectionToken, saveToken } from './profileStore.ts';
import { tokenRenewed } from './roomPass.ts';
import { linkSession } from './sessionLink.ts';
import { useConnection } from './stores.ts';

/*
 * The connections, the Colyseus SDK under them and the page's query cache are the signed-in hall's code:
 * loaded on the way in, never with the sign-in form (whose first download must stay small on a phone).
 */
function enterHall(token: string): Promise<void> {
  return import('./hallConnection.ts').then((m) => m.enterHall(token));
}
function leaveAll(): void {
  void import('./queries.ts').then((m) => m.forgetAll());
  void import('./meetingConnection.ts').then((m) => m.leaveMeeting());
  void import('./hallConnection.ts').then((m) => m.leaveHall());
}

type Failure = Extract<ApiResult<unknown>, { ok: false }>;

interface SessionState {
  /** 'checking' while a remembered token is being confirmed on page load. */
  phase: 'checking' | 'signedOut' | 'signedIn';
  token: string | null;
  me: MeResponse | null;
  /** Shown once, right after a merchant's first sign-in, until they dismiss it. */
  recoveryCode: string | null;
  signUp(profile: MerchantSignUp): Promise<Failure | null>;
  recover(code: string): Promise<Failure | null>;
  staffLogin(username: string, password: string): Promise<Failure | null>;
  setMe(me: MeResponse): void;
  showRecoveryCode(code: string | null): void;
  /**
   * A new recovery code: every other device's sign-in ends, this page carries on with the new token (its
   * place in the hall kept) and shows the code.
   */
  renewRecoveryCode(): Promise<Failure | null>;
  signOut(): void;
}

/** The signed-in person and their token. A remembered token walks straight in on page load. */
export const useSession = create<SessionState>((set, get) => {
  const begin = (token: string, me: MeResponse, recoveryCode: string | null = null) => {
    saveToken(token);
    set({ phase: 'signedIn', token, me, recoveryCode });
    void enterHall(token);
  };
  return {
    phase: loadToken() ? 'checking' : 'signedOut',
    token: null,
    me: null,
    recoveryCode: null,
    signUp: async (profile) => {
      const r = await accountsApi.signUp(profile);
      if (!r.ok) return r;
      begin(r.value.token, r.value.me, r.value.recoveryCode);
      return null;
    },
    recover: async (code) => {
      const r = await accountsApi.recover(code);
      if (!r.ok) return r;
      saveReconnectionToken(null);
      begin(r.value.token, r.value.me);
      return null;
    },
    staffLogin: async (username, password) => {
      const r = await accountsApi.staffLogin(username, password);
      if (!r.ok) return r;
      saveReconnectionToken(null);
      begin(r.value.token, r.value.me);
      return null;
    },
    setMe: (me) => set({ me }),
    showRecoveryCode: (recoveryCode) => set({ recoveryCode }),
    renewRecoveryCode: async () => {
      const old = get().token;
      if (!old) return { ok: false, error: 'invalid_token' };
      const here = useConnection.getState().selfId;
      const r = await accountsApi.renewRecoveryCode(old, here ? [here] : []);
      if (!r.ok) return r;
      saveToken(r.value.token);
      tokenRenewed(old, r.value.token);
      set({ token: r.value.token, recoveryCode: r.value.recoveryCode });
      return null;
    },
    signOut: () => {
      const { token } = get();
      // Staff and merchants alike: the token ends on the server, so a copy left anywhere is worthless.
      if (token) void accountsApi.signOut(token);
      saveToken(null);
      set({ phase: 'signedOut', token: null, me: null, recoveryCode: null });
      leaveAll();
    },
  };
});

// The connections ask for the token and report a refused one through this line, not by importing the session.
linkSession({
  token: () => useSession.getState().token,
  tokenRefused: () => useSession.getState().signOut(),
});

/** On page load: confirm the remembered token with the hall, then walk in; a stale token signs out. */
export async function resumeSession(): Promise<void> {
  const token = loadToken();
  if (!token) return;
  const r = await accountsApi.me(token);
  if (r.ok) {
    useSession.setState({ phase: 'signedIn', token, me: r.value.me });
    void enterHall(token);
  } else if (r.error === 'network') {
    // The hall is unreachable, not the token wrong: keep it and let the connection banner retry.
    useSession.setState({ phase: 'signedIn', token, me: null });
    void enterHall(token);
  } else {
    saveToken(null);
    useSession.setState({ phase: 'signedOut', token: null, me: null });
  }
}
