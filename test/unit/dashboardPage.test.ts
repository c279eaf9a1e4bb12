import { describe, expect, it } from 'vitest';
import type { DashboardTable } from '../../shared/dashboard.ts';
import { CHARTS, categoryText, chartData, chartOption, chartSummary } from '../../client/panels/dashboard/charts.ts';
import { presetOf, presetPeriod, shiftDay } from '../../client/panels/dashboard/periodPresets.ts';

const name = (zh: string, en: string) => ({ zh, en });
const spec = (key: string) => CHARTS.find((c) => c.key === key)!;

const byService: DashboardTable = {
  name: 'byService',
  title: name('按业务', 'By service'),
  columns: [
    { key: 'service', name: name('业务', 'Service'), kind: 'label', labels: { sign: name('招牌备案', 'Signboards') } },
    { key: 'served', name: name('办结', 'Served'), kind: 'count' },
    { key: 'noShows', name: name('未到', 'No-shows'), kind: 'count' },
    { key: 'waitMean', name: name('平均等候', 'Mean wait'), kind: 'minutes' },
    { key: 'waitMedian', name: name('等候中位数', 'Median wait'), kind: 'minutes' },
    { key: 'waitP90', name: name('等候P90', 'Wait P90'), kind: 'minutes' },
  ],
  rows: [
    ['sign', 4, 1, 12.5, 10, 20],
    ['other', 2, 0, null, null, null],
    ['permit', 3, 0, 4, 3.5, 8],
  ],
  omitted: 0,
};

const byDay: DashboardTable = {
  name: 'byDay',
  title: name('按日', 'By day'),
  columns: [
    { key: 'day', name: name('日期', 'Day'), kind: 'day' },
    { key: 'served', name: name('办结', 'Served'), kind: 'count' },
    { key: 'noShows', name: name('未到', 'No-shows'), kind: 'count' },
    { key: 'waitMean', name: name('平均等候', 'Mean wait'), kind: 'minutes' },
  ],
  rows: [
    ['2026-12-01', 5, 1, 3],
    ['2026-12-02', 7, 2, null],
  ],
  omitted: 0,
};

describe('the dashboard page: periods a lead picks with one press', () => {
  it('本周 starts on Monday, 本月 on the first, 近30天 thirty days back, each ending today', () => {
    // 2026-12-05 is a Saturday.
    expect(presetPeriod('week', '2026-12-05')).toEqual({ from: '2026-11-30', to: '2026-12-05' });
    expect(presetPeriod('week', '2026-11-30')).toEqual({ from: '2026-11-30', to: '2026-11-30' });
    expect(presetPeriod('week', '2026-12-06')).toEqual({ from: '2026-11-30', to: '2026-12-06' }); // a Sunday
    expect(presetPeriod('month', '2026-12-05')).toEqual({ from: '2026-12-01', to: '2026-12-05' });
    expect(presetPeriod('last30', '2026-03-01')).toEqual({ from: '2026-01-31', to: '2026-03-01' });
    expect(shiftDay('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('knows a period that is a preset, and one that is not', () => {
    expect(presetOf({ from: '2026-12-01', to: '2026-12-05' }, '2026-12-05')).toBe('month');
    expect(presetOf({ from: '2026-12-02', to: '2026-12-05' }, '2026-12-05')).toBeNull();
  });
});

describe('the dashboard page: charts drawn from the tables', () => {
  it('names the bars in the page language and leaves a missing figure out, not as zero', () => {
    const zh = chartData(spec('waitsByService'), byService, 'zh');
    expect(zh.categories).toEqual(['招牌备案', 'other', 'permit']);
    expect(zh.series.map((s) => s.name)).toEqual(['平均等候', '等候中位数', '等候P90']);
    expect(zh.series[0]!.values).toEqual([12.5, null, 4]);
    expect(chartData(spec('waitsByService'), byService, 'en').categories[0]).toBe('Signboards');
  });

  it('says the highest and the lowest of a measure, and the totals of counts', () => {
    const waits = chartSummary(spec('waitsByService'), chartData(spec('waitsByService'), byService, 'zh'));
    expect(waits).toEqual({
      kind: 'highLow',
      series: '平均等候',
      high: '招牌备案',
      highValue: 12.5,
      low: 'permit',
      lowValue: 4,
    });
    const days = chartSummary(spec('noShows'), chartData(spec('noShows'), byDay, 'en'));
    expect(days).toEqual({
      kind: 'totals',
      totals: [
        { name: 'Served', value: 12 },
        { name: 'No-shows', value: 3 },
      ],
    });
    const one = { ...byService, rows: [byService.rows[0]!] };
    expect(chartSummary(spec('waitsByService'), chartData(spec('waitsByService'), one, 'zh'))).toEqual({
      kind: 'one',
      series: '平均等候',
      label: '招牌备案',
      value: 12.5,
    });
    expect(chartSummary(spec('noShows'), chartData(spec('noShows'), { ...byDay, rows: [] }, 'zh'))).toEqual({
      kind: 'none',
    });
  });

  it('draws no-shows as a line over the people served, days and hours as short labels', () => {
    const option = chartOption(spec('noShows'), chartData(spec('noShows'), byDay, 'zh'), false);
    expect(option.series.map((s) => s.type)).toEqual(['bar', 'line']);
    expect(option.xAxis.data).toEqual(['12-01', '12-02']);
    expect(option.animation).toBe(false);
    expect(categoryText({ key: 'hour', name: name('时', 'Hour'), kind: 'hour' }, 9, 'zh')).toBe('09:00');
  });

  it('every chart reads a column its table has', async () => {
    const { PERIOD_COLUMNS } = await import('../../shared/dashboard.ts');
    for (const c of CHARTS) {
      const columns: readonly string[] = PERIOD_COLUMNS[c.table];
      expect(columns).toContain(c.category);
      for (const s of c.series) expect(columns).toContain(s);
    }
  });
});
