import { isCalendarDay } from '../../shared/dates.ts';
import {
  SLOT_DAYS_AHEAD,
  SLOT_MAX_MINUTES,
  SLOT_MIN_MINUTES,
  VisitError,
  type PublishSlotInput,
} from '../../shared/visits.ts';

/**
 * Visit slot rules: a window given in the station's local date and time becomes two instants; it must lie
 * ahead, not too far ahead, last a sensible time, and not overlap the same officer's other windows. Booking
 * itself (one merchant per slot) is decided by storage in one conditional update, so two merchants pressing
 * "book" at the same moment cannot both have it.
 */

/** The UTC instant of a wall-clock time on a day in a time zone. */
export function zonedInstant(date: string, hhmm: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = hhmm.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, h, mi);
  // The zone's offset at (about) that moment, read back through Intl; twice, in case the first guess
  // straddles an offset change.
  let at = wall - offsetAt(wall, timeZone);
  at = wall - offsetAt(at, timeZone);
  return at;
}

function offsetAt(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(at / 1000) * 1000;
}

export type SlotWindow = { ok: true; startsAt: number; endsAt: number } | { ok: false; error: VisitError };

export function slotWindow(input: PublishSlotInput, now: number, timeZone: string): SlotWindow {
  if (!isCalendarDay(input.date)) return { ok: false, error: VisitError.invalidTime };
  const startsAt = zonedInstant(input.date, input.from, timeZone);
  const endsAt = zonedInstant(input.date, input.to, timeZone);
  if (!Number.isFinite(startsAt) || !Number.isFinite(endsAt)) return { ok: false, error: VisitError.invalidTime };
  const minutes = (endsAt - startsAt) / 60_000;
  if (minutes < SLOT_MIN_MINUTES || minutes > SLOT_MAX_MINUTES) return { ok: false, error: VisitError.invalidTime };
  if (startsAt <= now) return { ok: false, error: VisitError.inPast };
  if (startsAt > now + SLOT_DAYS_AHEAD * 86_400_000) return { ok: false, error: VisitError.tooFar };
  return { ok: true, startsAt, endsAt };
}

/** Two windows share some time (touching ends do not count). */
export function overlaps(a: { startsAt: number; endsAt: number }, b: { startsAt: number; endsAt: number }): boolean {
  return a.startsAt < b.endsAt && b.startsAt < a.endsAt;
}
