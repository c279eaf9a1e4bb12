import { DEFAULT_STATION_SLUG } from '../../shared/stations.ts';
import type { MeetingChatLine } from '../../shared/meetingRoom.ts';
import type { Discussion, SessionParts } from '../../shared/meetingRules.ts';
import type { MeetingParty, MeetingSummary } from '../../shared/meetings.ts';
import type { Db } from '../store/db.ts';
import { exactMerchant } from '../../shared/accounts.ts';
import { knownAtStation, namedExactly } from '../stations/knownMerchants.ts';

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
  co_host_ids: string[];
  secretary_ids: string[];
  station: string;
}

export type MeetingRecord = Omit<MeetingSummary, 'opensAt' | 'stationDate' | 'stationTime'> & {
  /** The station the session was scheduled in (its slug): its board, its staff, its hall's news. */
  station: string;
};

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
    coHostIds: r.co_host_ids,
    secretaryIds: r.secretary_ids,
    invitees: await invitees(db, r.id),
    station: r.station,
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
    /** The station a new session belongs to (default the default station); an existing one keeps its own. */
    station?: string;
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
      `INSERT INTO meetings (id, series_id, host_id, title, starts_at, minutes, status, agenda, station)
       VALUES ($1, $2, $3, $4, $5, $6, 'scheduled', $7, $8)
       ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, starts_at = EXCLUDED.starts_at,
         minutes = EXCLUDED.minutes, agenda = EXCLUDED.agenda, updated_at = now()`,
      [
        m.id,
        m.seriesId,
        m.hostId,
        m.title,
        m.startsAt,
        m.minutes,
        JSON.stringify(m.agenda),
        m.station ?? DEFAULT_STATION_SLUG,
      ],
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

/** A person's part in a session: they host it or are invited to it. */
const CONCERNS = `(m.host_id = $1 OR EXISTS (
  SELECT 1 FROM meeting_invitees i WHERE i.meeting_id = m.id AND i.person_id = $1))`;

/** A station to filter by, or null for every station (a caller that is not a station's page). */
const OF_STATION = (n: number) => `($${n}::text IS NULL OR m.station = $${n}::text)`;

/** Sessions a person hosts or is invited to, from `since` on and not yet ended, soonest first; of one station. */
export async function meetingsOf(
  db: Db,
  personId: string,
  since: string,
  station: string | null = null,
): Promise<MeetingRecord[]> {
  const rows = await db.query<MeetingRow>(
    `${SELECT} WHERE ${OF_STATION(3)} AND m.starts_at >= $2 AND m.status <> 'ended' AND ${CONCERNS}
     ORDER BY m.starts_at`,
    [personId, since, station],
  );
  return Promise.all(rows.map((r) => toRecord(db, r)));
}

/**
 * Ended sessions a person takes part in (see takesPart in shared/meetingRules.ts: hosted, was invited to, or
 * sat in on as station staff unless the chair removed them), from `since` on, most recent first, at most
 * `limit`: their published minutes stay within reach. The rule is in the query so that LIMIT counts only
 * their sessions; a test holds it to takesPart on a table of cases.
 */
export async function pastMeetingsOf(
  db: Db,
  personId: string,
  since: string,
  limit: number,
  station: string | null = null,
): Promise<MeetingRecord[]> {
  const rows = await db.query<MeetingRow>(
    `${SELECT} WHERE ${OF_STATION(4)} AND m.status = 'ended' AND m.starts_at >= $2
       AND (${CONCERNS} OR (COALESCE(m.run -> 'attended', '[]'::jsonb) @> jsonb_build_array(jsonb_build_object('id', $1::text))
         AND NOT COALESCE(m.run -> 'removed', '[]'::jsonb) @> jsonb_build_array($1::text)))
     ORDER BY m.starts_at DESC LIMIT $3`,
    [personId, since, limit, station],
  );
  return Promise.all(rows.map((r) => toRecord(db, r)));
}

/**
 * Every session of a series as far as who chairs it goes (host, co-hosts, secretaries, invitees): the
 * candidates; mayContinueSeries decides.
 */
export async function seriesSessions(db: Db, seriesId: string, station: string | null = null): Promise<SessionParts[]> {
  const rows = await db.query<{ host_id: string; co_host_ids: string[]; secretary_ids: string[]; invitees: string[] }>(
    `SELECT m.host_id, m.co_host_ids, m.secretary_ids,
       COALESCE((SELECT json_agg(i.person_id) FROM meeting_invitees i WHERE i.meeting_id = m.id), '[]') AS invitees
     FROM meetings m WHERE m.series_id = $1 AND ${OF_STATION(2)}`,
    [seriesId, station],
  );
  return rows.map((r) => ({
    hostId: r.host_id,
    coHostIds: r.co_host_ids,
    secretaryIds: r.secretary_ids,
    invitees: r.invitees.map((id) => ({ id })),
  }));
}

