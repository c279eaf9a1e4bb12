import { describe, expect, it } from 'vitest';
import {
  CASE_FILE_PAGE_LIMITS,
  CURSOR_PATTERN,
  caseFilePageSchema,
  caseFileSearchSchema,
  CASE_FILE_QUERY_MAX,
  itemKey,
  keyMoment,
  pageOfFile,
  type PageLimits,
  type TimelineKind,
} from '../../shared/caseFile.ts';
import { seeded } from '../../shared/seeded.ts';

interface Item {
  key: string;
  text: string;
}

const at = (minute: number) => new Date(Date.UTC(2026, 4, 1, 9, minute)).toISOString();
const item = (minute: number, kind: TimelineKind, id: string, text = ''): Item => ({
  key: itemKey(keyMoment(at(minute)), kind, id),
  text,
});
const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v), 'utf8');

/**
 * What the store gives for one part of the file: its items after the cursor, newest first, at most the page's
 * count and one more.
 */
const readPart = (part: readonly Item[], after: string | null, limits: PageLimits) =>
  [...part]
    .filter((i) => after === null || i.key < after)
    .sort((a, b) => (a.key < b.key ? 1 : -1))
    .slice(0, limits.items + 1);

/** The whole file read page after page as the officer's "older" button does; each page as it came. */
function readAll(parts: readonly (readonly Item[])[], limits: PageLimits): Item[][] {
  const pages: Item[][] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 10_000; guard++) {
    const page: { items: Item[]; next: string | null } = pageOfFile(
      parts.map((p) => readPart(p, after, limits)),
      limits,
      after,
    );
    pages.push(page.items);
    if (page.next === null) return pages;
    after = page.next;
  }
  throw new Error('the file never ended');
}

describe('order keys', () => {
  it('sort as their moments do, to the millisecond, whatever the kind and id', () => {
    const early = itemKey(keyMoment('2026-05-01T09:00:00.001Z'), 'filing', 'zzz');
    const late = itemKey(keyMoment('2026-05-01T09:00:00.002Z'), 'caseOpened', '000');
    expect(early < late).toBe(true);
    expect(keyMoment('2026-12-31T23:59:59.999Z')).toBe('20261231235959999000');
    expect(early).toMatch(CURSOR_PATTERN);
  });

  it('stay in the cursor’s shape whatever an id holds', () => {
    for (const id of ['__proto__', '../../etc', '诉求-1', 'a b', '%_\\', 'x'.repeat(500)]) {
      const key = itemKey(keyMoment(at(1)), 'concern', id);
      expect(key).toMatch(CURSOR_PATTERN);
      expect(caseFilePageSchema.safeParse({ cursor: key }).success).toBe(true);
    }
    // Two ids never share a key: the kind's letter is part of it.
    expect(itemKey('1', 'deskVisit', '7')).not.toBe(itemKey('1', 'visitResult', '7'));
  });
});

describe('a page of the file', () => {
  it('merges every part newest first', () => {
    const cases = [item(1, 'caseOpened', 'c1'), item(30, 'caseOpened', 'c2')];
    const entries = [item(10, 'deskVisit', '1'), item(40, 'deskVisit', '2'), item(45, 'visitResult', '3')];
    const filings = [item(20, 'filing', 'f1')];
    const page = pageOfFile([cases, entries, filings]);
    expect(page.items.map((i) => i.key.split('/').slice(1).join('/'))).toEqual([
      'r/3',
      'd/2',
      'c/c2',
      'f/f1',
      'd/1',
      'c/c1',
    ]);
    expect(page.next).toBeNull();
  });

  it('holds at most its count and says where the next page starts', () => {
    const all = Array.from({ length: 7 }, (_, i) => item(i, 'deskVisit', String(i)));
    const limits = { items: 3, maxBytes: CASE_FILE_PAGE_LIMITS.maxBytes };
    const pages = readAll([all], limits);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat().map((i) => i.key)).toEqual(all.map((i) => i.key).reverse());
  });

  it('ends without an empty page when the last page is exactly full', () => {
    const all = Array.from({ length: 6 }, (_, i) => item(i, 'filing', `f${i}`));
    const pages = readAll([all], { items: 3, maxBytes: 1_000_000 });
    expect(pages.map((p) => p.length)).toEqual([3, 3]);
  });

  it('stops before the item that would cross its bytes, but always takes one', () => {
    const big = (minute: number) => item(minute, 'deskVisit', String(minute), '说'.repeat(400));
    const all = [big(1), big(2), big(3), big(4)];
    const one = bytes(all[0]);
    const limits = { items: 25, maxBytes: 2 + one * 2 + 1 };
    const pages = readAll([all], limits);
    expect(pages.map((p) => p.length)).toEqual([2, 2]);
    for (const p of pages) expect(bytes(p)).toBeLessThanOrEqual(limits.maxBytes);
    // An item larger than a page still gets a page of its own, so the file reads to its start.
    const tiny = readAll([all], { items: 25, maxBytes: 10 });
    expect(tiny.map((p) => p.length)).toEqual([1, 1, 1, 1]);
  });

  it('is empty for a merchant with no history', () => {
    expect(pageOfFile([[], [], []])).toEqual({ items: [], next: null });
  });

  it('leaves nothing out and shows nothing twice, however the parts and pages fall (seeded)', () => {
    const kinds: TimelineKind[] = ['caseOpened', 'deskVisit', 'visitResult', 'visitBooked', 'talk', 'filing'];
    for (let seed = 1; seed <= 60; seed++) {
      const rand = seeded(seed);
      const parts = kinds.map((kind, k) =>
        Array.from({ length: Math.floor(rand() * 30) }, (_, i) =>
          // Moments collide across parts on purpose: the kind and id still order them.
          item(Math.floor(rand() * 20), kind, `${k}-${i}`, 'x'.repeat(Math.floor(rand() * 3000))),
        ),
      );
      const limits = { items: 1 + Math.floor(rand() * 10), maxBytes: 200 + Math.floor(rand() * 8000) };
      const pages = readAll(parts, limits);
      const keys = pages.flat().map((i) => i.key);
      const expected = parts
        .flat()
        .map((i) => i.key)
        .sort()
        .reverse();
      expect(keys, `seed ${seed}`).toEqual(expected);
      for (const p of pages) {
        expect(p.length, `seed ${seed}`).toBeLessThanOrEqual(limits.items);
        if (p.length > 1) expect(bytes(p), `seed ${seed}`).toBeLessThanOrEqual(limits.maxBytes);
      }
    }
  });
});

describe('what a search and a cursor accept', () => {
  it('names the field and its code for each wrong search', () => {
    const code = (q: unknown) => {
      const r = caseFileSearchSchema.safeParse({ q });
      return r.success ? 'ok' : r.error.issues[0]!.message;
    };
    expect(code('老王面馆')).toBe('ok');
    expect(code('  ')).toBe('required');
    expect(code(undefined)).toBe('required');
    expect(code(['a', 'b'])).toBe('required');
    expect(code('x'.repeat(CASE_FILE_QUERY_MAX + 1))).toBe('too_long');
    expect(code('a\u0000b')).toBe('invalid');
    expect(code('\ud800')).toBe('invalid');
    expect(code('%_\\')).toBe('ok');
  });

  it('refuses a cursor of any other shape', () => {
    for (const cursor of ['', 'abc', "1' OR 1=1 --", `${'9'.repeat(20)}/d/${'a'.repeat(65)}`, 42, ['x']]) {
      expect(caseFilePageSchema.safeParse({ cursor }).success, String(cursor)).toBe(false);
    }
  });
});
