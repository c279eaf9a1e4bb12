import fs from 'node:fs';
import path from 'node:path';
import { ensureChromium } from '../support/browser.ts';
import { makePgliteTemplate } from '../support/pgliteTemplate.ts';
import { ensureCoturn } from '../support/turn.ts';

/**
 * End-to-end tests drive the built client in real Chromium: both must be there before any test runs. Each
 * file's hall starts on a copy of one migrated embedded database made here (see pgliteTemplate.ts).
 */
export default function setup(): () => void {
  ensureChromium();
  ensureCoturn(); // one voice call is forced through a TURN server, as a station behind NAT runs it
  // CLIENT_DIR: a build of one's own elsewhere, as the hall serves it (server/config.ts).
  if (!fs.existsSync(path.resolve(process.env.CLIENT_DIR || 'dist/client', 'index.html'))) {
    throw new Error('The client is not built: run `npm run build` (npm test does this first).');
  }
  return makePgliteTemplate();
}