/**
 * Lock a session's row until the end of the transaction `db` belongs to, and read it as it now stands.
 * 'update' (the start rewriting the agenda) waits for and shuts out every other lock on the row; 'share'
 * (minutes and action items written against the agenda's numbering) shuts out only 'update', so writers do
 * not wait for each other.
 */
export async function lockMeeting(
  db: Db,
  id: string,
  mode: 'update' | 'share',
): Promise<{ status: MeetingSummary['status']; agenda: MeetingSummary['agenda']; publishedAt: string | null } | null> {
  const [row] = await db.query<{
    status: MeetingSummary['status'];
    agenda: MeetingSummary['agenda'];
    published_at: string | null;
  }>(
    `SELECT status, agenda, published_at FROM meetings WHERE id = $1 ${mode === 'update' ? 'FOR UPDATE' : 'FOR SHARE'}`,
    [id],
  );
  return row ? { status: row.status, agenda: row.agenda, publishedAt: row.published_at } : null;
}

export async function setAgenda(db: Db, id: string, agenda: MeetingSummary['agenda']): Promise<void> {
  await db.query('UPDATE meetings SET agenda = $2, updated_at = now() WHERE id = $1', [id, JSON.stringify(agenda)]);
}

/** Whether anything was written for a session yet (minutes or action items), which ties them to its agenda. */
export async function hasWritten(db: Db, meetingId: string): Promise<boolean> {
  const [row] = await db.query<{ n: number | string }>(
    `SELECT (SELECT count(*) FROM meeting_minutes WHERE meeting_id = $1)
          + (SELECT count(*) FROM meeting_actions WHERE meeting_id = $1) AS n`,
    [meetingId],
  );
  return Number(row?.n ?? 0) > 0;
}

/** A station's sessions still to come or under way, for its notice board. */
export async function upcomingMeetings(db: Db, station: string, since: string, limit = 20): Promise<MeetingRecord[]> {
  const rows = await db.query<MeetingRow>(
    `${SELECT} WHERE m.station = $3 AND m.starts_at >= $1 AND m.status IN ('scheduled', 'running')
     ORDER BY m.starts_at LIMIT $2`,
    [since, limit, station],
  );
  return Promise.all(rows.map((r) => toRecord(db, r)));
}

type Invitable = { id: string; name: string; party: MeetingParty; shop?: string };

/** Merchants as the invite list shows them: name and shop, nothing more. */
function asInvitable(m: { id: string; display_name: string; shop_name: string }): Invitable {
  return { id: m.id, name: m.display_name, shop: m.shop_name, party: 'merchant' };
}

/**
 * Who may be invited, by party: the station's officers and property managers (park managers), and the
 * merchants known at the station (server/stations/knownMerchants.ts); a merchant it has never dealt with is
 * found by {@link merchantNamedExactly}. With no station, staff of every station and no merchants.
 */
export async function invitablePeople(db: Db, station: string | null = null): Promise<Invitable[]> {
  const staff = await db.query<{ id: string; display_name: string; role: string }>(
    `SELECT id, display_name, role FROM staff s WHERE disabled_at IS NULL AND role IN ('officer', 'parkManager')
       AND ($1::text IS NULL OR EXISTS (SELECT 1 FROM staff_stations ss WHERE ss.staff_id = s.id AND ss.station = $1::text))
     ORDER BY display_name`,
    [station],
  );
  const merchants = station
    ? await db.query<{ id: string; display_name: string; shop_name: string }>(
        `SELECT m.id, m.display_name, m.shop_name FROM merchants m WHERE ${knownAtStation('m.id', '$1')}
         ORDER BY m.shop_name, m.id LIMIT 500`,
        [station],
      )
    : [];
  return [
    ...staff.map((s) => ({
      id: s.id,
      name: s.display_name,
      party: (s.role === 'officer' ? 'officer' : 'property') as MeetingParty,
    })),
    ...merchants.map(asInvitable),
  ];
}

/** The merchant a text names exactly (their account id or whole phone number), known at the station or not. */
export async function merchantNamedExactly(db: Db, text: string): Promise<Invitable[]> {
  const exact = exactMerchant(text);
  if (!exact.id && !exact.phoneDigits) return [];
  const rows = await db.query<{ id: string; display_name: string; shop_name: string }>(
    `SELECT m.id, m.display_name, m.shop_name FROM merchants m WHERE ${namedExactly('m', '$1', '$2')}
     ORDER BY m.shop_name, m.id LIMIT 5`,
    [exact.id, exact.phoneDigits],
  );
  return rows.map(asInvitable);
}

