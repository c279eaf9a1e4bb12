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

/**
 * The embedded database's settings, on top of PGlite's own start parameters. PGlite keeps PostgreSQL's
 * defaults, sized for a server shared by a hundred connections; here one process is its only user, and every
 * byte it touches stays resident (WebAssembly memory never shrinks). Measured on the hall at rest after a full
 * collection: 153 MB of its WebAssembly memory touched with the defaults, 27 MB with these.
 * - shared_buffers 16MB (default 128MB, all touched at start): 2,048 pages of 8 KB for the tables the hall
 *   works in (a new station's whole database folder, PostgreSQL's catalogs included, is 23 MB); a page not
 *   in it is read from the data folder through the operating system's file cache.
 * - max_connections 4, autovacuum_worker_slots 1, max_wal_senders 0: the shared memory sized per backend
 *   (lock table, process slots) for the one backend PGlite runs; 4 is the least PostgreSQL starts with
 *   (3 are kept for superusers). Nothing connects to it from outside, and no replica follows it.
 * - maintenance_work_mem 16MB (default 64MB): the most one VACUUM or index build takes at once, and keeps.
 * At rest the hall then holds about 140 MB less (403 to 455 MB against 542 to 598 MB; 157 MB on PostgreSQL),
 * and the queue bench serves as fast (16.4 and 16.6 tickets/s, call → signal p99 112 and 48 ms, against 15.7/s
 * and 189 ms with the defaults on the same busy machine). Given as `-c` start parameters, not through
 * `postgresqlconf`, which would replace the data folder's postgresql.conf (its time zone and date style with it).
 */
export const PGLITE_SETTINGS: readonly string[] = [
  'shared_buffers=16MB',
  'max_connections=4',
  'autovacuum_worker_slots=1',
  'max_wal_senders=0',
  'maintenance_work_mem=16MB',
];

async function openPglite(dataDir: string): Promise<Db> {
  const dir = path.join(dataDir, 'pglite');
  await fs.mkdir(dir, { recursive: true });
  const pglite = await PGlite.create(dir, {
    startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS.flatMap((setting) => ['-c', setting])],
  });
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

/** Codes of the errors a storage call fails with when PostgreSQL cannot be reached or goes away. */
export const DbError = {
  /** Nothing was carried out: no connection could be had, or it was lost before anything was kept. */
  unavailable: 'db_unavailable',
  /** The connection was lost while a write or a COMMIT was on its way: it may or may not have been kept. */
  outcomeUnknown: 'db_outcome_unknown',
} as const;

/** Is this the adapter's "the database could not be reached" error (rather than, say, a unique violation)? */
export function isDbUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === DbError.unavailable || code === DbError.outcomeUnknown;
}

/**
 * Pauses before each retry of a statement that may safely run again, ms: about 2 s in all, which rides out
 * a server restart or a pooler's hiccup without leaving the person waiting much longer than that. While the
 * database is known to be down, statements get one attempt only, so an outage fails each request at once
 * instead of piling them up behind one another's retries.
 */
export const DB_RETRY_DELAYS_MS = [100, 400, 1600] as const;

// SQLSTATE class 08 (connection exception), 57P01–57P03 (admin or crash shutdown, cannot connect now), and
// the socket errors Node reports for a server that is gone or not yet listening.
const CONNECTION_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
// pg reports a dropped socket, a dead pooled client and a connect timeout by message only.
const CONNECTION_MESSAGE = /Connection terminated|not queryable|timeout exceeded when trying to connect/i;
const NOT_SENT_MESSAGE = /not queryable/i;

function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
  return CONNECTION_MESSAGE.test(err.message);
}

/**
 * A statement that only reads may run twice without harm. One statement (no `;` inside), starting with
 * SELECT, writing nothing and touching no sequence; anything else counts as a write.
 */
