import type { MeetingParty, MeetingSummary } from '../../shared/meetings.ts';
import type { Db } from './db.ts';

interface MeetingRow {
  id: string;
  series_id: string;
  host_id: string;
  host_name: string;
  title: string;
  starts_at: string;
  minutes: number;
  status: MeetingSummary['status'];
  agenda: MeetingSummary['agenda'];
}

export type MeetingRecord = Omit<MeetingSummary, 'opensAt'>;

const SELECT = `SELECT m.*, s.display_name AS host_name FROM meetings m JOIN staff s ON s.id = m.host_id`;

/** Invitees with the names they go by: staff by display name, merchants by name (no other details). */
async function invitees(db: Db, meetingId: string): Promise<MeetingSummary['invitees']> {
  const rows = await db.query<{ person_id: string; party: MeetingParty; name: string | null }>(
    `SELECT i.person_id, i.party, COALESCE(s.display_name, mm.display_name) AS name
     FROM meeting_invitees i
     LEFT JOIN staff s ON s.id = i.person_id
     LEFT JOIN merchants mm ON mm.id = i.person_id
     WHERE i.meeting_id = $1 ORDER BY i.party, name`,
    [meetingId],
  );
  return rows.map((r) => ({ id: r.person_id, party: r.party, name: r.name ?? '' }));
}

async function toRecord(db: Db, r: MeetingRow): Promise<MeetingRecord> {
  return {
    id: r.id,
    seriesId: r.series_id,
    hostId: r.host_id,
    hostName: r.host_name,
    title: r.title,
    startsAt: r.starts_at,
    minutes: r.minutes,
    status: r.status,
    agenda: r.agenda,
    invitees: await invitees(db, r.id),
  };
}

export async function getMeeting(db: Db, id: string): Promise<MeetingRecord | null> {
  const [row] = await db.query<MeetingRow>(`${SELECT} WHERE m.id = $1`, [id]);
  return row ? toRecord(db, row) : null;
}

export async function saveMeeting(
  db: Db,
  m: {
    id: string;
    seriesId: string;
    hostId: string;
    title: string;
    startsAt: string;
    minutes: number;
    agenda: MeetingSummary['agenda'];
    invitees: { id: string; party: MeetingParty }[];
  },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO meetings (id, series_id, host_id, title, starts_at, minutes, status, agenda)
       VALUES ($1, $2, $3, $4, $5, $6, 'scheduled', $7)
       ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, starts_at = EXCLUDED.starts_at,
         minutes = EXCLUDED.minutes, agenda = EXCLUDED.agenda, updated_at = now()`,
      [m.id, m.seriesId, m.hostId, m.title, m.startsAt, m.minutes, JSON.stringify(m.agenda)],
    );
    await tx.query('DELETE FROM meeting_invitees WHERE meeting_id = $1', [m.id]);
    for (const i of m.invitees) {
      await tx.query('INSERT INTO meeting_invitees (meeting_id, person_id, party) VALUES ($1, $2, $3)', [
        m.id,
        i.id,
        i.party,
      ]);
    }
  });
}

export async function setMeetingStatus(db: Db, id: string, status: MeetingSummary['status']): Promise<void> {
  await db.query('UPDATE meetings SET status = $2, updated_at = now() WHERE id = $1', [id, status]);
}

/** Sessions a person hosts or is invited to, from `since` on, soonest first. */
export async function meetingsOf(db: Db, personId: string, since: string): Promise<MeetingRecord[]> {
  const rows = await db.query<MeetingRow>(
    `${SELECT} WHERE m.starts_at >= $2 AND (m.host_id = $1 OR EXISTS (
       SELECT 1 FROM meeting_invitees i WHERE i.meeting_id = m.id AND i.person_id = $1))
     ORDER BY m.starts_at`,
    [personId, since],
  );
  return Promise.all(rows.map((r) => toRecord(db, r)));
}

/** Sessions still to come or under way, for the notice board. */
export async function upcomingMeetings(db: Db, since: string, limit = 20): Promise<MeetingRecord[]> {
  const rows = await db.query<MeetingRow>(
    `${SELECT} WHERE m.starts_at >= $1 AND m.status IN ('scheduled', 'running') ORDER BY m.starts_at LIMIT $2`,
    [since, limit],
  );
  return Promise.all(rows.map((r) => toRecord(db, r)));
}

/** Who may be invited, by party: officers, property managers (park managers), merchants known to the hall. */
export async function invitablePeople(
  db: Db,
): Promise<{ id: string; name: string; party: MeetingParty; shop?: string }[]> {
  const staff = await db.query<{ id: string; display_name: string; role: string }>(
    `SELECT id, display_name, role FROM staff WHERE disabled_at IS NULL AND role IN ('officer', 'parkManager')
     ORDER BY display_name`,
  );
  const merchants = await db.query<{ id: string; display_name: string; shop_name: string }>(
    'SELECT id, display_name, shop_name FROM merchants ORDER BY shop_name LIMIT 500',
  );
  return [
    ...staff.map((s) => ({
      id: s.id,
      name: s.display_name,
      party: (s.role === 'officer' ? 'officer' : 'property') as MeetingParty,
    })),
    ...merchants.map((m) => ({ id: m.id, name: m.display_name, shop: m.shop_name, party: 'merchant' as const })),
  ];
}
