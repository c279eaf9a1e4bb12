import { describe, expect, it } from 'vitest';
import {
  DESK_HISTORY_MAX_BYTES,
  Outcome,
  RATING_FIGURES_MIN,
  type CaseEntry,
  type CaseSummary,
  type ChatLine,
} from '../../shared/queue.ts';
import {
  caseAfterTransfer,
  caseNumber,
  caseToContinue,
  currentOutcome,
  cutEnd,
  cutStart,
  DESK_HISTORY_LIMITS,
  deskHistory,
  guidanceInForce,
  latestLinesWithin,
  ratingFigures,
  statusAfter,
  type CaseRef,
} from '../../server/cases/rules.ts';
import { seeded } from '../../shared/seeded.ts';

const c = (id: string, service: string, status: CaseRef['status'], updatedAt: string): CaseRef => ({
  id,
  service,
  status,
  updatedAt,
});

describe('which case a desk visit continues', () => {
  const cases: CaseRef[] = [
    c('old-open', 'renovation', 'open', '2026-03-01T02:00:00.000Z'),
    c('newest-closed', 'renovation', 'closed', '2026-03-09T02:00:00.000Z'),
    c('new-open', 'renovation', 'open', '2026-03-05T02:00:00.000Z'),
    c('other-service', 'signboard', 'open', '2026-03-10T02:00:00.000Z'),
  ];

  it('prefers the case the ticket already carries', () => {
    expect(caseToContinue({ caseId: 'carried', service: 'renovation' }, cases)).toBe('carried');
    // Even when the merchant has no other case at all.
    expect(caseToContinue({ caseId: 'carried', service: 'renovation' }, [])).toBe('carried');
  });

  it('otherwise takes the newest open case of the same service', () => {
    expect(caseToContinue({ caseId: null, service: 'renovation' }, cases)).toBe('new-open');
    // The order the cases come in does not matter.
    expect(caseToContinue({ caseId: null, service: 'renovation' }, [...cases].reverse())).toBe('new-open');
    expect(caseToContinue({ caseId: null, service: 'signboard' }, cases)).toBe('other-service');
  });

  it('ignores closed cases and other services', () => {
    expect(
      caseToContinue({ caseId: null, service: 'renovation' }, [
        c('closed', 'renovation', 'closed', '2026-03-09T02:00:00.000Z'),
        c('other', 'signboard', 'open', '2026-03-09T02:00:00.000Z'),
      ]),
    ).toBeNull();
    expect(caseToContinue({ caseId: null, service: 'concerns' }, cases)).toBeNull();
    expect(caseToContinue({ caseId: null, service: 'renovation' }, [])).toBeNull();
  });

  it('does not reorder the list it is given', () => {
    const copy = [...cases];
    caseToContinue({ caseId: null, service: 'renovation' }, copy);
    expect(copy).toEqual(cases);
  });
});

describe('case status after a visit', () => {
  it('resolved and referred close the case; the others keep it open', () => {
    expect(statusAfter(Outcome.resolved)).toBe('closed');
    expect(statusAfter(Outcome.referred)).toBe('closed');
    expect(statusAfter(Outcome.followUpVisit)).toBe('open');
    expect(statusAfter(Outcome.awaitingDocuments)).toBe('open');
  });
});

describe('case numbers', () => {
  it('read BJ-YYYYMMDD-NNNN', () => {
    expect(caseNumber('2026-11-24', 7)).toBe('BJ-20261124-0007');
    expect(caseNumber('2026-03-01', 1)).toBe('BJ-20260301-0001');
    expect(caseNumber('2026-03-01', 1234)).toBe('BJ-20260301-1234');
    expect(caseNumber('2026-03-01', 12345)).toBe('BJ-20260301-12345');
  });
});

describe('a case when its ticket is transferred', () => {
  it('a case already begun follows the ticket, labelled with the new service', () => {
    expect(caseAfterTransfer({ caseId: 'begun' }, 'signboard')).toEqual({ id: 'begun', service: 'signboard' });
  });

  it('a ticket only called has no case to move; the next desk opens or continues one as usual', () => {
    expect(caseAfterTransfer({ caseId: null }, 'signboard')).toBeNull();
  });

  it('at the next desk the moved case is continued, not the merchant’s other open case of that service', () => {
    const cases: CaseRef[] = [
      c('begun', 'renovation', 'open', '2026-03-10T02:00:00.000Z'),
      c('older-sign', 'signboard', 'open', '2026-03-01T02:00:00.000Z'),
    ];
    const moved = caseAfterTransfer({ caseId: 'begun' }, 'signboard')!;
    const after = cases.map((x) => (x.id === moved.id ? { ...x, service: moved.service } : x));
    expect(caseToContinue({ caseId: 'begun', service: 'signboard' }, after)).toBe('begun');
    expect(after.find((x) => x.id === 'begun')!.service).toBe('signboard');
  });
});

