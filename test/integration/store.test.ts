import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit, recordAudit } from '../../server/store/auditRepo.ts';
import { openDb, type Db } from '../../server/store/db.ts';
import {
  createMerchant,
  findMerchantById,
  setMerchantRecovery,
  updateMerchantProfile,
} from '../../server/accounts/merchantStore.ts';
import { migrate, migrations } from '../../server/store/migrations.ts';
import {
  createStaff,
  findStaffById,
  findStaffByUsername,
  listStaff,
  setStaffDisabled,
  setStaffPassword,
  type NewStaff,
} from '../../server/accounts/staffStore.ts';
import { clearThrottle, getThrottle, recordFailure } from '../../server/accounts/throttleStore.ts';
import { testDatabases } from '../support/databases.ts';

const { available, skipped } = await testDatabases();
for (const { name, reason } of skipped) console.warn(`store tests: skipping ${name}: ${reason}`);

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const uid = (prefix: string) => `${prefix}-${crypto.randomUUID()}`;

function newStaff(overrides: Partial<NewStaff> = {}): NewStaff {
  const id = uid('staff');
  return { id, username: id, displayName: '李警官', role: 'officer', passwordHash: 'hash-0', ...overrides };
}

function newMerchant(id = uid('merchant')) {
  return { id, displayName: '王老板', shopName: '王记小吃', phone: '13800000000', recoveryHash: 'rec-0' };
}

// Input that has broken string-built SQL, or drivers, somewhere before. Indexed columns get the short ones:
// a btree entry is limited to about 2.7 kB.
const HOSTILE_SHORT = [
  "'); DROP TABLE staff;--",
  'Robert"); DROP TABLE merchants; --',
  "x' OR '1'='1",
  '$1 $2 ::text \\ \\\\ %s %d ${x} `cmd`',
  '👮‍♀️城管会客厅🏮 \u202Eevil\u202C zero\u200Bwidth',
  'line1\nline2\r\n\ttab',
];
const HOSTILE = [...HOSTILE_SHORT, 'a'.repeat(10_000), '长'.repeat(10_000), '🏮'.repeat(10_000)];
const UNSTORABLE = ['a\u0000b', '\u0000', 'lone \uD800 surrogate', 'reversed \uDC00\uD800'];

it('refuses an unsafe PostgreSQL schema name before connecting', async () => {
  const options = { dataDir: os.tmpdir(), databaseUrl: 'postgres://nobody@127.0.0.1:1/none' };
  await expect(openDb({ ...options, schema: 'x; DROP SCHEMA public' })).rejects.toThrow(/schema name/);
  await expect(openDb({ ...options, schema: 'Upper' })).rejects.toThrow(/schema name/);
});

