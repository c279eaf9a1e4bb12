import type { ConcernCategory } from '../../shared/concerns.ts';
import { FilingState } from '../../shared/filing.ts';
import type { Db } from '../store/db.ts';
import { DECISIONS, type ConcernFact, type FilingFact, type RatingFact, type TicketFact } from './rules.ts';

/**
 * What the station dashboard reads from storage: the period's tickets, ratings, concerns and filings as plain
 * facts (rules.ts sums them up), and today's counts. Instants come back as epoch milliseconds (float8), so the
 * same statement reads the same numbers on PGlite and PostgreSQL. Periods are half-open: [start, end).
 */

const ms = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;

/** The tickets of the station days `from` to `to` (by the `tickets_day_idx` index). */
export async function ticketFacts(db: Db, from: string, to: string): Promise<TicketFact[]> {
  const rows = await db.query<{
    day: string;
    service: string;
    status: string;
    taken: number;
    wait: number | null;
    served: number | null;
  }>(
    `SELECT day, service, status, ${ms('taken_at')} AS taken,
       CASE WHEN called_at IS NOT NULL
         THEN ${ms('called_at - greatest(taken_at, coalesce(appointment_at, taken_at))')} END AS wait,
       CASE WHEN status = 'done' AND served_at IS NOT NULL AND ended_at IS NOT NULL
         THEN ${ms('ended_at - served_at')} END AS served
     FROM tickets WHERE day >= $1 AND day <= $2`,
    [from, to],
  );
  return rows.map((r) => ({
    day: r.day,
    service: r.service,
    status: r.status,
    takenAt: r.taken,
    waitMs: r.wait,
    serviceMs: r.served,
  }));
}

/** Ratings given in [start, end), with the service and the officer rated: never the merchant who rated. */
export async function ratingFacts(db: Db, start: number, end: number): Promise<RatingFact[]> {
  const rows = await db.query<{
    at: number;
    service: string;
    officer_id: string;
    officer_name: string;
    level: number;
    comment: string;
  }>(
    `SELECT ${ms('r.at')} AS at, t.service, r.officer_id, s.display_name AS officer_name, r.level, r.comment
     FROM ratings r
     JOIN tickets t ON t.id = r.ticket_id
     JOIN staff s ON s.id = r.officer_id
     WHERE r.at >= to_timestamp($1::float8 / 1000) AND r.at < to_timestamp($2::float8 / 1000)`,
    [start, end],
  );
  return rows.map((r) => ({
    at: r.at,
    service: r.service,
    officerId: r.officer_id,
    officerName: r.officer_name,
    level: r.level,
    comment: r.comment,
  }));
}

/** Concerns received in [start, end), with their deadlines, when each was met and the first reply. */
export async function concernFacts(db: Db, start: number, end: number): Promise<ConcernFact[]> {
  const rows = await db.query<{
    category: ConcernCategory;
    contact_by: number;
    contacted: number | null;
    contact_late: number | null;
    answer_by: number;
    answered: number | null;
    answer_late: number | null;
  }>(
    `SELECT c.category, ${ms('c.contact_by')} AS contact_by, ${ms('c.contacted_at')} AS contacted,
       ${ms('c.contact_late_at')} AS contact_late, ${ms('c.answer_by')} AS answer_by,
       ${ms('(SELECT min(e.at) FROM concern_entries e WHERE e.concern_id = c.id AND e.kind = $3)')} AS answered,
       ${ms('c.answer_late_at')} AS answer_late
     FROM concerns c
     WHERE c.received_at >= to_timestamp($1::float8 / 1000) AND c.received_at < to_timestamp($2::float8 / 1000)`,
    [start, end, 'reply'],
  );
  return rows.map((r) => ({
    category: r.category,
    contactBy: r.contact_by,
    contactedAt: r.contacted,
    contactLateAt: r.contact_late,
    answerBy: r.answer_by,
    answeredAt: r.answered,
    answerLateAt: r.answer_late,
  }));
}

/**
 * Filings submitted (or submitted again) in [start, end), each with the officer's first decision after it:
 * changes requested, accepted with items to follow, a site visit booked, or filed.
 */
