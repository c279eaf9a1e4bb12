import fs from 'node:fs';
import path from 'node:path';
import { ensureChromium } from '../support/browser.ts';

/** End-to-end tests drive the built client in real Chromium: both must be there before any test runs. */
export default function setup(): void {
  ensureChromium();
  if (!fs.existsSync(path.resolve('dist/client/index.html'))) {
    throw new Error('The client is not built: run `npm run build` (npm test does this first).');
  }
}
