import { describe, expect, it } from 'vitest';
import { PERIOD_COLUMNS } from '../../shared/dashboard.ts';
import {
  commentTable,
  concernsDue,
  concernTable,
  daysOf,
  deadlineOutcome,
  DURATION_BUCKET_MS,
  DURATION_BUCKETS,
  durationBucket,
  filingTable,
  histogramQuantile,
  histogramSummary,
  quantile,
  dayOffsets,
  ratingTables,
  stationHours,
  summarise,
  ticketTables,
  todayServices,
  type Bucket,
  type Histogram,
  type RatingFact,
  type TicketGroup,
} from '../../server/dashboard/rules.ts';
import { seeded } from '../../shared/seeded.ts';

const MIN = 60_000;
const HOUR = 3_600_000;
const TZ = 'Asia/Shanghai';
/** 2026-03-02 09:00 in Shanghai (01:00 UTC). */
const NINE = Date.UTC(2026, 2, 2, 1, 0);

const column = (t: { columns: { key: string }[]; rows: unknown[][] }, row: number, key: string) =>
  t.rows[row]![t.columns.findIndex((c) => c.key === key)];

describe('summaries', () => {
  it('interpolates quantiles between ranks as percentile_cont does', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9)).toBeCloseTo(91);
  });

  it('gives mean, median and 90th percentile of values in any order, nulls for none', () => {
    expect(summarise([30, 10, 20])).toEqual({ mean: 20, median: 20, p90: 28 });
    expect(summarise([])).toEqual({ mean: null, median: null, p90: null });
  });
});

/** What the store reads for some values: their count, sum, and per bucket the count, smallest and largest. */
function histogramOf(values: readonly number[]): Histogram {
  const buckets = new Map<number, Bucket>();
  for (const v of values) {
    const b = buckets.get(durationBucket(v));
    if (b) buckets.set(durationBucket(v), { count: b.count + 1, min: Math.min(b.min, v), max: Math.max(b.max, v) });
    else buckets.set(durationBucket(v), { count: 1, min: v, max: v });
  }
  // In no particular order, as a hash aggregate returns them.
  return { count: values.length, sum: values.reduce((s, v) => s + v, 0), buckets: [...buckets.values()].reverse() };
}

describe('summaries from histograms', () => {
  it('read medians and 90th percentiles within one bucket of the exact ones, means exactly', () => {
    let worst = 0;
    let errors = 0;
    let compared = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const random = seeded(seed);
      const n = 1 + Math.floor(random() * (seed % 3 === 0 ? 5 : 3000));
      const shape = seed % 4;
      const values = Array.from({ length: n }, () => {
        const r = random();
        // Skewed waits, even service times, whole seconds (many equal values), and a few early calls below zero.
        if (shape === 0) return (1 + 30 * r * r) * MIN;
        if (shape === 1) return (3 + 22 * r) * MIN;
        if (shape === 2) return Math.round(r * 40) * 1000;
        return (r - 0.05) * 3 * HOUR;
      });
      const exact = summarise(values);
      const read = histogramSummary(histogramOf(values));
      expect(read.mean).toBeCloseTo(exact.mean!, 6);
      for (const key of ['median', 'p90'] as const) {
        const error = Math.abs(read[key]! - exact[key]!);
        expect(error, `seed ${seed}, ${key}`).toBeLessThan(DURATION_BUCKET_MS);
        worst = Math.max(worst, error);
        errors += error;
        compared += 1;
      }
    }
    // Values spread evenly within a bucket are read far closer than its width.
    expect(errors / compared).toBeLessThan(DURATION_BUCKET_MS / 10);
    expect(worst).toBeGreaterThan(0);
  });

  it("is exact where the ranks fall on a bucket's smallest or largest value", () => {
    expect(histogramSummary(histogramOf([]))).toEqual({ mean: null, median: null, p90: null });
    expect(histogramSummary(histogramOf([7 * MIN]))).toEqual({ mean: 7 * MIN, median: 7 * MIN, p90: 7 * MIN });
    const spread = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((m) => m * MIN);
    expect(histogramSummary(histogramOf(spread))).toEqual(summarise(spread));
    // Waits of 2 and 6 minutes: the median halfway, the 90th percentile at 5.6 minutes, as percentile_cont says.
    expect(histogramSummary(histogramOf([2 * MIN, 6 * MIN]))).toEqual({
      mean: 4 * MIN,
      median: 4 * MIN,
      p90: 5.6 * MIN,
    });
  });

  it('counts a day and more in the top bucket, whose smallest and largest stay exact', () => {
    expect(durationBucket(0)).toBe(0);
    expect(durationBucket(DURATION_BUCKET_MS - 1)).toBe(0);
    expect(durationBucket(-1)).toBe(-1);
    expect(durationBucket(30 * HOUR)).toBe(DURATION_BUCKETS);
    const h = histogramOf([MIN, 25 * HOUR, 40 * HOUR]);
    expect(h.buckets).toHaveLength(2);
    expect(histogramQuantile(h.buckets, 1)).toBe(40 * HOUR);
    expect(histogramQuantile(h.buckets, 0.5)).toBe(25 * HOUR);
    expect(histogramQuantile(h.buckets, 0)).toBe(MIN);
  });
});

