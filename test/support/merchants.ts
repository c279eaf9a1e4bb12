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

/**
 * A merchant's account id, as they are told it (`/api/me`). A station's invite list holds only the merchants
 * known there; one new to it is invited by this id, as the scheduling page finds them by it or their phone.
 */
export async function merchantIdOf(baseUrl: string, token: string): Promise<string> {
  const res = await fetch(new URL(AccountsRoute.me, baseUrl), { headers: { Authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { me?: { id: string } };
  if (!body.me) throw new Error(`who am I refused: ${res.status}`);
  return body.me.id;
}