describe('what an officer sees of their ratings', () => {
  it(`nothing below ${RATING_FIGURES_MIN} ratings: one rating shows no figure at all`, () => {
    expect(RATING_FIGURES_MIN).toBe(5);
    expect(ratingFigures([])).toBeNull();
    expect(ratingFigures([5])).toBeNull();
    expect(ratingFigures([1, 2, 3, 4])).toBeNull();
  });

  it('figures over whole groups only, oldest first, so one more rating changes nothing', () => {
    const five = ratingFigures([5, 5, 4, 3, 1]);
    expect(five).toEqual({ count: 5, average: 3.6, levels: { 1: 1, 2: 0, 3: 1, 4: 1, 5: 2 } });
    // A sixth to ninth rating, whatever its level, leaves the figures as they were.
    for (const extra of [[1], [5], [1, 1, 1, 1], [5, 2, 3, 4]]) {
      expect(ratingFigures([5, 5, 4, 3, 1, ...extra])).toEqual(five);
    }
    // The tenth brings in the next group of five at once.
    expect(ratingFigures([5, 5, 4, 3, 1, 2, 2, 2, 2, 2])).toEqual({
      count: 10,
      average: 2.8,
      levels: { 1: 1, 2: 5, 3: 1, 4: 1, 5: 2 },
    });
  });

  it('the group size is a parameter', () => {
    expect(ratingFigures([4, 4, 5], 3)).toEqual({ count: 3, average: 4.33, levels: { 1: 0, 2: 0, 3: 0, 4: 2, 5: 1 } });
    expect(ratingFigures([4, 4], 3)).toBeNull();
  });
});

const entry = (id: number, over: Partial<CaseEntry> = {}): CaseEntry => ({
  id,
  kind: 'desk',
  at: new Date(Date.UTC(2026, 2, 1, 2, id)).toISOString(),
  station: { date: '2026-03-01', time: `10:${String(id % 60).padStart(2, '0')}` },
  officerName: '李警官',
  deskId: 'desk-1',
  notes: `第${id}次办理`,
  checklist: [],
  outcome: Outcome.awaitingDocuments,
  visitStation: null,
  ...over,
});

describe('a case read as its entries', () => {
  it('its outcome is the latest desk visit’s; a door-to-door result leaves it as it stood', () => {
    expect(currentOutcome([])).toBeNull();
    expect(currentOutcome([entry(1), entry(2, { outcome: Outcome.followUpVisit })])).toBe(Outcome.followUpVisit);
    expect(
      currentOutcome([entry(1, { outcome: Outcome.followUpVisit }), entry(2, { kind: 'visit', outcome: null })]),
    ).toBe(Outcome.followUpVisit);
    expect(
      currentOutcome([entry(1, { outcome: Outcome.followUpVisit }), entry(2, { outcome: Outcome.resolved })]),
    ).toBe(Outcome.resolved);
  });

  it('the guidance in force is the latest desk visit’s checklist, whatever visits came after', () => {
    const first = entry(1, { checklist: ['设置围挡'] });
    const second = entry(2, { checklist: ['提交图纸', '安装净化器'] });
    const visit = entry(3, { kind: 'visit', outcome: null, checklist: [] });
    expect(guidanceInForce([first, second, visit])).toEqual(['提交图纸', '安装净化器']);
    expect(guidanceInForce([first])).toEqual(['设置围挡']);
    expect(guidanceInForce([visit])).toEqual([]);
  });
});

describe('cutting long texts', () => {
  it('keeps the start or the end, never splits a character, and leaves short texts alone', () => {
    expect(cutEnd('短', 5)).toBe('短');
    expect(cutEnd('一二三四五六', 4)).toBe('一二三…');
    expect(cutStart('一二三四五六', 4)).toBe('…四五六');
    // A character outside the BMP counts once and is never cut in half.
    expect(cutEnd('😀😀😀😀', 3)).toBe('😀😀…');
    expect(cutStart('😀😀😀😀', 3)).toBe('…😀😀');
  });
});

/** A deterministic generator, so a failing size is reproducible from its seed. */
const prng = seeded;

const summary = (i: number, description: string): CaseSummary => ({
  id: `case-${i}`,
  number: `BJ-20260301-${String(i).padStart(4, '0')}`,
  service: 'renovation',
  status: 'open',
  outcome: Outcome.awaitingDocuments,
  description,
  createdAt: new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString(),
  updatedAt: new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString(),
});

const size = (v: unknown) => Buffer.byteLength(JSON.stringify(v), 'utf8');