describe("the station's hour", () => {
  it('reads hours on the station clock, not UTC', () => {
    const hourOf = stationHours(TZ);
    expect(hourOf(NINE)).toBe(9);
    expect(hourOf(NINE + 15 * HOUR)).toBe(0);
    expect(hourOf(NINE - 2 * MIN)).toBe(8);
  });

  it('follows a daylight-saving change', () => {
    const hourOf = stationHours('Europe/Berlin');
    // 2026-03-29: clocks go from 02:00 to 03:00 at 01:00 UTC.
    expect(hourOf(Date.UTC(2026, 2, 29, 0, 30))).toBe(1);
    expect(hourOf(Date.UTC(2026, 2, 29, 1, 30))).toBe(3);
  });
});

describe('ticket tables', () => {
  const group = (served: number, noShows: number, wait: number[], spent: number[]): TicketGroup => ({
    served,
    noShows,
    wait: summarise(wait.map((m) => m * MIN)),
    service: summarise(spent.map((m) => m * MIN)),
  });
  const t = ticketTables(
    {
      byDay: new Map([
        ['2026-03-02', group(2, 1, [4, 8, 12], [10, 20])],
        ['2026-03-03', group(1, 0, [1], [5])],
        ['2026-04-01', group(9, 9, [1], [1])],
      ]),
      byService: new Map([
        ['renovation', group(2, 1, [4, 8, 12], [10, 20])],
        ['signboard', group(1, 0, [1], [5])],
        ['retired', group(1, 0, [], [])],
      ]),
      byHour: new Map([
        [10, group(0, 1, [12], [])],
        [9, group(3, 0, [4, 8, 1], [10, 20, 5])],
      ]),
    },
    '2026-03-01',
    '2026-03-03',
  );

  it('gives served, no-shows, waits and service times per service, every service the hall offers first', () => {
    expect(t.byService.columns.map((c) => c.key)).toEqual(PERIOD_COLUMNS.byService);
    expect(t.byService.rows.map((r) => r[0])).toEqual([
      'renovation',
      'signboard',
      'concerns',
      'consultation',
      'retired',
    ]);
    expect(t.byService.rows[0]).toEqual(['renovation', 2, 1, 8, 8, 11.2, 15, 15, 19]);
    expect(t.byService.rows[1]).toEqual(['signboard', 1, 0, 1, 1, 1, 5, 5, 5]);
    expect(t.byService.rows[3]).toEqual(['consultation', 0, 0, ...Array(6).fill(null)]);
    expect(t.byService.columns[0]!.labels?.renovation?.zh).toBe('装修指导');
  });

  it('lists every day of the period, an empty one too, and no day outside it', () => {
    expect(daysOf('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(t.byDay.rows).toEqual([
      ['2026-03-01', 0, 0, null],
      ['2026-03-02', 2, 1, 8],
      ['2026-03-03', 1, 0, 1],
    ]);
  });

  it('lists the hours in order', () => {
    expect(t.byHour.rows.map((r) => r[0])).toEqual([9, 10]);
    expect(column(t.byHour, 0, 'served')).toBe(3);
    expect(column(t.byHour, 0, 'waitMean')).toBeCloseTo(4.3, 5);
    expect(column(t.byHour, 1, 'noShows')).toBe(1);
    expect(column(t.byHour, 1, 'serviceMean')).toBeNull();
  });

  it("reads each day's offset at the station's noon, across a daylight-saving change", () => {
    expect(dayOffsets(['2026-03-02'], TZ)).toEqual([8 * HOUR]);
    expect(dayOffsets(['2026-03-28', '2026-03-29', '2026-10-25'], 'Europe/Berlin')).toEqual([HOUR, 2 * HOUR, HOUR]);
  });
});

describe('ratings', () => {
  const r = (over: Partial<RatingFact>): RatingFact => ({
    at: NINE,
    service: 'renovation',
    officerId: 's-li',
    officerName: '李警官',
    level: 5,
    comment: '',
    ...over,
  });
  const facts = [
    r({ level: 5, comment: '很耐心' }),
    r({ level: 4, at: NINE + HOUR }),
    r({
      level: 1,
      service: 'signboard',
      officerId: 's-wang',
      officerName: '王警官',
      comment: '=1+1',
      at: NINE + 2 * HOUR,
    }),
  ];

  it('per service and per officer: count, mean level and each level', () => {
    const t = ratingTables({
      byService: new Map([['renovation', [0, 0, 0, 1, 1] as const]]),
      byOfficer: [
        { name: '王警官', levels: [1, 0, 0, 0, 0] },
        { name: '李警官', levels: [0, 0, 0, 1, 1] },
      ],
    });
    expect(t.ratingsByService.rows.find((x) => x[0] === 'renovation')).toEqual(['renovation', 2, 4.5, 0, 0, 0, 1, 1]);
    expect(t.ratingsByService.rows.find((x) => x[0] === 'concerns')).toEqual(['concerns', 0, null, 0, 0, 0, 0, 0]);
    expect(t.ratingsByOfficer.rows).toEqual([
      ['李警官', 2, 4.5, 0, 0, 0, 1, 1],
      ['王警官', 1, 1, 1, 0, 0, 0, 0],
    ]);
  });

  it('lists comments newest first, within the limit, never who wrote them', () => {
    const dayOf = () => '2026-03-02';
    const t = commentTable(facts, 10, dayOf);
    expect(t.rows).toEqual([
      ['2026-03-02', 'signboard', '王警官', 1, '=1+1'],
      ['2026-03-02', 'renovation', '李警官', 5, '很耐心'],
    ]);
    expect(t.omitted).toBe(0);
    const cut = commentTable(facts, 1, dayOf);
    expect(cut.rows).toHaveLength(1);
    expect(cut.omitted).toBe(1);
    // The store reads only the newest and counts the rest.
    expect(commentTable(facts, 10, dayOf, 40).omitted).toBe(38);
  });
});

