import { AccountsRoute } from '../../shared/accountRoutes.ts';
import { call } from './accountsApi.ts';

/**
 * A short-lived pass for entering a room, fetched right before each join: the WebSocket URL carries this
 * pass (it lives a minute), never the long-lived sign-in token. Throws with the API's code when the hall
 * refuses (`invalid_token`, `expired_token`, `account_disabled`), or `network`, as a failed join would.
 */
export async function roomPass(token: string): Promise<string> {
  const r = await call<{ pass: string; expiresAt: number }>('POST', AccountsRoute.roomPass, undefined, latest(token));
  if (!r.ok) throw new Error(r.error);
  return r.value.pass;
}

/** Tokens this page has replaced, each with its successor (a new recovery code ends the old token). */
const successors = new Map<string, string>();

/**
 * The page took a new token in place of `old`: a join or a reconnection retry still holding the old one
 * (it outlives the token it was started with) asks with the new one instead of being signed out.
 */
export function tokenRenewed(old: string, current: string): void {
  successors.set(old, current);
}

function latest(token: string): string {
  let current = token;
  for (let steps = 0; successors.has(current) && steps < 100; steps++) current = successors.get(current)!;
  return current;
}
