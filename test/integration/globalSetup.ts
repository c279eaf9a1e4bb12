import { makePgliteTemplate } from '../support/pgliteTemplate.ts';

/** One migrated embedded database for the whole run, copied for each fresh data folder (see pgliteTemplate.ts). */
export default function setup(): () => void {
  return makePgliteTemplate();
}
