import type { Accounts, Principal, SessionsEnded } from '../accounts/accounts.ts';
import { log } from '../log.ts';

/** What a room keeps of a person's sign-in on a live connection. */
export interface SignedIn {
  personId: string;
  /** For staff: the token version, to notice a disabled account, a reset password or a sign-out. */
  staffVersion?: number;
  /** For staff: when the sign-in ends (epoch ms); a connection does not outlive it. */
  staffExpiresAt?: number;
  /** For merchants: the token version, to notice a sign-out or a new recovery code made elsewhere. */
  merchantVersion?: number;
}

/** The sign-in fields of {@link SignedIn} for a verified principal, for a room's onAuth to spread. */
export function signedInOf(p: Principal): SignedIn {
  return p.kind === 'merchant'
    ? { personId: p.id, merchantVersion: p.version }
    : { personId: p.id, staffVersion: p.version, staffExpiresAt: p.expiresAt };
}

/** How often connected people's sign-ins are checked against storage, ms (a disable takes effect within this). */
export const STAFF_CHECK_MS = 5000;

/**
 * Whether a connected person's sign-in still holds, as storage says now: for staff the account, the
 * version and the sign-in's end; for a merchant the version, when the room recorded it.
 */
export function signInHolds(accounts: Accounts, user: SignedIn | undefined): Promise<boolean> {
  if (!user) return Promise.resolve(true);
  if (user.staffVersion !== undefined)
    return accounts.staffStillValid(user.personId, user.staffVersion, user.staffExpiresAt ?? 0);
  if (user.merchantVersion !== undefined) return accounts.merchantStillValid(user.personId, user.merchantVersion);
  return Promise.resolve(true);
}

interface Watched {
  clock: { setInterval(handler: () => void, ms: number): unknown };
  clients: Iterable<{ sessionId: string; auth?: SignedIn }>;
}

/**
 * Keep a room's people honest. When a person's sign-ins end (a sign-out, a new recovery code), each of
 * their connections is shown out with `showOut` at once, except those the asking device named, which
 * carry on under the new version. On every staff account change the hall hears of, and every
 * {@link STAFF_CHECK_MS} for what no event announces (an expiry, a change made by another process), each
 * connected person whose sign-in no longer holds is shown out too. Returns the stop for the events (the
 * room's clock clears the timer when the room is disposed).
 */
export function watchSignIns<C extends { sessionId: string; auth?: SignedIn }>(
  room: Watched & { clients: Iterable<C> },
  accounts: Accounts,
  showOut: (client: C) => void,
): () => void {
  const recheck = async () => {
    const clients = [...room.clients];
    // Merchants are most of a full hall: their versions are read in one query, not one each.
    const merchants = clients.filter((c) => c.auth?.merchantVersion !== undefined && c.auth.staffVersion === undefined);
    const versions = await accounts.merchantVersions(merchants.map((c) => c.auth!.personId));
    for (const client of merchants) {
      if (versions.get(client.auth!.personId) !== client.auth!.merchantVersion) showOut(client);
    }
    for (const client of clients) {
      if (client.auth?.staffVersion !== undefined && !(await signInHolds(accounts, client.auth))) showOut(client);
    }
  };
  const ended = (e: SessionsEnded) => {
    for (const client of [...room.clients]) {
      const auth = client.auth;
      if (auth?.personId !== e.personId) continue;
      if (!e.keep.includes(client.sessionId)) {
        showOut(client);
        continue;
      }
      // The device that asked stays, under the version its new token carries.
      if (auth.staffVersion !== undefined) auth.staffVersion = e.version;
      if (auth.merchantVersion !== undefined) auth.merchantVersion = e.version;
    }
  };
  // Storage may be down for a moment: the check is tried again on the next tick, and the process lives on.
  const safely = () =>
    recheck().catch((err: unknown) => log.warn('room.signin_check.failed', { message: String(err) }));
  room.clock.setInterval(() => void safely(), STAFF_CHECK_MS);
  const stops = [accounts.onStaffChanged(() => void safely()), accounts.onSessionsEnded(ended)];
  return () => stops.forEach((stop) => stop());
}

/** The name the rooms first knew this watch by, when it watched staff only. */
export const watchStaff = watchSignIns;