describe.each(available)('store on $name', (database) => {
  const dirs: string[] = [];
  const opened = new Set<Db>();
  let db: Db;

  function tempDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-store-'));
    dirs.push(dir);
    return dir;
  }

  async function open(dataDir: string, fromEmpty = false): Promise<Db> {
    const handle = await (fromEmpty ? database.openFromEmpty(dataDir) : database.open(dataDir));
    opened.add(handle);
    return handle;
  }

  async function close(handle: Db): Promise<void> {
    opened.delete(handle);
    await handle.close();
  }

  beforeAll(async () => {
    db = await open(tempDir());
  });

  afterAll(async () => {
    for (const handle of [...opened]) await close(handle);
    await database.cleanup();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('applies migrations once, and opening again changes nothing', async () => {
    const dir = tempDir();
    const readVersions = (handle: Db) =>
      handle.query<{ version: number; name: string; applied_at: string }>(
        'SELECT version, name, applied_at FROM schema_migrations ORDER BY version',
      );

    const first = await open(dir, true);
    expect(first.kind).toBe(database.name);
    const versions = await readVersions(first);
    expect(versions.map((v) => v.version)).toEqual(migrations.map((m) => m.version));
    expect(versions.map((v) => v.name)).toEqual(migrations.map((m) => m.name));
    expect(versions[0]?.applied_at).toMatch(ISO);
    expect(await migrate(first)).toEqual([]);
    await close(first);

    const second = await open(dir);
    expect(await readVersions(second)).toEqual(versions);
    await close(second);
  });

  it('creates, finds, lists, disables and re-enables staff; username matching ignores case', async () => {
    const suffix = crypto.randomUUID();
    const created = await createStaff(db, newStaff({ username: `Officer.Li-${suffix}`, role: 'officer' }));
    expect(created).toMatchObject({
      username: `officer.li-${suffix}`,
      displayName: '李警官',
      role: 'officer',
      passwordHash: 'hash-0',
      disabledAt: null,
      tokenVersion: 0,
    });
    expect(created.createdAt).toMatch(ISO);
    expect(created.updatedAt).toMatch(ISO);

    expect(await findStaffByUsername(db, `OFFICER.LI-${suffix.toUpperCase()}`)).toEqual(created);
    expect(await findStaffById(db, created.id)).toEqual(created);
    expect(await findStaffByUsername(db, `nobody-${suffix}`)).toBeNull();
    expect(await findStaffById(db, `nobody-${suffix}`)).toBeNull();

    const admin = await createStaff(db, newStaff({ username: `Admin.Zhang-${suffix}`, role: 'admin' }));
    const manager = await createStaff(db, newStaff({ username: `Manager.Wu-${suffix}`, role: 'parkManager' }));
    const mine = (await listStaff(db)).filter((s) => s.username.endsWith(suffix));
    expect(mine.map((s) => s.id)).toEqual([admin.id, manager.id, created.id]);

    const disabled = await setStaffDisabled(db, created.id, true);
    expect(disabled?.disabledAt).toMatch(ISO);
    expect(disabled?.tokenVersion).toBe(1);
    const stillDisabled = await setStaffDisabled(db, created.id, true);
    expect(stillDisabled?.disabledAt).toBe(disabled?.disabledAt);
    expect(stillDisabled?.tokenVersion).toBe(2);
    const enabled = await setStaffDisabled(db, created.id, false);
    expect(enabled?.disabledAt).toBeNull();
    expect(enabled?.tokenVersion).toBe(3);
    expect(await setStaffDisabled(db, `nobody-${suffix}`, true)).toBeNull();
  });

  it('a password reset replaces the hash and revokes older tokens', async () => {
    const staff = await createStaff(db, newStaff());
    const reset = await setStaffPassword(db, staff.id, 'hash-1');
    expect(reset).toMatchObject({ passwordHash: 'hash-1', tokenVersion: staff.tokenVersion + 1 });
    expect(Date.parse(reset?.updatedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(staff.updatedAt));
    expect(await findStaffById(db, staff.id)).toEqual(reset);
    expect(await setStaffPassword(db, uid('nobody'), 'hash-1')).toBeNull();
  });

  it('refuses a username already taken in any case, with code username_taken', async () => {
    const username = uid('Duplicate');
    await createStaff(db, newStaff({ username }));
    await expect(createStaff(db, newStaff({ username: username.toUpperCase() }))).rejects.toMatchObject({
      code: 'username_taken',
    });
    // A clash on the id is a different problem and must not be reported as a taken username.
    const staff = await createStaff(db, newStaff());
    const clash = createStaff(db, newStaff({ id: staff.id }));
    await expect(clash).rejects.toThrow();
    await expect(clash).rejects.not.toMatchObject({ code: 'username_taken' });
  });

  it('creates, finds and updates merchants', async () => {
    const created = await createMerchant(db, newMerchant());
    expect(created).toMatchObject({ ...newMerchant(created.id) });
    expect(created.createdAt).toMatch(ISO);
    expect(await findMerchantById(db, created.id)).toEqual(created);
    expect(await findMerchantById(db, uid('nobody'))).toBeNull();

    const updated = await updateMerchantProfile(db, created.id, { displayName: '王姐', shopName: '王记', phone: null });
    expect(updated).toMatchObject({ displayName: '王姐', shopName: '王记', phone: null, recoveryHash: 'rec-0' });
    const recovered = await setMerchantRecovery(db, created.id, 'rec-1');
    expect(recovered).toMatchObject({ displayName: '王姐', recoveryHash: 'rec-1', createdAt: created.createdAt });
    expect(await findMerchantById(db, created.id)).toEqual(recovered);
    expect(await updateMerchantProfile(db, uid('nobody'), { displayName: 'x', shopName: 'y', phone: null })).toBeNull();
    expect(await setMerchantRecovery(db, uid('nobody'), 'rec')).toBeNull();
  });

  it('records audit entries and lists them newest first, optionally for one target', async () => {
    const kind = uid('kind');
    const first = await recordAudit(db, {
      actorKind: 'staff',
      actorId: 'a1',
      action: 'staff.create',
      targetKind: kind,
      targetId: 't1',
      detail: { role: 'officer', nested: { list: [1, 'two', null, true] }, 说明: '新建' },
    });
    expect(first).toMatchObject({ actorKind: 'staff', actorId: 'a1', targetKind: kind, targetId: 't1' });
    expect(first.id).toBeTypeOf('number');
    expect(first.at).toMatch(ISO);
    expect(first.detail).toEqual({ role: 'officer', nested: { list: [1, 'two', null, true] }, 说明: '新建' });
    const second = await recordAudit(db, { actorKind: 'system', actorId: null, action: 'x', targetKind: kind });
    expect(second).toMatchObject({ targetId: null, detail: {} });
    const third = await recordAudit(db, {
      actorKind: 'merchant',
      actorId: 'm',
      action: 'y',
      targetKind: kind,
      targetId: 't1',
    });

    expect((await listAudit(db, { targetKind: kind })).map((e) => e.id)).toEqual([third.id, second.id, first.id]);
    expect(await listAudit(db, { targetKind: kind, targetId: 't1' })).toEqual([third, first]);
    expect(await listAudit(db, { targetKind: kind, limit: 1 })).toEqual([third]);
    expect((await listAudit(db, { limit: 3 })).map((e) => e.id)).toEqual([third.id, second.id, first.id]);
    expect(await listAudit(db, { targetKind: uid('none') })).toEqual([]);
  });

  it('counts failures in a window, locks at the limit, starts a new window later, and clears', async () => {
    const key = uid('login:officer');
    const policy = { windowMs: 60_000, maxFailures: 3, lockMs: 30_000 };
    const t0 = Date.parse('2030-01-01T00:00:00.000Z');
    const at = (ms: number) => new Date(t0 + ms);
    const iso = (ms: number) => at(ms).toISOString();

    expect(await getThrottle(db, key)).toBeNull();
    expect(await recordFailure(db, key, { ...policy, now: at(0) })).toEqual({
      failures: 1,
      windowStartedAt: iso(0),
      lockedUntil: null,
    });
    expect(await recordFailure(db, key, { ...policy, now: at(1000) })).toEqual({
      failures: 2,
      windowStartedAt: iso(0),
      lockedUntil: null,
    });
    const locked = await recordFailure(db, key, { ...policy, now: at(2000) });
    expect(locked).toEqual({ failures: 3, windowStartedAt: iso(0), lockedUntil: iso(32_000) });
    expect(await getThrottle(db, key)).toEqual(locked);

    // The window and the lock are both over: counting starts again.
    expect(await recordFailure(db, key, { ...policy, now: at(60_000) })).toEqual({
      failures: 1,
      windowStartedAt: iso(60_000),
      lockedUntil: null,
    });

    await clearThrottle(db, key);
    expect(await getThrottle(db, key)).toBeNull();
  });

  it('keeps a lock that outlasts its window, and locks on the first failure when the limit is 1', async () => {
    const key = uid('login:long-lock');
    const policy = { windowMs: 1000, maxFailures: 2, lockMs: 60_000 };
    const t0 = Date.parse('2030-01-01T00:00:00.000Z');
    await recordFailure(db, key, { ...policy, now: new Date(t0) });
    const locked = await recordFailure(db, key, { ...policy, now: new Date(t0 + 100) });
    expect(locked.lockedUntil).toBe(new Date(t0 + 60_100).toISOString());
    const later = await recordFailure(db, key, { ...policy, now: new Date(t0 + 5000) });
    expect(later).toEqual({
      failures: 1,
      windowStartedAt: new Date(t0 + 5000).toISOString(),
      lockedUntil: locked.lockedUntil,
    });

    const strict = await recordFailure(db, uid('login:strict'), { ...policy, maxFailures: 1, now: new Date(t0) });
    expect(strict).toEqual({
      failures: 1,
      windowStartedAt: new Date(t0).toISOString(),
      lockedUntil: new Date(t0 + 60_000).toISOString(),
    });

    await expect(recordFailure(db, key, { ...policy, maxFailures: 0, now: new Date(t0) })).rejects.toThrow(RangeError);
  });

  it('counts every one of many concurrent failures for one key', async () => {
    const key = uid('login:burst');
    const policy = { windowMs: 60_000, maxFailures: 1000, lockMs: 1000, now: new Date() };
    const results = await Promise.all(Array.from({ length: 25 }, () => recordFailure(db, key, policy)));
    expect(results.map((r) => r.failures).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect((await getThrottle(db, key))?.failures).toBe(25);
  });

  it('commits a transaction as a whole, rolls it back on throw, and nests by reusing the outer one', async () => {
    const a = newStaff();
    const b = newStaff();
    await expect(
      db.transaction(async (tx) => {
        await tx.transaction((inner) => createStaff(inner, a));
        await createStaff(tx, b);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await findStaffById(db, a.id)).toBeNull();
    expect(await findStaffById(db, b.id)).toBeNull();

    let escaped: Db | undefined;
    const ids = await db.transaction(async (tx) => {
      escaped = tx;
      await tx.transaction((inner) => createStaff(inner, a));
      return [(await createStaff(tx, b)).id];
    });
    expect(ids).toEqual([b.id]);
    expect(await findStaffById(db, a.id)).not.toBeNull();
    await expect(escaped?.query('SELECT 1')).rejects.toThrow(/already ended/);
  });

  it('stores hostile and very long text verbatim and leaves the tables alone', async () => {
    for (const [i, text] of HOSTILE.entries()) {
      const short = HOSTILE_SHORT[i % HOSTILE_SHORT.length] ?? '';
      const staff = await createStaff(
        db,
        newStaff({ id: `${short}#${uid('s')}`, displayName: text, passwordHash: text }),
      );
      expect(await findStaffById(db, staff.id)).toMatchObject({ displayName: text, passwordHash: text });
      const username = `${short}#${uid('u')}`;
      await createStaff(db, newStaff({ username }));
      expect((await findStaffByUsername(db, username))?.username).toBe(username.toLowerCase());

      const merchantId = `${short}#${uid('m')}`;
      await createMerchant(db, { id: merchantId, displayName: text, shopName: text, phone: text, recoveryHash: text });
      expect(await findMerchantById(db, merchantId)).toMatchObject({ displayName: text, shopName: text, phone: text });

      const kind = `${short}#${uid('k')}`;
      const entry = await recordAudit(db, {
        actorKind: text,
        actorId: text,
        action: text,
        targetKind: kind,
        targetId: short,
        detail: { [text]: text, list: [text] },
      });
      expect(await listAudit(db, { targetKind: kind, targetId: short })).toEqual([entry]);
      expect(entry).toMatchObject({ actorKind: text, action: text, detail: { [text]: text, list: [text] } });

      const key = `${short}#${uid('t')}`;
      await recordFailure(db, key, { windowMs: 1000, maxFailures: 5, lockMs: 1000, now: new Date() });
      expect((await getThrottle(db, key))?.failures).toBe(1);
    }
    const [counts] = await db.query<{ staff: number; merchants: number }>(
      'SELECT (SELECT count(*)::int FROM staff) AS staff, (SELECT count(*)::int FROM merchants) AS merchants',
    );
    expect(counts?.staff).toBeGreaterThanOrEqual(HOSTILE.length * 2);
    expect(counts?.merchants).toBeGreaterThanOrEqual(HOSTILE.length);
  });

  it('refuses text it could not return verbatim (NUL, lone surrogates) with code invalid_text', async () => {
    for (const text of UNSTORABLE) {
      const invalid = { code: 'invalid_text' };
      await expect(createStaff(db, newStaff({ displayName: text }))).rejects.toMatchObject(invalid);
      await expect(findStaffByUsername(db, text)).rejects.toMatchObject(invalid);
      await expect(createMerchant(db, { ...newMerchant(), shopName: text })).rejects.toMatchObject(invalid);
      await expect(
        recordAudit(db, { actorKind: 'x', actorId: null, action: 'y', detail: { note: text } }),
      ).rejects.toMatchObject(invalid);
      await expect(
        recordAudit(db, { actorKind: 'x', actorId: null, action: 'y', detail: { [text]: 1 } }),
      ).rejects.toMatchObject(invalid);
      const policy = { windowMs: 1000, maxFailures: 5, lockMs: 1000, now: new Date() };
      await expect(recordFailure(db, text, policy)).rejects.toMatchObject(invalid);
    }
  });

  it('keeps its data after closing and reopening', async () => {
    const dir = tempDir();
    const first = await open(dir);
    const staff = await createStaff(first, newStaff());
    const merchant = await createMerchant(first, newMerchant());
    const entry = await recordAudit(first, { actorKind: 'staff', actorId: staff.id, action: 'a', targetKind: 'k' });
    const throttle = await recordFailure(first, 'key', {
      windowMs: 1000,
      maxFailures: 5,
      lockMs: 1000,
      now: new Date(),
    });
    await close(first);

    const second = await open(dir);
    expect(await findStaffById(second, staff.id)).toEqual(staff);
    expect(await findMerchantById(second, merchant.id)).toEqual(merchant);
    expect(await listAudit(second, { targetKind: 'k' })).toEqual([entry]);
    expect(await getThrottle(second, 'key')).toEqual(throttle);
    await close(second);
  });

  it.runIf(database.name === 'postgres')('lets several servers start at once on one fresh schema', async () => {
    const dir = tempDir();
    const handles = await Promise.all([open(dir), open(dir), open(dir), open(dir)]);
    const [first] = handles;
    const rows = await first!.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
    for (const handle of handles) await close(handle);
  });
});