export async function filingFacts(db: Db, start: number, end: number): Promise<FilingFact[]> {
  const rows = await db.query<{ submitted: number; decided: number | null; decision: string | null }>(
    `SELECT ${ms('s.at')} AS submitted, ${ms('d.at')} AS decided, d.state AS decision
     FROM filing_events s
     LEFT JOIN LATERAL (
       SELECT e.at, e.state FROM filing_events e
       WHERE e.filing_id = s.filing_id AND e.id > s.id AND e.state = ANY($3::text[])
       ORDER BY e.id LIMIT 1
     ) d ON true
     WHERE s.state = $4 AND s.at >= to_timestamp($1::float8 / 1000) AND s.at < to_timestamp($2::float8 / 1000)`,
    [start, end, [...DECISIONS], FilingState.submitted],
  );
  return rows.map((r) => ({ submittedAt: r.submitted, decidedAt: r.decided, decision: r.decision }));
}

/** Today's stored counts: served and no-shows on the station day, filings waiting, visits booked today. */
export async function todayCounts(
  db: Db,
  day: string,
  start: number,
  end: number,
): Promise<{ served: number; noShows: number; filingsAwaitingReview: number; visitsBookedToday: number }> {
  const [tickets] = await db.query<{ served: number; no_shows: number }>(
    `SELECT count(*) FILTER (WHERE status = 'done')::int AS served,
            count(*) FILTER (WHERE status = 'noShow')::int AS no_shows
     FROM tickets WHERE day = $1`,
    [day],
  );
  const [filings] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM filings WHERE state = ANY($1::text[])`,
    [[FilingState.submitted, FilingState.underReview]],
  );
  const [visits] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM visit_slots
     WHERE merchant_id IS NOT NULL AND starts_at >= to_timestamp($1::float8 / 1000)
       AND starts_at < to_timestamp($2::float8 / 1000)`,
    [start, end],
  );
  return {
    served: tickets?.served ?? 0,
    noShows: tickets?.no_shows ?? 0,
    filingsAwaitingReview: filings?.n ?? 0,
    visitsBookedToday: visits?.n ?? 0,
  };
}

/** Deadlines of the concerns still open: the contact deadline while no one has made contact, and the answer's. */
export async function openConcernDeadlines(db: Db): Promise<{ contactBy: number | null; answerBy: number }[]> {
  const rows = await db.query<{ contact_by: number | null; answer_by: number }>(
    `SELECT CASE WHEN contacted_at IS NULL THEN ${ms('contact_by')} END AS contact_by, ${ms('answer_by')} AS answer_by
     FROM concerns WHERE status IN ('received', 'assigned', 'inProgress')`,
  );
  return rows.map((r) => ({ contactBy: r.contact_by, answerBy: r.answer_by }));
}

/**
 * The hall as storage has it, for when no hall runs in this process: the open desks and their officers, and
 * the waiting tickets of today (appointments counted from their time).
 */
export async function storedHall(
  db: Db,
  day: string,
  now: number,
): Promise<{
  desks: { deskId: string; officerName: string; services: string[]; held: boolean; ticket: string | null }[];
  waiting: { service: string; since: number }[];
}> {
  const desks = await db.query<{ id: string; name: string; services: string[]; paused: boolean }>(
    `SELECT d.id, s.display_name AS name, d.services, d.paused
     FROM desks d JOIN staff s ON s.id = d.officer_id ORDER BY d.id`,
  );
  const waiting = await db.query<{ service: string; since: number }>(
    `SELECT service, ${ms('greatest(taken_at, coalesce(appointment_at, taken_at))')} AS since
     FROM tickets
     WHERE day = $1 AND status = 'waiting' AND (appointment_at IS NULL OR appointment_at <= to_timestamp($2::float8 / 1000))`,
    [day, now],
  );
  return {
    desks: desks.map((d) => ({
      deskId: d.id,
      officerName: d.name,
      services: d.services,
      held: d.paused,
      ticket: null,
    })),
    waiting,
  };
}
