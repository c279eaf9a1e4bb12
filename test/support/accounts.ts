import { AccountsRoute } from '../../shared/accounts.ts';

/** Staff sign in through the accounts API, as the page does; returns the token, or throws when refused. */
export async function staffSignIn(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(new URL(AccountsRoute.staffLogin, baseUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json()) as { token?: string };
  if (!body.token) throw new Error(`staff sign-in refused: ${res.status}`);
  return body.token;
}
