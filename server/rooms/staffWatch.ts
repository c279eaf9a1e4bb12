import type { Accounts } from '../auth/accounts.ts';

/** What a room keeps of a person's sign-in on a live connection; merchants carry no staff fields. */
export interface SignedIn {
  personId: string;
  /** For staff: the token version, to notice a disabled account, a reset password or a sign-out. */
  staffVersion?: number;
  /** For staff: when the sign-in ends (epoch ms); a connection does not outlive it. */
  staffExpiresAt?: number;
}

/** How often connected staff accounts are checked against storage, ms (a disable takes effect within this). */
export const STAFF_CHECK_MS = 5000;

/** Whether a connected person's sign-in still holds: always for a merchant; for staff, as storage says now. */
export function signInHolds(accounts: Accounts, user: SignedIn | undefined): Promise<boolean> {
  if (!user || user.staffVersion === undefined) return Promise.resolve(true);
  return accounts.staffStillValid(user.personId, user.staffVersion, user.staffExpiresAt ?? 0);
}

interface Watched {
  clock: { setInterval(handler: () => void, ms: number): unknown };
  clients: Iterable<{ sessionId: string; auth?: SignedIn }>;
}

/**
 * Keep a room's staff honest: on every account change the hall hears of, and every {@link STAFF_CHECK_MS}
 * for what no event announces (a sign-out, an expiry, a change made by another process), each connected
 * staff member whose sign-in no longer holds is shown out with `showOut`. Returns the stop for the events
 * (the room's clock clears the timer when the room is disposed).
 */
export function watchStaff<C extends { sessionId: string; auth?: SignedIn }>(
  room: Watched & { clients: Iterable<C> },
  accounts: Accounts,
  showOut: (client: C) => void,
): () => void {
  const recheck = async () => {
    for (const client of [...room.clients]) {
      if (!(await signInHolds(accounts, client.auth))) showOut(client);
    }
  };
  room.clock.setInterval(() => void recheck(), STAFF_CHECK_MS);
  return accounts.onStaffChanged(() => void recheck());
}
