import { stationClock } from './dates.ts';

/**
 * Working days on the station's calendar: deadlines such as "contact within 1 working day" are counted in the
 * station's time zone, Saturdays and Sundays skipped. Pure arithmetic over epoch ms; the time zone's own rules
 * (daylight saving where it has any) come from Intl, so a deadline keeps its wall-clock time across a change.
 */

const DAY_MS = 86_400_000;

/** Whether a station day (YYYY-MM-DD) is a working day: Monday to Friday. */
export function isWorkingDay(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The calendar day after `day` (YYYY-MM-DD), in any time zone. */
function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** The seconds and ms past the minute (time zones are whole minutes apart from UTC, so every clock agrees). */
function withinMinute(at: number): number {
  return ((at % 60_000) + 60_000) % 60_000;
}

/** Minutes the zone's wall clock is ahead of UTC at an instant (480 for Asia/Shanghai). */
function offsetMinutes(at: number, timeZone: string): number {
  const { date, time } = stationClock(at, timeZone);
  return Math.round((Date.parse(`${date}T${time}:00Z`) - (at - withinMinute(at))) / 60_000);
}

/**
 * The instant the station's clock reads `time` (HH:MM) on `day`. A time skipped by a daylight-saving change
 * is read as the same number of minutes after the change; a time that happens twice, as its first occurrence.
 */
export function stationInstant(day: string, time: string, timeZone: string): number {
  const wall = Date.parse(`${day}T${time}:00Z`);
  // The zone's offsets half a day either side: the same unless the clock changes around then.
  const before = offsetMinutes(wall - 12 * 3_600_000, timeZone);
  const after = offsetMinutes(wall + 12 * 3_600_000, timeZone);
  const early = wall - before * 60_000;
  if (offsetMinutes(early, timeZone) === before) return early;
  const late = wall - after * 60_000;
  // Neither reads this time: it is skipped, and the old offset carries it past the change.
  return offsetMinutes(late, timeZone) === after ? late : early;
}

/**
 * The moment `days` working days after `at`, on the station's clock: the same wall-clock time on the working
 * day that many working days later (Friday 17:00 + 1 is Monday 17:00). Something received on a Saturday or a
 * Sunday is counted from the start of the next working day (Saturday + 1 is Tuesday 00:00: all of Monday).
 */
export function addWorkingDays(at: number, days: number, timeZone: string): number {
  let { date, time } = stationClock(at, timeZone);
  let within = withinMinute(at);
  if (!isWorkingDay(date)) {
    while (!isWorkingDay(date)) date = nextDay(date);
    time = '00:00';
    within = 0;
  }
  for (let left = days; left > 0;) {
    date = nextDay(date);
    if (isWorkingDay(date)) left -= 1;
  }
  return stationInstant(date, time, timeZone) + within;
}

/** Whether a deadline has passed at `now`: it is late from the deadline's own millisecond on. */
export function isOverdue(deadline: number, now: number): boolean {
  return now >= deadline;
}

/** Whether a deadline falls on the station day of `now` (and has not passed): "due today". */
export function isDueToday(deadline: number, now: number, timeZone: string): boolean {
  return !isOverdue(deadline, now) && stationClock(deadline - 1, timeZone).date === stationClock(now, timeZone).date;
}
