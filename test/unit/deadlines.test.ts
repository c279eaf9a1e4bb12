import { describe, expect, it } from 'vitest';
import { dayBefore, dayWords, deadlineLanguage, deadlineWords } from '../../client/i18n/deadlines.ts';
import { stationClock } from '../../shared/dates.ts';
import { addWorkingDays, stationInstant } from '../../shared/workingDays.ts';

const TZ = 'Asia/Shanghai';
/** A deadline as the hall sends it: the moment on the station's clock. */
const at = (instant: number) => stationClock(instant, TZ);

describe('deadlines as people say them', () => {
  it("says a deadline at the station's midnight as the end of the day before, in both languages", () => {
    const midnight = at(stationInstant('2026-12-08', '00:00', TZ));
    expect(midnight).toEqual({ date: '2026-12-08', time: '00:00' });
    expect(deadlineWords(midnight, 'zh')).toBe('12月7日（周一）');
    expect(deadlineWords(midnight, 'en')).toBe('Mon 7 Dec');
  });

  it('keeps the time of a deadline that falls during the day', () => {
    const afternoon = at(stationInstant('2026-12-07', '17:30', TZ));
    expect(deadlineWords(afternoon, 'zh')).toBe('12月7日（周一）17:30');
    expect(deadlineWords(afternoon, 'en')).toBe('Mon 7 Dec, 17:30');
  });

  it('reads the day on the station calendar, not in UTC: 23:30 in Shanghai is already the next day there', () => {
    // 2026-12-06T16:30Z is Monday 00:30 in Shanghai but still Sunday in UTC.
    const early = at(Date.parse('2026-12-06T16:30:00Z'));
    expect(deadlineWords(early, 'zh')).toBe('12月7日（周一）00:30');
    // A concern received on a Saturday is answered from Monday 00:00 on: one working day ends at Tuesday 00:00,
    // which is said as the end of Monday.
    const saturday = stationInstant('2026-12-05', '10:00', TZ);
    const by = at(addWorkingDays(saturday, 1, TZ));
    expect(by).toEqual({ date: '2026-12-08', time: '00:00' });
    expect([deadlineWords(by, 'zh'), deadlineWords(by, 'en')]).toEqual(['12月7日（周一）', 'Mon 7 Dec']);
  });

  it('crosses months and years, and leap days, to the day before', () => {
    expect(dayBefore('2027-01-01')).toBe('2026-12-31');
    expect(dayBefore('2028-03-01')).toBe('2028-02-29');
    expect(deadlineWords({ date: '2027-01-01', time: '00:00' }, 'zh')).toBe('12月31日（周四）');
    expect(deadlineWords({ date: '2027-01-01', time: '00:00' }, 'en')).toBe('Thu 31 Dec');
  });

  it('ends a deadline at Monday midnight with Friday: working days count no weekend time', () => {
    // Received on a Saturday, answered within five working days: all of Monday to Friday, until Monday 00:00.
    const saturday = stationInstant('2026-12-05', '10:00', TZ);
    const by = at(addWorkingDays(saturday, 5, TZ));
    expect(by).toEqual({ date: '2026-12-14', time: '00:00' });
    expect([deadlineWords(by, 'zh'), deadlineWords(by, 'en')]).toEqual(['12月11日（周五）', 'Fri 11 Dec']);
    // During the day on a Monday it is that Monday, at its time.
    expect(deadlineWords({ date: '2026-12-14', time: '09:00' }, 'en')).toBe('Mon 14 Dec, 09:00');
  });

  it("says an item's due day (kept as the day it ends) with its weekday", () => {
    expect(dayWords('2026-12-08', 'zh')).toBe('12月8日（周二）');
    expect(dayWords('2026-12-08', 'en')).toBe('Tue 8 Dec');
    expect(dayWords('not a day', 'en')).toBe('not a day');
  });

  it('speaks English only when the page does', () => {
    expect([deadlineLanguage('en'), deadlineLanguage('zh-CN'), deadlineLanguage(undefined)]).toEqual([
      'en',
      'zh',
      'zh',
    ]);
  });
});