describe('concern deadlines', () => {
  const by = NINE + 24 * HOUR;
  it('judges each deadline: on time, late, or still open', () => {
    expect(deadlineOutcome(by - 1, by, null, by + HOUR)).toBe('onTime');
    expect(deadlineOutcome(by, by, null, by + HOUR)).toBe('onTime');
    expect(deadlineOutcome(by + 1, by, null, by + HOUR)).toBe('late');
    expect(deadlineOutcome(null, by, null, by - 1)).toBe('open');
    expect(deadlineOutcome(null, by, null, by)).toBe('late');
    expect(deadlineOutcome(by - HOUR, by, by, by + HOUR)).toBe('late');
  });

  it('counts per category, with the share answered on time of those judged', () => {
    const noise = { id: 'noise', zh: '噪音', en: 'Noise' };
    const base = {
      category: noise,
      contactBy: by,
      contactLateAt: null,
      answerBy: by + 4 * 24 * HOUR,
      answerLateAt: null,
    };
    const t = concernTable(
      [
        { ...base, contactedAt: by - HOUR, answeredAt: by },
        { ...base, contactedAt: by + HOUR, answeredAt: base.answerBy + 1 },
        { ...base, contactedAt: null, answeredAt: null },
        { ...base, category: { id: 'parking', zh: '停车', en: 'Parking' }, contactedAt: null, answeredAt: null },
      ],
      by + HOUR,
    );
    expect(t.rows).toEqual([
      ['noise', 3, 1, 2, 0, 1, 1, 1, 50],
      ['parking', 1, 0, 1, 0, 0, 0, 1, null],
    ]);
    expect(t.columns[0]!.labels).toEqual({
      noise: { zh: '噪音', en: 'Noise' },
      parking: { zh: '停车', en: 'Parking' },
    });
  });

  it('today: open concerns by their nearest deadline, due later today or passed', () => {
    const endOfToday = NINE + 15 * HOUR;
    expect(
      concernsDue(
        [
          { contactBy: NINE + HOUR, answerBy: NINE + 100 * HOUR },
          { contactBy: null, answerBy: NINE - 1 },
          { contactBy: NINE - HOUR, answerBy: NINE + HOUR },
          { contactBy: null, answerBy: endOfToday + 1 },
        ],
        NINE,
        endOfToday,
      ),
    ).toEqual({ concernsDueToday: 1, concernsOverdue: 2 });
  });
});

describe('filing turnaround', () => {
  it('from received to the first decision, per decision and in all, with those undecided counted', () => {
    const t = filingTable([
      { submittedAt: 0, decidedAt: 2 * HOUR, decision: 'filed' },
      { submittedAt: 0, decidedAt: 4 * HOUR, decision: 'filed' },
      { submittedAt: 0, decidedAt: 30 * MIN, decision: 'changesRequested' },
      { submittedAt: 0, decidedAt: null, decision: null },
    ]);
    expect(t.rows).toEqual([
      ['changesRequested', 1, 0.5, 0.5, 0.5],
      ['acceptedWithItems', 0, null, null, null],
      ['visitBooked', 0, null, null, null],
      ['filed', 2, 3, 3, 3.8],
      ['all', 3, 2.2, 2, 3.6],
      ['undecided', 1, null, null, null],
    ]);
  });
});

describe('today', () => {
  it('counts who waits per service and the longest wait now', () => {
    const now = NINE + HOUR;
    expect(
      todayServices(
        [
          { service: 'renovation', waitingSince: [NINE + 30 * MIN, NINE + 50 * MIN] },
          { service: 'signboard', waitingSince: [] },
          { service: 'concerns', waitingSince: [NINE + 45 * MIN] },
        ],
        now,
      ),
    ).toEqual({
      services: [
        { service: 'renovation', waiting: 2, longestWaitMinutes: 30 },
        { service: 'signboard', waiting: 0, longestWaitMinutes: null },
        { service: 'concerns', waiting: 1, longestWaitMinutes: 15 },
      ],
      longestWaitMinutes: 30,
    });
    expect(todayServices([{ service: 'renovation', waitingSince: [] }], now).longestWaitMinutes).toBeNull();
  });
});
