import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A new embedded database is slow to make: PGlite runs initdb (several seconds on a busy two-core machine,
 * most of a hall's first start), then every migration. A test run makes one, migrated, at its start (the
 * projects' globalSetup) and names its folder here; each fresh data folder then gets a copy of it — a separate
 * database, as empty as a new one, for the cost of a file copy. A closed PGlite folder is an ordinary
 * PostgreSQL data directory after a clean shutdown, which may be copied file by file.
 *
 * Without it (the bench, a test run outside vitest) every fresh folder is made and migrated as before.
 * The migration tests open theirs from empty on purpose (TestDatabase.openFromEmpty).
 */
export const PGLITE_TEMPLATE_ENV = 'HALL_TEST_PGLITE_TEMPLATE';

/**
 * Give `dataDir` a copy of the run's migrated database, when there is one and the folder has no database
 * yet (a folder a hall or a test already used keeps its own). Returns whether it copied.
 */
export function seedDataDir(dataDir: string): boolean {
  const template = process.env[PGLITE_TEMPLATE_ENV];
  if (!template || !fs.existsSync(template)) return false;
  const entries = fs.readdirSync(template);
  if (entries.some((entry) => fs.existsSync(path.join(dataDir, entry)))) return false;
  fs.mkdirSync(dataDir, { recursive: true });
  for (const entry of entries) {
    fs.cpSync(path.join(template, entry), path.join(dataDir, entry), { recursive: true, errorOnExist: true });
  }
  return true;
}

/**
 * Make the run's migrated database in a folder of its own, in a separate process (so this one keeps no
 * database memory and prints no migration log), and name it for every test process started after this.
 * Returns how to remove it at the end of the run.
 */
export function makePgliteTemplate(): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-pglite-template-'));
  const made = spawnSync(process.execPath, [fileURLToPath(import.meta.url), dir], {
    env: { ...process.env, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });
  if (made.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not make the migrated embedded database: ${made.stderr || made.stdout}`);
  }
  process.env[PGLITE_TEMPLATE_ENV] = dir;
  return () => {
    if (process.env[PGLITE_TEMPLATE_ENV] === dir) delete process.env[PGLITE_TEMPLATE_ENV];
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

if (import.meta.main) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: node test/support/pgliteTemplate.ts <empty folder>');
  const { openDb } = await import('../../server/store/db.ts');
  await (await openDb({ dataDir: dir })).close();
}
