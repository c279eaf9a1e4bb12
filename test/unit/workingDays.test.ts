import { describe, expect, it } from 'vitest';
import { addWorkingDays, isDueToday, isOverdue, isWorkingDay, stationInstant } from '../../shared/workingDays.ts';

const SH = 'Asia/Shanghai';
const NY = 'America/New_York';
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('working days on the station calendar', () => {
  it('knows Monday to Friday from the weekend', () => {
    // 2026-03-02 is a Monday.
    expect(['02', '03', '04', '05', '06', '07', '08'].map((d) => isWorkingDay(`2026-03-${d}`))).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('keeps the time of day and skips the weekend (Shanghai)', () => {
    // Friday 17:00 in Shanghai + 1 is Monday 17:00.
    expect(iso(addWorkingDays(at('2026-03-06T17:00:00+08:00'), 1, SH))).toBe('2026-03-09T09:00:00.000Z');
    // Monday 10:00 + 5 is the next Monday 10:00; Wednesday + 5 crosses one weekend.
    expect(iso(addWorkingDays(at('2026-03-02T10:00:00+08:00'), 5, SH))).toBe('2026-03-09T02:00:00.000Z');
    expect(iso(addWorkingDays(at('2026-03-04T15:30:00+08:00'), 5, SH))).toBe('2026-03-11T07:30:00.000Z');
    // Thursday + 1 stays in the week.
    expect(iso(addWorkingDays(at('2026-03-05T08:00:00+08:00'), 1, SH))).toBe('2026-03-06T00:00:00.000Z');
  });

  it('counts something received at the weekend from the start of Monday', () => {
    expect(iso(addWorkingDays(at('2026-03-07T10:00:00+08:00'), 1, SH))).toBe('2026-03-09T16:00:00.000Z'); // Tue 00:00
    expect(iso(addWorkingDays(at('2026-03-08T23:59:00+08:00'), 5, SH))).toBe('2026-03-15T16:00:00.000Z'); // next Mon 00:00
  });

  it("uses the station's day, not UTC's, at the day boundary", () => {
    // Friday 23:30 UTC is already Saturday 07:30 in Shanghai: counted from Monday.
    expect(iso(addWorkingDays(at('2026-03-06T23:30:00Z'), 1, SH))).toBe('2026-03-09T16:00:00.000Z');
    // Sunday 16:00 UTC is Monday 00:00 in Shanghai: a working day from its first minute.
    expect(iso(addWorkingDays(at('2026-03-08T16:00:00Z'), 1, SH))).toBe('2026-03-09T16:00:00.000Z');
    // One millisecond earlier is still Sunday there, and counted from Monday 00:00 as well.
    expect(iso(addWorkingDays(at('2026-03-08T15:59:59.999Z'), 1, SH))).toBe('2026-03-09T16:00:00.000Z');
  });

  it('keeps the wall-clock time across a daylight-saving change (New York, 8 March 2026)', () => {
    // Friday 10:00 EST (UTC-5) + 1 is Monday 10:00 EDT (UTC-4): 23 hours of the weekend are an hour shorter.
    expect(iso(addWorkingDays(at('2026-03-06T10:00:00-05:00'), 1, NY))).toBe('2026-03-09T14:00:00.000Z');
    // …and back in November: Friday 10:00 EDT + 1 is Monday 10:00 EST.
    expect(iso(addWorkingDays(at('2026-10-30T10:00:00-04:00'), 1, NY))).toBe('2026-11-02T15:00:00.000Z');
    // Seconds and milliseconds are kept.
    expect(iso(addWorkingDays(at('2026-03-06T10:00:42.5-05:00'), 1, NY))).toBe('2026-03-09T14:00:42.500Z');
  });

  it('reads a skipped time past the change and a doubled time as its first occurrence', () => {
    expect(iso(stationInstant('2026-03-08', '02:30', NY))).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
    expect(iso(stationInstant('2026-11-01', '01:30', NY))).toBe('2026-11-01T05:30:00.000Z'); // 01:30 EDT
    expect(iso(stationInstant('2026-11-01', '03:00', NY))).toBe('2026-11-01T08:00:00.000Z'); // 03:00 EST
    expect(iso(stationInstant('2026-03-09', '00:00', SH))).toBe('2026-03-08T16:00:00.000Z');
  });

  it('is overdue from the deadline’s own millisecond, and due today only on its day', () => {
    const deadline = at('2026-03-09T17:00:00+08:00');
    expect(isOverdue(deadline, deadline - 1)).toBe(false);
    expect(isOverdue(deadline, deadline)).toBe(true);
    expect(isDueToday(deadline, at('2026-03-09T00:00:00+08:00'), SH)).toBe(true);
    expect(isDueToday(deadline, at('2026-03-08T23:59:59+08:00'), SH)).toBe(false);
    expect(isDueToday(deadline, deadline, SH)).toBe(false); // overdue, no longer "due today"
    // A deadline at midnight belongs to the day that ends there.
    const midnight = at('2026-03-10T00:00:00+08:00');
    expect(isDueToday(midnight, at('2026-03-09T09:00:00+08:00'), SH)).toBe(true);
  });
});
