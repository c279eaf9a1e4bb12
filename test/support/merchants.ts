import { AccountsRoute } from '../../shared/accounts.ts';

/** Sign a merchant up through the accounts API, as the page does, and return the token it issues. */
export async function signUpMerchant(baseUrl: string, name: string, shop: string): Promise<string> {
  const res = await fetch(new URL(AccountsRoute.merchants, baseUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, shop }),
  });
  const body = (await res.json()) as { token?: string; error?: string };
  if (!res.ok || !body.token) throw new Error(`sign-up refused: ${res.status} ${body.error ?? ''}`);
  return body.token;
}
