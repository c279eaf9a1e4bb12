import { idField, z } from './zod.ts';
import { isCalendarDay } from './dates.ts';
import { textField } from './profile.ts';
import type { StatusMap } from './result.ts';

/** Door-to-door visits (上门服务): officers publish time windows; one merchant books each. */

export const VisitError = {
  /** A body that does not have the fields the route reads (a visit's result text). */
  invalidInput: 'invalid_input',
  invalidTime: 'invalid_time',
  inPast: 'in_past',
  tooFar: 'too_far',
  overlaps: 'overlaps',
  taken: 'taken',
  notFound: 'not_found',
  notYours: 'not_yours',
  noCase: 'no_case',
  /** The case is closed: a merchant cannot book a visit for it. */
  caseClosed: 'case_closed',
  /** The visit already has its result, so it can be neither cancelled nor recorded again. */
  finished: 'finished',
  /** A result before the visit's window has started. */
  notStarted: 'not_started',
} as const;
export type VisitError = (typeof VisitError)[keyof typeof VisitError];

/** The HTTP status of each refusal: a new code does not compile until it has one. */
export const visitErrorStatus = {
  [VisitError.invalidInput]: 400,
  [VisitError.invalidTime]: 400,
  [VisitError.inPast]: 400,
  [VisitError.tooFar]: 400,
  [VisitError.noCase]: 400,
  [VisitError.caseClosed]: 409,
  [VisitError.notStarted]: 409,
  [VisitError.overlaps]: 409,
  [VisitError.taken]: 409,
  [VisitError.finished]: 409,
  [VisitError.notFound]: 404,
  [VisitError.notYours]: 403,
} as const satisfies StatusMap<VisitError>;

/** Slots can be published this many days ahead at most. */
export const SLOT_DAYS_AHEAD = 60;
/** A visit window lasts between these, in minutes. */
export const SLOT_MIN_MINUTES = 15;
export const SLOT_MAX_MINUTES = 8 * 60;
export const VISIT_RESULT_MAX = 1000;

const day = z.string().refine(isCalendarDay, { error: VisitError.invalidTime });
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: VisitError.invalidTime });

export const publishSlotSchema = z.strictObject({ date: day, from: clock, to: clock });
export type PublishSlotInput = z.infer<typeof publishSlotSchema>;

export const bookSlotSchema = z.strictObject({ caseId: idField() });
export const visitResultSchema = z.strictObject({ result: textField(VISIT_RESULT_MAX) });

export interface VisitSlot {
  id: string;
  officer: { id: string; name: string };
  startsAt: string;
  endsAt: string;
  /** Whether someone has booked it; who, only to that merchant and to staff. */
  booked: boolean;
  mine: boolean;
  merchant: { name: string; shop: string } | null;
  caseId: string | null;
  caseNumber: string | null;
  result: string | null;
}

export interface VisitChangedNotice {
  slotId: string;
  /** booked, changed (to another slot), cancelled, or done (a result recorded). */
  change: 'booked' | 'cancelled' | 'done';
  startsAt: string;
}

export const VisitsRoute = {
  slots: '/api/visits/slots',
  book: '/api/visits/slots/:id/book',
  offer: '/api/visits/slots/:id/offer',
  cancel: '/api/visits/slots/:id/cancel',
  result: '/api/visits/slots/:id/result',
} as const;
