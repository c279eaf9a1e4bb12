import type { Cell, DashboardPeriod, DashboardTable, PeriodTable, TableColumn } from '../../../shared/dashboard.ts';
import { cellShown } from '../../../shared/dashboard.ts';
import type { Localized } from '../../../shared/layout.ts';

/** The page's language as the contract names it. */
export type Lang = keyof Localized;

/** What a chart measures, for its axis: minutes, a rating level, or a count of people. */
export type ChartUnit = 'minutes' | 'level' | 'count';

/**
 * One chart of the period, drawn from one table: which column names the bars (or the points), which columns
 * are its series, how they are drawn. The table itself is shown beside it, as the accessible form.
 */
export interface ChartSpec {
  key: string;
  table: PeriodTable;
  category: string;
  series: readonly string[];
  kind: 'bar' | 'line';
  unit: ChartUnit;
  /** Series drawn as a line over the bars (no-shows over the people served). */
  lineSeries?: readonly string[];
}

/** The charts of a period, in the order the page shows them. */
export const CHARTS: readonly ChartSpec[] = [
  {
    key: 'waitsByService',
    table: 'byService',
    category: 'service',
    series: ['waitMean', 'waitMedian', 'waitP90'],
    kind: 'bar',
    unit: 'minutes',
  },
  {
    key: 'serviceTimesByService',
    table: 'byService',
    category: 'service',
    series: ['serviceMean', 'serviceMedian', 'serviceP90'],
    kind: 'bar',
    unit: 'minutes',
  },
  {
    key: 'byHour',
    table: 'byHour',
    category: 'hour',
    series: ['waitMean', 'serviceMean'],
    kind: 'line',
    unit: 'minutes',
  },
  {
    key: 'noShows',
    table: 'byDay',
    category: 'day',
    series: ['served', 'noShows'],
    kind: 'bar',
    unit: 'count',
    lineSeries: ['noShows'],
  },
  {
    key: 'ratingsByService',
    table: 'ratingsByService',
    category: 'service',
    series: ['levelMean'],
    kind: 'bar',
    unit: 'level',
  },
  {
    key: 'ratingsByOfficer',
    table: 'ratingsByOfficer',
    category: 'officer',
    series: ['levelMean'],
    kind: 'bar',
    unit: 'level',
  },
];

/** A chart's table in the period, if the period has it (a plain officer's never has the per-officer one). */
export function tableOf(period: DashboardPeriod, name: PeriodTable): DashboardTable | undefined {
  return period.tables.find((t) => t.name === name);
}

function columnOf(table: DashboardTable, key: string): { index: number; column: TableColumn } | null {
  const index = table.columns.findIndex((c) => c.key === key);
  return index < 0 ? null : { index, column: table.columns[index]! };
}

/** A cell as a chart's axis names it: a label by its name, an hour as 09:00, a day as 12-05. */
export function categoryText(column: TableColumn, cell: Cell, lang: Lang): string {
  if (cell === null) return '';
  if (column.kind === 'hour' && typeof cell === 'number') return `${String(cell).padStart(2, '0')}:00`;
  if (column.kind === 'day' && typeof cell === 'string') return cell.slice(5);
  return String(cellShown(column, cell, lang));
}

/** The figures a chart draws: the categories along its axis and one named series per column. */
export interface ChartData {
  categories: string[];
  series: { key: string; name: string; values: (number | null)[] }[];
}

export function chartData(spec: ChartSpec, table: DashboardTable, lang: Lang): ChartData {
  const category = columnOf(table, spec.category);
  if (!category) return { categories: [], series: [] };
  const categories = table.rows.map((row) => categoryText(category.column, row[category.index] ?? null, lang));
  const series = spec.series.flatMap((key) => {
    const c = columnOf(table, key);
    if (!c) return [];
    const values = table.rows.map((row) => {
      const v = row[c.index];
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    });
    return [{ key, name: c.column.name[lang], values }];
  });
  return { categories, series };
}

/** What a summary says of a chart: its first series' highest and lowest, or the totals of counts. */
export type ChartSummary =
  | { kind: 'none' }
  | { kind: 'one'; series: string; label: string; value: number }
  | { kind: 'highLow'; series: string; high: string; highValue: number; low: string; lowValue: number }
  | { kind: 'totals'; totals: { name: string; value: number }[] };

export function chartSummary(spec: ChartSpec, data: ChartData): ChartSummary {
  const first = data.series[0];
  const points = first
    ? first.values.flatMap((v, i) => (v === null ? [] : [{ label: data.categories[i] ?? '', value: v }]))
    : [];
  if (!first || points.length === 0) return { kind: 'none' };
  if (spec.unit === 'count') {
    return {
      kind: 'totals',
      totals: data.series.map((s) => ({ name: s.name, value: s.values.reduce<number>((sum, v) => sum + (v ?? 0), 0) })),
    };
  }
  if (points.length === 1) return { kind: 'one', series: first.name, label: points[0]!.label, value: points[0]!.value };
  // The first highest and the first lowest, in the table's order.
  const high = points.reduce((a, b) => (b.value > a.value ? b : a));
  const low = points.reduce((a, b) => (b.value < a.value ? b : a));
  return {
    kind: 'highLow',
    series: first.name,
    high: high.label,
    highValue: high.value,
    low: low.label,
    lowValue: low.value,
  };
}

/** Colours that stay apart for the common colour blindnesses (Okabe–Ito), on the card's white. */
const COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9'];

/** The width a chart's plot has on a 412 px phone, inside the card and the axis labels (px). */
const PHONE_PLOT_PX = 300;

/**
 * The ECharts option for a chart (plain data, so it is built and tested without the library): a grid that
 * keeps its labels inside a phone's width, a legend when there is more than one series (the columns' names
 * carry their units: 平均等候（分钟）).
 */
export function chartOption(spec: ChartSpec, data: ChartData, animate: boolean) {
  const lines = new Set(spec.lineSeries ?? []);
  const many = data.series.length > 1;
  const named = spec.category === 'service' || spec.category === 'officer';
  return {
    animation: animate,
    color: COLOURS,
    grid: { left: 8, right: 12, top: many ? 36 : 24, bottom: 8, containLabel: true },
    legend: many ? { top: 0, type: 'scroll' as const } : undefined,
    tooltip: { trigger: 'axis' as const },
    xAxis: {
      type: 'category' as const,
      data: data.categories,
      // Named bars (services, officers) each keep their name, broken over lines within a phone's share of
      // the width; days and hours leave out what would overlap.
      axisLabel: named
        ? {
            interval: 0,
            width: Math.max(48, Math.floor(PHONE_PLOT_PX / Math.max(1, data.categories.length))),
            overflow: 'break' as const,
          }
        : { hideOverlap: true, interval: 'auto' as const },
    },
    yAxis: {
      type: 'value' as const,
      ...(spec.unit === 'level' ? { min: 0, max: 5 } : {}),
      ...(spec.unit === 'count' ? { minInterval: 1 } : {}),
    },
    series: data.series.map((s) => ({
      name: s.name,
      type: spec.kind === 'line' || lines.has(s.key) ? ('line' as const) : ('bar' as const),
      data: s.values,
      connectNulls: false,
      ...(spec.kind === 'bar' && !lines.has(s.key) ? { barMaxWidth: 28 } : { symbolSize: 6 }),
    })),
  };
}
export type ChartOption = ReturnType<typeof chartOption>;
