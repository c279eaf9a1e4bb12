import { isCalendarDay } from '../../shared/dates.ts';
import { stationInstant } from '../../shared/workingDays.ts';
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

export type SlotWindow = { ok: true; startsAt: number; endsAt: number } | { ok: false; error: VisitError };

export function slotWindow(input: PublishSlotInput, now: number, timeZone: string): SlotWindow {
  if (!isCalendarDay(input.date)) return { ok: false, error: VisitError.invalidTime };
  const startsAt = stationInstant(input.date, input.from, timeZone);
  const endsAt = stationInstant(input.date, input.to, timeZone);
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
