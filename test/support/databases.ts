import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDb, type Db } from '../../server/store/db.ts';
import { seedDataDir } from './pgliteTemplate.ts';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  /**
   * The same dataDir reopens the same database: PGlite's files, or the PostgreSQL schema made for it. A new
   * one on PGlite is a copy of the run's migrated database (see pgliteTemplate.ts).
   */
  open(dataDir: string): Promise<Db>;
  /** {@link open}, but a new database is made and migrated from nothing, as a new station's first start does. */
  openFromEmpty(dataDir: string): Promise<Db>;
  /** drop what the run created */
  cleanup(): Promise<void>;
}

export interface TestDatabases {
  available: TestDatabase[];
  skipped: { name: string; reason: string }[];
}

const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';
const START_POSTGRES = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';

function pglite(): TestDatabase {
  return {
    name: 'pglite',
    open: (dataDir) => {
      seedDataDir(dataDir);
      return openDb({ dataDir });
    },
    openFromEmpty: (dataDir) => openDb({ dataDir }),
    cleanup: async () => {},
  };
}

/** Each dataDir gets its own schema, so tests are as isolated as with PGlite and the run leaves nothing behind. */
function postgres(databaseUrl: string): TestDatabase {
  const run = `hall_test_${crypto.randomBytes(5).toString('hex')}`;
  const schemas = new Map<string, string>();
  function open(dataDir: string): Promise<Db> {
    let schema = schemas.get(dataDir);
    if (schema === undefined) {
      schema = `${run}_${schemas.size + 1}`;
      schemas.set(dataDir, schema);
    }
    return openDb({ dataDir, databaseUrl, schema });
  }
  return {
    name: 'postgres',
    open,
    // A new schema is always migrated from nothing.
    openFromEmpty: open,
    async cleanup() {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        for (const schema of schemas.values()) {
          await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
        }
        schemas.clear();
      } finally {
        await client.end();
      }
    },
  };
}

/** The URL as it may appear in test output: without its password. */
function shown(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparsable TEST_DATABASE_URL)';
  }
}

/** Why PostgreSQL cannot be used, or null when it answers. */
async function unreachable(databaseUrl: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  client.on('error', () => {}); // a failed connect also emits here; the rejection below is what counts
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    return `PostgreSQL at ${shown(databaseUrl)} is unreachable (${err instanceof Error ? err.message : String(err)})`;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * PGlite always; PostgreSQL at TEST_DATABASE_URL (default local `test` database) when it answers.
 * In CI a missing PostgreSQL is an error, not a skip, so the PostgreSQL path cannot silently go untested.
 */
export async function testDatabases(): Promise<TestDatabases> {
  const databaseUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_POSTGRES_URL;
  const reason = await unreachable(databaseUrl);
  if (reason === null) return { available: [pglite(), postgres(databaseUrl)], skipped: [] };
  if (process.env.CI === 'true') {
    throw new Error(
      `${reason}. PostgreSQL is required in CI: start it with \`${START_POSTGRES}\` ` +
        '(or set TEST_DATABASE_URL to a reachable database).',
    );
  }
  return { available: [pglite()], skipped: [{ name: 'postgres', reason }] };
}

/** A whole hall's storage settings for one engine: a fresh data folder, and its own schema on PostgreSQL. */
export interface HallTarget {
  name: string;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

export function hallTarget(name: string, prefix: string): HallTarget {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-${name}-`));
  if (name === 'pglite') return { name, env: { DATA_DIR: dataDir }, cleanup: async () => undefined };
  const url = process.env.TEST_DATABASE_URL ?? DEFAULT_POSTGRES_URL;
  const schema = `hall_${prefix.replace(/\W/g, '_')}_${crypto.randomBytes(5).toString('hex')}`;
  return {
    name,
    env: { DATA_DIR: dataDir, DATABASE_URL: url, DATABASE_SCHEMA: schema },
    cleanup: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
      await client.end();
    },
  };
}
