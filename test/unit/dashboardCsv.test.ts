import { describe, expect, it } from 'vitest';
import {
  CSV_BOM,
  csvCell,
  csvFileName,
  csvText,
  DASHBOARD_PERIOD_DAYS_MAX,
  parsePeriodQuery,
  periodDays,
  tableCsv,
  type DashboardTable,
} from '../../shared/dashboard.ts';
import { readCsv } from '../support/csv.ts';

/** The file as a spreadsheet opens it: the BOM first, every record ended, then the shared test reader. */
function parseCsv(text: string): string[][] {
  expect(text.startsWith(CSV_BOM)).toBe(true);
  const body = text.slice(CSV_BOM.length);
  expect(body === '' || body.endsWith('\r\n')).toBe(true);
  return readCsv(body);
}

describe('a CSV cell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+86 138', "'+86 138"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=cmd', "'\t=cmd"],
    ['\r=cmd', `"'\r=cmd"`],
    ['  =HYPERLINK("http://x","点我")', `"'  =HYPERLINK(""http://x"",""点我"")"`],
    ['＝1+1', "'＝1+1"],
    ['－5', "'－5"],
    ['-1', "'-1"],
  ])('makes %j safe: %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it.each([
    ['服务很好', '服务很好'],
    ['a,b', '"a,b"'],
    ['他说"好"', '"他说""好"""'],
    ['第一行\n第二行', '"第一行\n第二行"'],
    ['a-b=c', 'a-b=c'],
    ['', ''],
  ])('keeps %j as text: %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('keeps numbers numeric, negatives too, and writes nothing for null or a non-finite number', () => {
    expect(csvCell(12)).toBe('12');
    expect(csvCell(-3.5)).toBe('-3.5');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(Number.POSITIVE_INFINITY)).toBe('');
  });
});

describe('a CSV file', () => {
  it('starts with the BOM, ends every record with CRLF, and parses back to the same cells', () => {
    const hostile = ['=HYPERLINK("http://evil","x")', '+1', '-1', '@x', '\tx', 'a\r\nb', 'say "hi", then', '中文'];
    const text = csvText([['名称', '数量'], ...hostile.map((h, i) => [h, i - 3])]);
    expect(text.startsWith('\uFEFF名称,数量\r\n')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const back = parseCsv(text);
    expect(back[0]).toEqual(['名称', '数量']);
    back.slice(1).forEach((row, i) => {
      const original = hostile[i]!;
      // Dangerous starts come back with the one added quote mark, and nothing else changed.
      expect(row[0]).toBe(/^[=+\-@\t\r]/.test(original) ? `'${original}` : original);
      expect(Number(row[1])).toBe(i - 3);
    });
  });

  it("names a table's columns in Chinese and its labels by name", () => {
    const table: DashboardTable = {
      name: 'byService',
      title: { zh: '各服务', en: 'By service' },
      columns: [
        {
          key: 'service',
          name: { zh: '服务', en: 'Service' },
          kind: 'label',
          labels: { signboard: { zh: '招牌备案', en: 'Signboard filing' } },
        },
        { key: 'served', name: { zh: '办结人数', en: 'Served' }, kind: 'count' },
      ],
      rows: [
        ['signboard', 3],
        ['unknown', null],
      ],
      omitted: 0,
    };
    expect(tableCsv(table)).toBe('\uFEFF服务,办结人数\r\n招牌备案,3\r\nunknown,\r\n');
    expect(tableCsv(table, 'en')).toBe('\uFEFFService,Served\r\nSignboard filing,3\r\nunknown,\r\n');
    expect(csvFileName('byService', { from: '2026-01-01', to: '2026-01-31' })).toBe(
      'dashboard-byService-2026-01-01-2026-01-31.csv',
    );
  });
});

describe('a period query', () => {
  it('takes two calendar days in order, at most the longest period', () => {
    expect(parsePeriodQuery({ from: '2026-01-01', to: '2026-01-01' }, 366)).toEqual({
      ok: true,
      value: { from: '2026-01-01', to: '2026-01-01' },
    });
    expect(periodDays('2025-01-01', '2025-12-31')).toBe(365);
    expect(parsePeriodQuery({ from: '2024-01-01', to: '2024-12-31' }, DASHBOARD_PERIOD_DAYS_MAX).ok).toBe(true);
    expect(parsePeriodQuery({ from: '2024-01-01', to: '2025-01-01' }, DASHBOARD_PERIOD_DAYS_MAX)).toEqual({
      ok: false,
      fields: { to: 'too_long' },
    });
  });

  it('names each refused field', () => {
    expect(parsePeriodQuery({}, 366)).toEqual({ ok: false, fields: { from: 'required', to: 'required' } });
    expect(parsePeriodQuery({ from: '2026-02-30', to: ['2026-03-01'] }, 366)).toEqual({
      ok: false,
      fields: { from: 'invalid_day', to: 'invalid_day' },
    });
    expect(parsePeriodQuery({ from: '2026-03-02', to: '2026-03-01' }, 366)).toEqual({
      ok: false,
      fields: { to: 'before_from' },
    });
    expect(parsePeriodQuery({ from: '2026-03-01', to: '2026-03-01', table: 'x', __proto__x: 1 }, 366, true)).toEqual({
      ok: false,
      fields: { table: 'unknown_table', __proto__x: 'unknown_field' },
    });
    expect(parsePeriodQuery({ from: '2026-03-01', to: '2026-03-01', table: 'byHour' }, 366)).toEqual({
      ok: false,
      fields: { table: 'unknown_field' },
    });
    expect(parsePeriodQuery({ from: '2026-03-01', to: '2026-03-01', table: 'byHour' }, 366, true)).toEqual({
      ok: true,
      value: { from: '2026-03-01', to: '2026-03-01', table: 'byHour' },
    });
  });
});