/** Which of these ids are merchants' (any station's: an id is only known to someone who was given it). */
export async function existingMerchants(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.query<{ id: string }>('SELECT id FROM merchants WHERE id = ANY($1::text[])', [[...ids]]);
  return new Set(rows.map((r) => r.id));
}

export async function setMeetingRoles(db: Db, id: string, roles: { coHostIds: string[]; secretaryIds: string[] }) {
  await db.query('UPDATE meetings SET co_host_ids = $2, secretary_ids = $3, updated_at = now() WHERE id = $1', [
    id,
    JSON.stringify(roles.coHostIds),
    JSON.stringify(roles.secretaryIds),
  ]);
}

export async function publishMeeting(db: Db, id: string): Promise<void> {
  await db.query(
    `UPDATE meetings SET status = 'ended', published_at = COALESCE(published_at, now()), updated_at = now()
     WHERE id = $1`,
    [id],
  );
}

export async function publishedAt(db: Db, id: string): Promise<string | null> {
  const [row] = await db.query<{ published_at: string | null }>('SELECT published_at FROM meetings WHERE id = $1', [
    id,
  ]);
  return row?.published_at ?? null;
}

/**
 * A version of an item's minutes: its last save to the microsecond, as text. Two writers who read the same
 * version cannot both save over it (see saveMinutesItem).
 */
const VERSION = `(floor(extract(epoch from updated_at) * 1000000))::bigint::text`;

/**
 * Save an item's minutes if they are still at `version`, or, with `create` (the caller checked that the
 * writer saw the item unwritten, and for this very item), if nothing is written for it yet; in one
 * statement, so two writers saving at once cannot both win. Returns the new version, or null when someone
 * else saved first (the caller reads the item as it now stands).
 */
export async function saveMinutesItem(
  db: Db,
  m: {
    meetingId: string;
    agendaIndex: number;
    text: string;
    decisions: string[];
    by: string;
    version: string;
    create: boolean;
  },
): Promise<string | null> {
  const params = [m.meetingId, m.agendaIndex, m.text, JSON.stringify(m.decisions), m.by, m.version];
  const [row] = await db.query<{ version: string }>(
    m.create
      ? `INSERT INTO meeting_minutes AS mm (meeting_id, agenda_index, text, decisions, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, clock_timestamp())
         ON CONFLICT (meeting_id, agenda_index) DO UPDATE SET text = EXCLUDED.text, decisions = EXCLUDED.decisions,
           updated_by = EXCLUDED.updated_by, updated_at = clock_timestamp()
           WHERE (floor(extract(epoch from mm.updated_at) * 1000000))::bigint::text = $6
         RETURNING ${VERSION} AS version`
      : `UPDATE meeting_minutes AS mm SET text = $3, decisions = $4, updated_by = $5, updated_at = clock_timestamp()
         WHERE mm.meeting_id = $1 AND mm.agenda_index = $2
           AND (floor(extract(epoch from mm.updated_at) * 1000000))::bigint::text = $6
         RETURNING ${VERSION} AS version`,
    params,
  );
  return row?.version ?? null;
}

export async function minutesItems(db: Db, meetingId: string) {
  return db.query<{ agenda_index: number; text: string; decisions: string[]; version: string }>(
    `SELECT agenda_index, text, decisions, ${VERSION} AS version FROM meeting_minutes WHERE meeting_id = $1
     ORDER BY agenda_index`,
    [meetingId],
  );
}

export interface ActionRow {
  id: string;
  meeting_id: string;
  series_id: string;
  agenda_index: number;
  what: string;
  owner_id: string;
  owner_name: string | null;
  party: MeetingParty;
  due: string;
  status: 'open' | 'done';
}

const ACTIONS = `SELECT a.*, COALESCE(s.display_name, m.display_name) AS owner_name FROM meeting_actions a
  LEFT JOIN staff s ON s.id = a.owner_id LEFT JOIN merchants m ON m.id = a.owner_id`;

