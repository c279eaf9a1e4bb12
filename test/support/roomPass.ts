import { AccountsRoute } from '../../shared/accounts.ts';

/**
 * A room pass for a sign-in token, fetched as the page fetches one right before each join: rooms admit a
 * pass, never the token itself. Throws with the hall's code (`invalid_token`, `expired_token`,
 * `account_disabled`) when it makes none, as a refused join would.
 */
export async function roomPassFor(baseUrl: string, token: string): Promise<string> {
  const res = await fetch(new URL(AccountsRoute.roomPass, baseUrl), {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
  });
  const body = (await res.json().catch(() => ({}))) as { pass?: string; error?: string };
  if (!res.ok || !body.pass) throw new Error(body.error ?? `no room pass: ${res.status}`);
  return body.pass;
}