describe('the earlier cases the desk view carries', () => {
  it('a short history goes whole, newest case first, entries oldest first', () => {
    const cases = [
      { ...summary(1, '旧事项'), entries: [entry(1), entry(2)] },
      { ...summary(2, '新事项'), entries: [entry(3)] },
    ];
    const { history, historyTotal } = deskHistory(cases);
    expect(historyTotal).toBe(2);
    expect(history.map((c) => c.id)).toEqual(['case-2', 'case-1']);
    expect(history[1]!.entries.map((e) => e.id)).toEqual([1, 2]);
    expect(history[1]!.entryCount).toBe(2);
    expect(history.flatMap((c) => c.entries).some((e) => e.shortened)).toBe(false);
  });

  it('a case of 50 visits with full notes and checklists stays within the byte limit; the latest entries stay', () => {
    const long = '长'.repeat(2000);
    const entries = Array.from({ length: 50 }, (_, i) =>
      entry(i + 1, { notes: long, checklist: Array.from({ length: 30 }, (_, j) => `${j}`.padEnd(200, '项')) }),
    );
    const cases = [{ ...summary(1, '事项\n'.repeat(500)), entries }];
    expect(size(cases)).toBeGreaterThan(32 * 1024);
    const { history } = deskHistory(cases);
    expect(size(history)).toBeLessThanOrEqual(DESK_HISTORY_MAX_BYTES);
    const [c] = history;
    expect(c!.entryCount).toBe(50);
    expect(c!.entries.length).toBeGreaterThan(0);
    expect(c!.entries.at(-1)!.id).toBe(50);
    expect(c!.entries.every((e) => e.shortened)).toBe(true);
    expect([...c!.entries[0]!.notes].length).toBe(DESK_HISTORY_LIMITS.textMax);
    expect(c!.entries[0]!.checklist).toHaveLength(DESK_HISTORY_LIMITS.checklistItems);
    // The matter keeps its end: the latest visit's words.
    expect(c!.description.startsWith('…')).toBe(true);
  });

  it('whatever the history, it never exceeds the limit and drops the oldest material first', () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const rnd = prng(seed);
      const text = (max: number) => '字\u0001"'.repeat(Math.floor(rnd() * max));
      const cases = Array.from({ length: 1 + Math.floor(rnd() * 40) }, (_, i) => ({
        ...summary(i, text(400)),
        entries: Array.from({ length: Math.floor(rnd() * 8) }, (_, j) =>
          entry(i * 100 + j, {
            notes: text(800),
            checklist: Array.from({ length: Math.floor(rnd() * 30) }, () => text(70)),
          }),
        ),
      }));
      const { history, historyTotal } = deskHistory(cases);
      expect(size(history), `seed ${seed}`).toBeLessThanOrEqual(DESK_HISTORY_MAX_BYTES);
      expect(historyTotal).toBe(cases.length);
      expect(history.length).toBeLessThanOrEqual(DESK_HISTORY_LIMITS.cases);
      // Newest cases kept; within each, the entries shown are its latest ones, in order.
      const ids = history.map((c) => c.id);
      const newest = [...cases].reverse().map((c) => c.id);
      expect(ids, `seed ${seed}`).toEqual(newest.slice(0, ids.length));
      for (const c of history) {
        const all = cases.find((x) => x.id === c.id)!.entries.map((e) => e.id);
        expect(c.entries.map((e) => e.id)).toEqual(all.slice(all.length - c.entries.length));
        expect(c.entryCount).toBe(all.length);
      }
      // An older case loses its entries before a newer one loses any.
      const firstEmpty = history.findIndex(
        (c, i) => c.entries.length === 0 && cases[cases.length - 1 - i]!.entries.length,
      );
      if (firstEmpty >= 0) {
        for (const c of history.slice(firstEmpty + 1)) expect(c.entries).toEqual([]);
      }
    }
  });
});

describe('the desk conversation when it opens', () => {
  const line = (id: number, text: string): ChatLine => ({ id, from: 'merchant', text, at: '2026-03-01T02:00:00.000Z' });

  it('holds the latest lines within the limit, oldest of them first', () => {
    const lines = Array.from({ length: 200 }, (_, i) => line(i + 1, `第${i + 1}句`.padEnd(500, '话')));
    const kept = latestLinesWithin(lines, 16 * 1024);
    expect(size(kept)).toBeLessThanOrEqual(16 * 1024);
    expect(kept.at(-1)!.id).toBe(200);
    expect(kept.map((l) => l.id)).toEqual(lines.slice(200 - kept.length).map((l) => l.id));
    // One more line would not have fitted.
    expect(size(lines.slice(200 - kept.length - 1))).toBeGreaterThan(16 * 1024);
  });

  it('a short conversation comes whole', () => {
    const lines = [line(1, '你好'), line(2, '请问')];
    expect(latestLinesWithin(lines, 16 * 1024)).toEqual(lines);
    expect(latestLinesWithin([], 16 * 1024)).toEqual([]);
  });
});
