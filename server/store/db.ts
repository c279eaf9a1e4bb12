import { PGlite, type Transaction } from '@electric-sql/pglite';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { log } from '../log.ts';
import { migrate } from './migrations.ts';

/**
 * The one way the store talks to a database, whichever engine is behind it.
 *
 * Rows come back with every timestamp as an ISO-8601 UTC string (millisecond precision), on both engines.
 * A call without params may hold several statements; the rows of the last one are returned.
 * Inside `transaction`, use only the `tx` handed to `fn`: on PGlite the outer handle waits for the
 * transaction to end, so using it from inside would never return.
 */
export interface Db {
  readonly kind: 'pglite' | 'postgres';
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Run fn in one transaction (BEGIN/COMMIT, ROLLBACK on throw); nested calls reuse the outer one. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DbOptions {
  /** Folder for the embedded database, used when there is no databaseUrl. */
  dataDir: string;
  /** PostgreSQL connection string; without it the embedded PGlite is used. */
  databaseUrl?: string;
  /** PostgreSQL schema to use (created if missing); default 'public'. Tests give each run its own. */
  schema?: string;
}

export type CodedError = Error & { code: string };

export function codedError(code: string, message: string, cause?: unknown): CodedError {
  return Object.assign(new Error(message, cause === undefined ? undefined : { cause }), { code });
}

/** SQLSTATE 23505 on either driver; `constraint` narrows it to one unique index. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, constraint: violated } = err as { code?: unknown; constraint?: unknown };
  return code === '23505' && (constraint === undefined || violated === constraint);
}

// PostgreSQL refuses NUL in text, and lone surrogates would be silently turned into U+FFFD on the way out:
// either way the text could not come back verbatim, so it is refused up front with one clear code.
const LONE_SURROGATE = /\p{Surrogate}/u;

export function assertStorableText(value: string): void {
  if (value.includes('\u0000') || LONE_SURROGATE.test(value)) {
    throw codedError('invalid_text', 'Text must not contain NUL characters or unpaired UTF-16 surrogates');
  }
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const POOL_SIZE = 10;

type Runner = (sql: string, params: unknown[] | undefined) => Promise<Record<string, unknown>[]>;

function normaliseRows<T>(rows: Record<string, unknown>[]): T[] {
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      const value = row[key];
      if (value instanceof Date) row[key] = value.toISOString();
    }
  }
  return rows as T[];
}

async function runChecked<T>(run: Runner, sql: string, params: unknown[] | undefined): Promise<T[]> {
  for (const p of params ?? []) if (typeof p === 'string') assertStorableText(p);
  return normaliseRows<T>(await run(sql, params));
}

/** A Db bound to one open transaction; it refuses work once that transaction has ended. */
function transactionDb(kind: Db['kind'], run: Runner): { db: Db; end(): void } {
  let ended = false;
  const db: Db = {
    kind,
    query<T>(sql: string, params?: unknown[]) {
      if (ended) return Promise.reject(new Error('This transaction has already ended'));
      return runChecked<T>(run, sql, params);
    },
    transaction: (fn) => fn(db),
    close: () => Promise.reject(new Error('Close the Db that opened the transaction, not the transaction')),
  };
  return { db, end: () => (ended = true) };
}

function pgliteRunner(target: PGlite | Transaction): Runner {
  return async (sql, params) => {
    // The extended protocol takes one statement; without params, exec allows a whole script as pg does.
    if (params && params.length > 0) return (await target.query<Record<string, unknown>>(sql, params)).rows;
    const results = await target.exec(sql);
    return (results.at(-1)?.rows ?? []) as Record<string, unknown>[];
  };
}

async function openPglite(dataDir: string): Promise<Db> {
  const dir = path.join(dataDir, 'pglite');
  await fs.mkdir(dir, { recursive: true });
  const pglite = await PGlite.create(dir);
  return {
    kind: 'pglite',
    query: (sql, params) => runChecked(pgliteRunner(pglite), sql, params),
    transaction: (fn) =>
      pglite.transaction(async (tx) => {
        const scoped = transactionDb('pglite', pgliteRunner(tx));
        try {
          return await fn(scoped.db);
        } finally {
          scoped.end();
        }
      }),
    close: () => pglite.close(),
  };
}

function pgRunner(target: pg.Pool | pg.PoolClient): Runner {
  return async (sql, params) => {
    const result: pg.QueryResult | pg.QueryResult[] = await target.query(sql, params);
    return (Array.isArray(result) ? (result.at(-1)?.rows ?? []) : result.rows) as Record<string, unknown>[];
  };
}

/**
 * Every pooled connection starts with the schema on its search_path. pg lets options in the URL override
 * the config, so options already in the URL get the search_path appended there instead.
 */
function poolConfig(databaseUrl: string, schema: string): pg.PoolConfig {
  const searchPath = `-c search_path=${schema}`;
  const base = { max: POOL_SIZE, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 };
  let url: URL | undefined;
  try {
    url = new URL(databaseUrl);
  } catch {
    // Not a URL (e.g. a key=value string): nothing there can override config options.
  }
  const existing = url?.searchParams.get('options');
  if (url && existing) {
    url.searchParams.set('options', `${existing} ${searchPath}`);
    return { ...base, connectionString: url.toString() };
  }
  return { ...base, connectionString: databaseUrl, options: searchPath };
}

async function ensureSchema(pool: pg.Pool, schema: string): Promise<void> {
  // Checked first so that a role without CREATE on the database can still use an existing schema.
  const found = await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  if (found.rowCount) return;
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(schema)}`);
  } catch (err) {
    // Two processes creating it at once: the loser sees a duplicate, which is what it wanted anyway.
    const code = (err as { code?: unknown }).code;
    if (code !== '23505' && code !== '42P06') throw err;
  }
}

async function openPostgres(databaseUrl: string, schema: string): Promise<Db> {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`PostgreSQL schema name must match ${SCHEMA_NAME.source}, got ${JSON.stringify(schema)}`);
  }
  const pool = new pg.Pool(poolConfig(databaseUrl, schema));
  // An idle connection dropped by the server emits here; without a listener that would end the process.
  pool.on('error', (err) => log.warn('db.idle_connection_error', { message: err.message }));
  const db: Db = {
    kind: 'postgres',
    query: (sql, params) => runChecked(pgRunner(pool), sql, params),
    async transaction(fn) {
      const client = await pool.connect();
      const scoped = transactionDb('postgres', pgRunner(client));
      let unusable: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(scoped.db);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch((rollbackErr: Error) => (unusable = rollbackErr));
        throw err;
      } finally {
        scoped.end();
        // A connection that could not roll back is in an unknown state: drop it rather than reuse it.
        client.release(unusable);
      }
    },
    close: () => pool.end(),
  };
  try {
    await ensureSchema(pool, schema);
    // Poolers such as PgBouncer may drop startup options; writing into the wrong schema would be worse than failing.
    const [row] = await db.query<{ schema: string | null }>('SELECT current_schema() AS schema');
    if (row?.schema !== schema) {
      throw new Error(`Connections use schema ${JSON.stringify(row?.schema)}, expected ${JSON.stringify(schema)}`);
    }
  } catch (err) {
    await pool.end();
    throw err;
  }
  return db;
}

/** Opens the database DATABASE_URL names, or the embedded one under dataDir, with all migrations applied. */
export async function openDb(options: DbOptions): Promise<Db> {
  const db = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options.schema ?? 'public')
    : await openPglite(options.dataDir);
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}