export async function addAction(
  db: Db,
  a: {
    id: string;
    meetingId: string;
    seriesId: string;
    agendaIndex: number;
    what: string;
    ownerId: string;
    party: MeetingParty;
    due: string;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO meeting_actions (id, meeting_id, series_id, agenda_index, what, owner_id, party, due, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open')`,
    [a.id, a.meetingId, a.seriesId, a.agendaIndex, a.what, a.ownerId, a.party, a.due],
  );
}

export async function actionsOfMeeting(db: Db, meetingId: string): Promise<ActionRow[]> {
  return db.query<ActionRow>(`${ACTIONS} WHERE a.meeting_id = $1 ORDER BY a.agenda_index, a.created_at`, [meetingId]);
}

export async function getAction(db: Db, id: string): Promise<ActionRow | null> {
  const [row] = await db.query<ActionRow>(`${ACTIONS} WHERE a.id = $1`, [id]);
  return row ?? null;
}

export async function setActionStatus(db: Db, id: string, status: 'open' | 'done'): Promise<void> {
  await db.query('UPDATE meeting_actions SET status = $2, updated_at = now() WHERE id = $1', [id, status]);
}

/** A person's open action items from sessions whose minutes are published, soonest due first; of one station. */
export async function openActionsOwnedBy(
  db: Db,
  personId: string,
  limit = 50,
  station: string | null = null,
): Promise<(ActionRow & { meeting_title: string })[]> {
  return db.query<ActionRow & { meeting_title: string }>(
    `SELECT a.*, NULL AS owner_name, mt.title AS meeting_title FROM meeting_actions a
     JOIN meetings mt ON mt.id = a.meeting_id
     WHERE a.owner_id = $1 AND a.status = 'open' AND mt.published_at IS NOT NULL
       AND ($3::text IS NULL OR mt.station = $3::text)
     ORDER BY a.due, a.created_at LIMIT $2`,
    [personId, limit, station],
  );
}

/** Open action items of a series' earlier sessions (before `before`), for the next session's agenda. */
export async function openActionsOfSeries(db: Db, seriesId: string, exceptMeeting: string): Promise<ActionRow[]> {
  return db.query<ActionRow>(
    `${ACTIONS} WHERE a.series_id = $1 AND a.meeting_id <> $2 AND a.status = 'open' ORDER BY a.created_at`,
    [seriesId, exceptMeeting],
  );
}

/** Where a running session stands, as its meeting room last saved it. */
export interface SavedRun {
  current: number;
  muted: string[];
  removed: string[];
  /** Who has the floor (absent in runs saved before the floor was kept). */
  speakerId?: string | null;
  /** Raised hands by person id, first raised first (absent in runs saved before hands were kept). */
  hands?: string[];
  /** Moderated or open discussion (absent in runs saved before a chair could open it: moderated). */
  discussion?: Discussion;
  /** Station staff who sat in without an invitation: they read the minutes and may own action items. */
  attended?: { id: string; name: string; party: MeetingParty }[];
}

export async function loadRun(db: Db, id: string): Promise<SavedRun | null> {
  const [row] = await db.query<{ run: SavedRun | null }>('SELECT run FROM meetings WHERE id = $1', [id]);
  return row?.run ?? null;
}

/** The last `limit` lines of a session's chat, oldest first. */
export async function chatOf(db: Db, meetingId: string, limit: number): Promise<MeetingChatLine[]> {
  const rows = await db.query<{
    id: number;
    person_id: string;
    name: string;
    party: MeetingParty;
    text: string;
    at: string;
  }>('SELECT id, person_id, name, party, text, at FROM meeting_chat WHERE meeting_id = $1 ORDER BY id DESC LIMIT $2', [
    meetingId,
    limit,
  ]);
  return rows
    .reverse()
    .map((r) => ({ id: r.id, from: r.person_id, name: r.name, party: r.party, text: r.text, at: r.at }));
}

/**
 * Store what changed at a session's table in one transaction: the run (null when unchanged) and new chat
 * lines, of which only the session's last `keep` stay. Lines already stored are skipped, so a write whose
 * commit was not confirmed can be tried again as it is.
 */
export async function saveLive(
  db: Db,
  id: string,
  run: SavedRun | null,
  lines: readonly MeetingChatLine[],
  keep: number,
): Promise<void> {
  const last = lines.at(-1);
  await db.transaction(async (tx) => {
    if (run) await tx.query('UPDATE meetings SET run = $2 WHERE id = $1', [id, JSON.stringify(run)]);
    if (!last) return;
    // Lines before the last `keep` of this batch would be trimmed at once: they are not written at all.
    const rows = lines
      .slice(-keep)
      .map((l) => ({ id: l.id, person_id: l.from, name: l.name, party: l.party, text: l.text, at: l.at }));
    await tx.query(
      `INSERT INTO meeting_chat (meeting_id, id, person_id, name, party, text, at)
       SELECT $1, x.id, x.person_id, x.name, x.party, x.text, x.at
       FROM jsonb_to_recordset($2::jsonb) AS x(id int, person_id text, name text, party text, text text, at timestamptz)
       ON CONFLICT (meeting_id, id) DO NOTHING`,
      [id, JSON.stringify(rows)],
    );
    await tx.query('DELETE FROM meeting_chat WHERE meeting_id = $1 AND id <= $2', [id, last.id - keep]);
  });
}
