import {
  CONCERN_REOPENS_MAX,
  ConcernDeadline,
  type ConcernDue,
  ConcernRefusal,
  ConcernStatus,
  ConcernStep,
  MERCHANT_STEPS,
  OPEN_CONCERN_STATUSES,
  type StationMoment,
} from '../../shared/concerns.ts';
import { stationClock } from '../../shared/dates.ts';
import { ok, refused, type Result } from '../../shared/result.ts';
import { addWorkingDays, isDueToday, isOverdue } from '../../shared/workingDays.ts';

/** What the rules need to know of a concern to judge a step. */
export interface ConcernFacts {
  merchantId: string;
  status: ConcernStatus;
  assigneeId: string | null;
  reopens: number;
  /** Whether an officer has taken any step on it yet (its first contact). */
  contacted: boolean;
}

/** Who takes a step: the merchant whose concern it may be, or an officer. */
export type ConcernActor = { kind: 'merchant'; id: string } | { kind: 'officer'; id: string };

/** A step as the rules see it: its kind, and for an assignment whom to. */
export type StepRequest =
  { kind: Exclude<ConcernStep, typeof ConcernStep.assign> } | { kind: 'assign'; officerId: string };

/** What a step does to a concern, for the service to store as one change with its entries. */
export interface StepOutcome {
  status: ConcernStatus;
  assigneeId: string | null;
  /**
   * The officer took it up by this step, being the first to act on an unassigned concern: an assignment to
   * themselves is recorded before the step's own entry, so the record says who has it.
   */
  takenUp: boolean;
  /** This is the first officer step: the contact deadline is met. */
  contacts: boolean;
  /** A reopening: the answer deadline starts again from now. */
  restartsAnswer: boolean;
}

export type StepRefusal = Exclude<
  ConcernRefusal,
  | typeof ConcernRefusal.invalidInput
  | typeof ConcernRefusal.noSuchOfficer
  | typeof ConcernRefusal.notServing
  | typeof ConcernRefusal.tooManyOpen
  | typeof ConcernRefusal.changedMeanwhile
>;

/**
 * The concern's life as one function: received → assigned → inProgress → answered → settled, or reopened once
 * back to inProgress. Officers move it until it is answered (after that they may only add a note); only its
 * own merchant confirms or reopens it, and only once it has a reply — so nothing is settled without one. A
 * merchant taking an officer's step, or acting on someone else's concern, is told it does not exist.
 */
export function takeStep(c: ConcernFacts, actor: ConcernActor, step: StepRequest): Result<StepOutcome, StepRefusal> {
  const merchantStep = MERCHANT_STEPS.includes(step.kind);
  if (actor.kind === 'merchant' && (!merchantStep || actor.id !== c.merchantId))
    return refused(ConcernRefusal.notFound);
  if (actor.kind === 'officer' && merchantStep) return refused(ConcernRefusal.notFound);
  if (c.status === ConcernStatus.settled) return refused(ConcernRefusal.settled);
  const same = { status: c.status, assigneeId: c.assigneeId, takenUp: false, contacts: false, restartsAnswer: false };

  if (actor.kind === 'merchant') {
    if (c.status !== ConcernStatus.answered) return refused(ConcernRefusal.notAnswered);
    if (step.kind === ConcernStep.confirm) return ok({ ...same, status: ConcernStatus.settled });
    if (c.reopens >= CONCERN_REOPENS_MAX) return refused(ConcernRefusal.reopenedOnce);
    return ok({ ...same, status: ConcernStatus.inProgress, restartsAnswer: true });
  }

  const contacts = !c.contacted;
  if (c.status === ConcernStatus.answered) {
    // The merchant has the reply; a note (a call made, a check done) may still be added while they decide.
    if (step.kind !== ConcernStep.note) return refused(ConcernRefusal.answered);
    return ok({ ...same, contacts });
  }
  if (step.kind === ConcernStep.assign) {
    const status = c.status === ConcernStatus.received ? ConcernStatus.assigned : c.status;
    return ok({ ...same, status, assigneeId: step.officerId, contacts });
  }
  const takenUp = c.assigneeId === null;
  const assigneeId = c.assigneeId ?? actor.id;
  const status = step.kind === ConcernStep.reply ? ConcernStatus.answered : ConcernStatus.inProgress;
  return ok({ ...same, status, assigneeId, takenUp, contacts });
}

/** An instant as an ISO string and as the station's clock reads it. */
export function stationMoment(at: number, timeZone: string): StationMoment {
  return { at: new Date(at).toISOString(), ...stationClock(at, timeZone) };
}

/** The deadlines of a concern received at `at`: contact and answer, each a number of working days later. */
export function deadlinesFrom(
  at: number,
  days: { contact: number; answer: number },
  timeZone: string,
): { contactBy: number; answerBy: number } {
  return { contactBy: addWorkingDays(at, days.contact, timeZone), answerBy: addWorkingDays(at, days.answer, timeZone) };
}

/** The dates a concern's due state is judged by. */
export interface ConcernClock {
  status: ConcernStatus;
  contacted: boolean;
  contactBy: number;
  answerBy: number;
}

/**
 * What is due next on a concern at `now`: its contact until an officer has acted, then its answer; nothing once
 * answered or settled.
 */
export function dueOf(c: ConcernClock, now: number, timeZone: string): ConcernDue | null {
  if (!OPEN_CONCERN_STATUSES.includes(c.status)) return null;
  const contactPending = !c.contacted;
  // A contact left late still leaves the answer due: the list shows the deadline that passed first.
  const deadline = contactPending ? ConcernDeadline.contact : ConcernDeadline.answer;
  const by = deadline === ConcernDeadline.contact ? c.contactBy : c.answerBy;
  return {
    deadline,
    by: stationMoment(by, timeZone),
    overdue: isOverdue(by, now),
    today: isDueToday(by, now, timeZone),
  };
}

/**
 * The officers' order: open concerns by the deadline they wait on, the overdue first (earliest first), then
 * the rest; answered and settled ones after all of them, newest first.
 */
export function byUrgency<T extends { due: ConcernDue | null; received: StationMoment }>(a: T, b: T): number {
  if (a.due && b.due) return Date.parse(a.due.by.at) - Date.parse(b.due.by.at);
  if (a.due) return -1;
  if (b.due) return 1;
  return Date.parse(b.received.at) - Date.parse(a.received.at);
}

/** A concern's number: SQ, the station day it was received, and its place that day (SQ-20260302-0001). */
export function concernNumber(day: string, seq: number): string {
  return `SQ-${day.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`;
}
