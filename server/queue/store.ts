import type { Desk, Ticket, TicketStatus } from './rules.ts';
import type { DeskWaiter } from '../../shared/caseFile.ts';
import type { Db } from '../store/db.ts';

interface TicketRow {
  id: string;
  day: string;
  seq: number;
  number: string;
  service: string;
  merchant_id: string;
  description: string;
  taken_at: string;
  appointment_at: string | null;
  status: TicketStatus;
  desk_id: string | null;
  officer_id: string | null;
  called_at: string | null;
  call_count: number;
  served_at: string | null;
  ended_at: string | null;
  case_id: string | null;
}

const ms = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));
const iso = (at: number | null): string | null => (at === null ? null : new Date(at).toISOString());

function toTicket(r: TicketRow): Ticket {
  return {
    id: r.id,
    day: r.day,
    seq: r.seq,
    number: r.number,
    service: r.service,
    merchantId: r.merchant_id,
    description: r.description,
    takenAt: Date.parse(r.taken_at),
    appointmentAt: ms(r.appointment_at),
    status: r.status,
    deskId: r.desk_id,
    officerId: r.officer_id,
    calledAt: ms(r.called_at),
    callCount: r.call_count,
    servedAt: ms(r.served_at),
    endedAt: ms(r.ended_at),
    caseId: r.case_id,
  };
}

/**
 * Rows written per statement: an operation changes one or two tickets, but a day's close or a restart may
 * change thousands, which then go as a few statements of arrays rather than one round trip per ticket.
 */
const SAVE_BATCH = 1000;

/** Insert or update a station's tickets as its queue left them, in one transaction. */
export async function saveTickets(db: Db, station: string, tickets: readonly Ticket[]): Promise<void> {
  if (tickets.length === 0) return;
  await db.transaction(async (tx) => {
    for (let i = 0; i < tickets.length; i += SAVE_BATCH) {
      const batch = tickets.slice(i, i + SAVE_BATCH);
      const column = <T>(get: (t: Ticket) => T): T[] => batch.map(get);
      await tx.query(
        `INSERT INTO tickets (id, day, seq, number, service, merchant_id, description, taken_at, appointment_at,
           status, desk_id, officer_id, called_at, call_count, served_at, ended_at, case_id, station)
         SELECT *, $18::text FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[],
           $7::text[], $8::timestamptz[], $9::timestamptz[], $10::text[], $11::text[], $12::text[],
           $13::timestamptz[], $14::int[], $15::timestamptz[], $16::timestamptz[], $17::text[])
         ON CONFLICT (id) DO UPDATE SET
           service = EXCLUDED.service, status = EXCLUDED.status, desk_id = EXCLUDED.desk_id,
           officer_id = EXCLUDED.officer_id, called_at = EXCLUDED.called_at, call_count = EXCLUDED.call_count,
           served_at = EXCLUDED.served_at, ended_at = EXCLUDED.ended_at, case_id = EXCLUDED.case_id`,
        [
          column((t) => t.id),
          column((t) => t.day),
          column((t) => t.seq),
          column((t) => t.number),
          column((t) => t.service),
          column((t) => t.merchantId),
          column((t) => t.description),
          column((t) => iso(t.takenAt)),
          column((t) => iso(t.appointmentAt)),
          column((t) => t.status),
          column((t) => t.deskId),
          column((t) => t.officerId),
          column((t) => iso(t.calledAt)),
          column((t) => t.callCount),
          column((t) => iso(t.servedAt)),
          column((t) => iso(t.endedAt)),
          column((t) => t.caseId),
          station,
        ],
      );
    }
  });
}

/** Every ticket of a station's day, and every ticket of an earlier day still open there (to be expired). */
export async function loadTickets(db: Db, station: string, day: string): Promise<Ticket[]> {
  const rows = await db.query<TicketRow>(
    `SELECT * FROM tickets
     WHERE station = $2 AND (day = $1 OR (day < $1 AND status IN ('waiting', 'called', 'serving')))`,
    [day, station],
  );
  return rows.map(toTicket);
}

export interface SavedDesk {
  id: string;
  officerId: string;
  officerName: string;
  services: string[];
  paused: boolean;
}

/** A station's open desks with their officers' current names; a disabled officer's desk is not brought back. */
export async function loadDesks(db: Db, station: string): Promise<SavedDesk[]> {
  const rows = await db.query<{ id: string; officer_id: string; services: string[]; paused: boolean; name: string }>(
    `SELECT d.id, d.officer_id, d.services, d.paused, s.display_name AS name
     FROM desks d JOIN staff s ON s.id = d.officer_id
     WHERE s.disabled_at IS NULL AND d.station = $1`,
    [station],
  );
  return rows.map((r) => ({
    id: r.id,
    officerId: r.officer_id,
    officerName: r.name,
    services: r.services,
    paused: r.paused,
  }));
}

export async function saveDesk(db: Db, station: string, desk: Desk): Promise<void> {
  if (!desk.officerId) {
    await db.query('DELETE FROM desks WHERE station = $1 AND id = $2', [station, desk.id]);
    return;
  }
  await db.query(
    `INSERT INTO desks (station, id, officer_id, services, paused) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (station, id) DO UPDATE SET officer_id = EXCLUDED.officer_id, services = EXCLUDED.services,
       paused = EXCLUDED.paused`,
    [station, desk.id, desk.officerId, JSON.stringify(desk.services), desk.paused],
  );
}

/**
 * The merchants waiting for the services of the desk this officer staffs, in the order the desk calls (rules.ts
 * callOrder: bookings whose time has come, then everyone by the time taken), bookings not yet due last; at most
 * `max`, with how many wait in all. Null when the officer staffs no desk. Read from what is stored, which the
 * desks write before anyone is told of a change.
 */
export async function waitingAtDesk(
  db: Db,
  officerId: string,
  now: number,
  max: number,
): Promise<{ deskId: string; waiting: DeskWaiter[]; total: number } | null> {
  const [desk] = await db.query<{ id: string; station: string }>(
    'SELECT id, station FROM desks WHERE officer_id = $1',
    [officerId],
  );
  if (!desk) return null;
  const rows = await db.query<{
    id: string;
    number: string;
    service: string;
    taken_at: string;
    appointment_at: string | null;
    merchant_id: string;
    display_name: string;
    shop_name: string;
    total: string | number;
  }>(
    `SELECT t.id, t.number, t.service, t.taken_at, t.appointment_at, t.merchant_id, m.display_name, m.shop_name,
       count(*) OVER () AS total
     FROM tickets t
     JOIN desks d ON d.station = $4 AND d.id = $1
     JOIN merchants m ON m.id = t.merchant_id
     WHERE t.station = d.station AND t.status = 'waiting' AND d.services ? t.service
     ORDER BY CASE WHEN t.appointment_at IS NULL THEN 1 WHEN t.appointment_at <= $2 THEN 0 ELSE 2 END,
       t.appointment_at, t.taken_at, t.seq, t.id
     LIMIT $3`,
    [desk.id, iso(now), max, desk.station],
  );
  return {
    deskId: desk.id,
    total: Number(rows[0]?.total ?? 0),
    waiting: rows.map((r) => ({
      ticketId: r.id,
      number: r.number,
      service: r.service,
      takenAt: Date.parse(r.taken_at),
      appointmentAt: ms(r.appointment_at),
      merchant: { id: r.merchant_id, name: r.display_name, shop: r.shop_name },
    })),
  };
}
