import type { Application } from 'express';
import { ICE_CONFIG_PATH } from '../../shared/voice.ts';
import type { Accounts } from '../accounts/accounts.ts';
import { signedIn } from '../http/permit.ts';
import { iceConfigFor, type IceSettings } from './ice.ts';

/**
 * The page's ICE servers, for a signed-in person only (401 otherwise): a TURN credential is made for the
 * person who asks, and the list says nothing to anyone else. Never cached, since the credential expires.
 */
export function mountIceApi(
  app: Application,
  accounts: Accounts,
  settings: IceSettings,
  now: () => number = Date.now,
): void {
  const who = signedIn(accounts);
  app.get(ICE_CONFIG_PATH, async (req, res) => {
    const p = await who(req, res);
    if (!p) return;
    res.set('Cache-Control', 'no-store').json(iceConfigFor(settings, p.id, now()));
  });
}