function isReadOnly(sql: string): boolean {
  const text = sql.trim().replace(/;$/, '');
  return /^SELECT\b/i.test(text) && !text.includes(';') && !/\b(INSERT|UPDATE|DELETE|nextval|setval)\b/i.test(text);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Whether PostgreSQL answers, as the statements see it: one log line when it stops answering and one when
 * it is back (with how long and how many statements failed meanwhile), instead of one per statement. Each
 * failed request is logged once more by whoever answers it.
 */
class Reachability {
  private downSince: number | null = null;
  private failedWhileDown = 0;

  get down(): boolean {
    return this.downSince !== null;
  }

  /** The server answered (with rows or with an SQL error of its own). */
  answered(): void {
    if (this.downSince === null) return;
    log.info('db.reachable', { afterMs: Date.now() - this.downSince, failed: this.failedWhileDown });
    this.downSince = null;
    this.failedWhileDown = 0;
  }

  /** A statement gave up: the error its caller sees, coded, with the driver's error as its cause. */
  failed(err: Error, code: string, attempts: number, what: string): CodedError {
    if (this.downSince === null) {
      this.downSince = Date.now();
      log.warn('db.unreachable', { code: (err as { code?: string }).code, message: err.message });
    }
    this.failedWhileDown++;
    const outcome = code === DbError.outcomeUnknown ? 'it may or may not have been kept' : 'it was not carried out';
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    return codedError(code, `Database unreachable${tries} (${err.message}): ${what}; ${outcome}`, err);
  }
}

/** Retries one call has used; each waits {@link DB_RETRY_DELAYS_MS}[used] first. */
interface Retries {
  used: number;
}

/** May this call retry once more? Never while the database is known to be down (see Reachability). */
async function retryAgain(health: Reachability, retries: Retries): Promise<boolean> {
  const delay = DB_RETRY_DELAYS_MS[retries.used];
  if (health.down || delay === undefined) return false;
  retries.used++;
  await sleep(delay);
  return true;
}

/**
 * The pool listens for a connection's errors only while it is idle. One that breaks while checked out, between
 * two statements of a transaction, would emit 'error' with nobody listening, and that ends the process: this
 * listener hears it instead, and the connection's next statement fails with the reason.
 */
const heard = new WeakSet<pg.PoolClient>();
function brokeWhileInUse(): void {}

/** Take a pooled connection, retrying while none can be had: nothing was sent, so that is always safe. */
async function connect(pool: pg.Pool, health: Reachability, retries: Retries): Promise<pg.PoolClient> {
  for (;;) {
    try {
      const client = await pool.connect();
      if (!heard.has(client)) {
        heard.add(client);
        client.on('error', brokeWhileInUse);
      }
      return client;
    } catch (err) {
      if (!isConnectionError(err)) throw err;
      const attempts = retries.used + 1;
      if (!(await retryAgain(health, retries))) {
        throw health.failed(err as Error, DbError.unavailable, attempts, 'no connection could be made');
      }
    }
  }
}

/**
 * One statement outside a transaction. Retried when it cannot have run (no connection, or a pooled
 * connection found dead before sending) and, being a read, when the connection broke while it ran. A write
 * whose connection broke mid-way is never retried: it may have been committed, and running it again could
 * keep it twice (two tickets, two chat lines); its caller hears that the outcome is unknown.
 */
async function pgQuery(pool: pg.Pool, health: Reachability, sql: string, params: unknown[] | undefined) {
  const readOnly = isReadOnly(sql);
  const retries: Retries = { used: 0 };
  for (;;) {
    const client = await connect(pool, health, retries);
    try {
      const rows = await pgRunner(client)(sql, params);
      client.release();
      health.answered();
      return rows;
    } catch (err) {
      if (!isConnectionError(err)) {
        client.release();
        health.answered(); // the server itself refused the statement: it is there
        throw err;
      }
      // A connection that broke is dropped, never handed to the next statement.
      client.release(err as Error);
      const safe = readOnly || NOT_SENT_MESSAGE.test((err as Error).message);
      const attempts = retries.used + 1;
      if (!safe) throw health.failed(err as Error, DbError.outcomeUnknown, attempts, 'a write was cut off');
      if (!(await retryAgain(health, retries))) {
        throw health.failed(err as Error, DbError.unavailable, attempts, 'the statement failed');
      }
    }
  }
}

/**
 * A transaction. Getting a connection and BEGIN are retried (nothing has happened yet); once `fn` has run,
 * nothing is: `fn` may have done other things besides its statements. A connection lost before COMMIT
 * keeps nothing; one lost during COMMIT leaves the outcome unknown, and the error says which.
 */
async function pgTransaction<T>(pool: pg.Pool, health: Reachability, fn: (tx: Db) => Promise<T>): Promise<T> {
  const retries: Retries = { used: 0 };
  let client: pg.PoolClient;
  for (;;) {
    client = await connect(pool, health, retries);
    try {
      await client.query('BEGIN');
      break;
    } catch (err) {
      client.release(err as Error);
      if (!isConnectionError(err)) throw err;
      const attempts = retries.used + 1;
      if (!(await retryAgain(health, retries))) {
        throw health.failed(err as Error, DbError.unavailable, attempts, 'the transaction could not begin');
      }
    }
  }
  const run = pgRunner(client);
  const scoped = transactionDb('postgres', async (sql, params) => {
    try {
      return await run(sql, params);
    } catch (err) {
      if (!isConnectionError(err)) throw err;
      throw health.failed(err as Error, DbError.unavailable, 1, 'the transaction was cut off before COMMIT');
    }
  });
  let unusable: Error | undefined;
  try {
    const result = await fn(scoped.db);
    try {
      await client.query('COMMIT');
    } catch (err) {
      unusable = err as Error; // whatever happened, this connection is not reused
      if (!isConnectionError(err)) throw err;
      const sent = !NOT_SENT_MESSAGE.test(unusable.message);
      const code = sent ? DbError.outcomeUnknown : DbError.unavailable;
      throw health.failed(unusable, code, 1, sent ? 'COMMIT was cut off' : 'the transaction was cut off before COMMIT');
    }
    health.answered();
    return result;
  } catch (err) {
    if (!unusable) await client.query('ROLLBACK').catch((rollbackErr: Error) => (unusable = rollbackErr));
    throw err;
  } finally {
    scoped.end();
    // A connection that could not roll back or commit is in an unknown state: drop it rather than reuse it.
    client.release(unusable);
  }
}

/**
 * Every pooled connection starts with the schema on its search_path. pg lets options in the URL override
 * the config, so options already in the URL get the search_path appended there instead.
 */
function poolConfig(databaseUrl: string, schema: string): pg.PoolConfig {
  const searchPath = `-c search_path=${schema}`;
  // keepAlive: a server that vanished without closing the socket (a network fault) is noticed by the kernel.
  const base = { max: POOL_SIZE, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000, keepAlive: true };
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
  // The pool has already discarded it; the next statement connects afresh.
  pool.on('error', (err) => log.warn('db.idle_connection_lost', { message: err.message }));
  const health = new Reachability();
  const db: Db = {
    kind: 'postgres',
    query: <T>(sql: string, params?: unknown[]) =>
      runChecked<T>((text, values) => pgQuery(pool, health, text, values), sql, params),
    transaction: (fn) => pgTransaction(pool, health, fn),
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
