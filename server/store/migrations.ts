import { log } from '../log.ts';
import type { Db } from './db.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Applied in this order, each once; never edit one that has shipped, add the next version instead. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'staff_merchants_audit_throttle',
    sql: `
      CREATE TABLE staff (
        id text PRIMARY KEY,
        username text NOT NULL UNIQUE,
        display_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('officer', 'parkManager', 'admin')),
        password_hash text NOT NULL,
        disabled_at timestamptz,
        token_version int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE merchants (
        id text PRIMARY KEY,
        display_name text NOT NULL,
        shop_name text NOT NULL,
        phone text,
        recovery_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_kind text NOT NULL,
        actor_id text,
        action text NOT NULL,
        target_kind text,
        target_id text,
        detail jsonb NOT NULL DEFAULT '{}'::jsonb
      );
      CREATE INDEX audit_log_target_idx ON audit_log (target_kind, target_id);
      CREATE INDEX audit_log_at_idx ON audit_log (at);

      CREATE TABLE login_throttle (
        key text PRIMARY KEY,
        failures int NOT NULL DEFAULT 0,
        window_started_at timestamptz NOT NULL DEFAULT now(),
        locked_until timestamptz
      );
    `,
  },
  {
    version: 2,
    name: 'queue_desks_cases_ratings',
    sql: `
      CREATE TABLE counters (
        key text PRIMARY KEY,
        value int NOT NULL
      );

      CREATE TABLE cases (
        id text PRIMARY KEY,
        number text NOT NULL UNIQUE,
        merchant_id text NOT NULL REFERENCES merchants (id),
        service text NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'closed')),
        outcome text CHECK (outcome IN ('resolved', 'referred', 'followUpVisit', 'awaitingDocuments')),
        description text NOT NULL DEFAULT '',
        notes text NOT NULL DEFAULT '',
        checklist jsonb NOT NULL DEFAULT '[]'::jsonb,
        officer_id text REFERENCES staff (id),
        desk_id text,
        visits int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz
      );
      CREATE INDEX cases_merchant_idx ON cases (merchant_id, updated_at DESC);

      CREATE TABLE tickets (
        id text PRIMARY KEY,
        day text NOT NULL,
        seq int NOT NULL,
        number text NOT NULL,
        service text NOT NULL,
        merchant_id text NOT NULL REFERENCES merchants (id),
        description text NOT NULL DEFAULT '',
        taken_at timestamptz NOT NULL,
        appointment_at timestamptz,
        status text NOT NULL CHECK (status IN ('waiting', 'called', 'serving', 'done', 'left', 'noShow', 'expired')),
        desk_id text,
        officer_id text REFERENCES staff (id),
        called_at timestamptz,
        call_count int NOT NULL DEFAULT 0,
        served_at timestamptz,
        ended_at timestamptz,
        case_id text REFERENCES cases (id),
        UNIQUE (day, number)
      );
      CREATE INDEX tickets_day_idx ON tickets (day);
      -- One open ticket per merchant per service, whatever the process that took it.
      CREATE UNIQUE INDEX tickets_one_open_idx ON tickets (merchant_id, service)
        WHERE status IN ('waiting', 'called', 'serving');

      CREATE TABLE desks (
        id text PRIMARY KEY,
        officer_id text NOT NULL REFERENCES staff (id),
        services jsonb NOT NULL,
        paused boolean NOT NULL DEFAULT false,
        opened_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE case_messages (
        id bigserial PRIMARY KEY,
        case_id text NOT NULL REFERENCES cases (id),
        ticket_id text NOT NULL REFERENCES tickets (id),
        sender text NOT NULL CHECK (sender IN ('merchant', 'officer')),
        author_id text NOT NULL,
        body text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX case_messages_case_idx ON case_messages (case_id, id);

      CREATE TABLE ratings (
        case_id text PRIMARY KEY REFERENCES cases (id),
        ticket_id text NOT NULL REFERENCES tickets (id),
        merchant_id text NOT NULL REFERENCES merchants (id),
        officer_id text NOT NULL REFERENCES staff (id),
        desk_id text NOT NULL,
        level int NOT NULL CHECK (level BETWEEN 1 AND 5),
        comment text NOT NULL DEFAULT '',
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX ratings_officer_idx ON ratings (officer_id);
    `,
  },
  {
    version: 3,
    name: 'uploads_filings_visits',
    sql: `
      CREATE TABLE uploads (
        id text PRIMARY KEY,
        owner_id text NOT NULL REFERENCES merchants (id),
        mime text NOT NULL CHECK (mime IN ('image/png', 'image/jpeg', 'image/webp')),
        size int NOT NULL,
        sha256 text NOT NULL,
        bytes bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX uploads_owner_idx ON uploads (owner_id);

      CREATE TABLE visit_slots (
        id text PRIMARY KEY,
        officer_id text NOT NULL REFERENCES staff (id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
        merchant_id text REFERENCES merchants (id),
        case_id text REFERENCES cases (id),
        booked_at timestamptz,
        result text,
        result_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX visit_slots_time_idx ON visit_slots (starts_at);

      CREATE TABLE filings (
        id text PRIMARY KEY,
        merchant_id text NOT NULL REFERENCES merchants (id),
        case_id text NOT NULL REFERENCES cases (id),
        state text NOT NULL CHECK (state IN ('submitted', 'underReview', 'changesRequested', 'acceptedWithItems',
          'visitBooked', 'filed')),
        form jsonb NOT NULL,
        items jsonb NOT NULL DEFAULT '[]'::jsonb,
        deadline text,
        visit_slot_id text REFERENCES visit_slots (id),
        officer_id text REFERENCES staff (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX filings_merchant_idx ON filings (merchant_id);
      CREATE INDEX filings_state_idx ON filings (state);

      CREATE TABLE filing_events (
        id bigserial PRIMARY KEY,
        filing_id text NOT NULL REFERENCES filings (id),
        state text NOT NULL,
        actor_kind text NOT NULL CHECK (actor_kind IN ('merchant', 'officer')),
        actor_id text NOT NULL,
        items jsonb NOT NULL DEFAULT '[]'::jsonb,
        deadline text,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX filing_events_filing_idx ON filing_events (filing_id, id);
    `,
  },
  {
    version: 4,
    name: 'renovation_guidance',
    sql: `
      CREATE TABLE guidance (
        id text PRIMARY KEY,
        merchant_id text NOT NULL REFERENCES merchants (id),
        case_id text NOT NULL REFERENCES cases (id),
        answers jsonb NOT NULL,
        items jsonb NOT NULL,
        notes text NOT NULL DEFAULT '',
        confirmed_by text REFERENCES staff (id),
        confirmed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX guidance_merchant_idx ON guidance (merchant_id);
      CREATE INDEX guidance_case_idx ON guidance (case_id);
    `,
  },
  {
    version: 5,
    name: 'meetings',
    sql: `
      CREATE TABLE meetings (
        id text PRIMARY KEY,
        series_id text NOT NULL,
        host_id text NOT NULL REFERENCES staff (id),
        title text NOT NULL,
        starts_at timestamptz NOT NULL,
        minutes int NOT NULL,
        status text NOT NULL CHECK (status IN ('scheduled', 'running', 'ended', 'cancelled')),
        agenda jsonb NOT NULL DEFAULT '[]'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX meetings_starts_idx ON meetings (starts_at);
      CREATE INDEX meetings_series_idx ON meetings (series_id, starts_at);

      CREATE TABLE meeting_invitees (
        meeting_id text NOT NULL REFERENCES meetings (id),
        person_id text NOT NULL,
        party text NOT NULL CHECK (party IN ('officer', 'property', 'merchant')),
        PRIMARY KEY (meeting_id, person_id)
      );
      CREATE INDEX meeting_invitees_person_idx ON meeting_invitees (person_id);
    `,
  },
  {
    version: 6,
    name: 'meeting_minutes_actions',
    sql: `
      ALTER TABLE meetings ADD COLUMN co_host_ids jsonb NOT NULL DEFAULT '[]'::jsonb;
      ALTER TABLE meetings ADD COLUMN secretary_ids jsonb NOT NULL DEFAULT '[]'::jsonb;
      ALTER TABLE meetings ADD COLUMN published_at timestamptz;

      CREATE TABLE meeting_minutes (
        meeting_id text NOT NULL REFERENCES meetings (id),
        agenda_index int NOT NULL,
        text text NOT NULL DEFAULT '',
        decisions jsonb NOT NULL DEFAULT '[]'::jsonb,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (meeting_id, agenda_index)
      );

      CREATE TABLE meeting_actions (
        id text PRIMARY KEY,
        meeting_id text NOT NULL REFERENCES meetings (id),
        series_id text NOT NULL,
        agenda_index int NOT NULL,
        what text NOT NULL,
        owner_id text NOT NULL,
        party text NOT NULL CHECK (party IN ('officer', 'property', 'merchant')),
        due text NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'done')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX meeting_actions_series_idx ON meeting_actions (series_id);
      CREATE INDEX meeting_actions_owner_idx ON meeting_actions (owner_id);
    `,
  },
  {
    version: 7,
    name: 'meeting_run',
    // Where a running session stands (agenda item, muted and removed people), so a restart resumes it.
    sql: `ALTER TABLE meetings ADD COLUMN run jsonb;`,
  },
  {
    version: 8,
    name: 'tokens_and_limits',
    // Merchants' tokens carry a version, as staff tokens do: bumping it (sign-out, a new recovery code)
    // ends every token issued before. Sign-in counters count every attempt, refused ones too, and keep
    // whether the attempt that wrote the row was let through: the one statement that counts also decides.
    // The addresses a staff member signed in from lately keep their door open while strangers guess.
    sql: `
      ALTER TABLE merchants ADD COLUMN token_version int NOT NULL DEFAULT 0;

      ALTER TABLE login_throttle ADD COLUMN last_attempt_at timestamptz;
      ALTER TABLE login_throttle ADD COLUMN admitted boolean NOT NULL DEFAULT true;

      CREATE TABLE staff_sign_in_addresses (
        staff_id text NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
        address text NOT NULL,
        last_success_at timestamptz NOT NULL,
        PRIMARY KEY (staff_id, address)
      );
    `,
  },
  {
    version: 9,
    name: 'uploads_once',
    // Each distinct image's bytes once, named by the sha256 of those bytes; an upload becomes one merchant's
    // claim on them (one per merchant and image), so ownership stays per merchant while the bytes are shared.
    // Images stored earlier were kept as sent and their sha256 is of those very bytes, so they move as they
    // are. A merchant's repeated copies of one image fold into the earliest, and filings follow it.
    // touched_at (when the merchant last sent the image) is what the sweep of unused uploads goes by.
    sql: `
      CREATE TABLE upload_blobs (
        sha256 text PRIMARY KEY,
        mime text NOT NULL CHECK (mime IN ('image/png', 'image/jpeg', 'image/webp')),
        size int NOT NULL,
        bytes bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      INSERT INTO upload_blobs (sha256, mime, size, bytes, created_at)
        SELECT DISTINCT ON (sha256) sha256, mime, size, bytes, created_at FROM uploads ORDER BY sha256, created_at;

      CREATE TEMPORARY TABLE upload_copies ON COMMIT DROP AS
        SELECT id, keep FROM (
          SELECT id, first_value(id) OVER (PARTITION BY owner_id, sha256 ORDER BY created_at, id) AS keep FROM uploads
        ) ranked
        WHERE id <> keep;
      UPDATE filings f SET form = jsonb_set(f.form, '{designImage}', to_jsonb(c.keep))
        FROM upload_copies c WHERE f.form->>'designImage' = c.id;
      UPDATE filings f SET form = jsonb_set(f.form, '{streetPhoto}', to_jsonb(c.keep))
        FROM upload_copies c WHERE f.form->>'streetPhoto' = c.id;
      DELETE FROM uploads u USING upload_copies c WHERE u.id = c.id;

      ALTER TABLE uploads DROP COLUMN bytes;
      ALTER TABLE uploads ADD COLUMN touched_at timestamptz NOT NULL DEFAULT now();
      UPDATE uploads SET touched_at = created_at;
      ALTER TABLE uploads ADD CONSTRAINT uploads_blob_fk FOREIGN KEY (sha256) REFERENCES upload_blobs (sha256);
      DROP INDEX uploads_owner_idx;
      CREATE UNIQUE INDEX uploads_owner_image_idx ON uploads (owner_id, sha256);
      CREATE INDEX uploads_image_idx ON uploads (sha256);
      CREATE INDEX uploads_touched_idx ON uploads (touched_at);
    `,
  },
  {
    version: 10,
    name: 'case_entries',
    // A case's notes, checklist and outcome were one set of columns, which each desk visit overwrote. They
    // become entries, only ever added. What a case held so far becomes its first entry; a visit result that a
    // later completion overwrote is found again in visit_slots and added after it. Lines of the conversation
    // go with that first entry, except those of a visit still under way (its ticket is open).
    sql: `
      CREATE TABLE case_entries (
        id bigserial PRIMARY KEY,
        case_id text NOT NULL REFERENCES cases (id),
        kind text NOT NULL CHECK (kind IN ('desk', 'visit')),
        notes text NOT NULL DEFAULT '',
        checklist jsonb NOT NULL DEFAULT '[]'::jsonb,
        outcome text CHECK (outcome IN ('resolved', 'referred', 'followUpVisit', 'awaitingDocuments')),
        officer_id text REFERENCES staff (id),
        desk_id text,
        visit_slot_id text REFERENCES visit_slots (id),
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX case_entries_case_idx ON case_entries (case_id, id);
      -- A door-to-door visit has one result, so one entry.
      CREATE UNIQUE INDEX case_entries_visit_idx ON case_entries (visit_slot_id) WHERE visit_slot_id IS NOT NULL;

      ALTER TABLE case_messages ADD COLUMN entry_id bigint REFERENCES case_entries (id);

      INSERT INTO case_entries (case_id, kind, notes, checklist, outcome, officer_id, desk_id, visit_slot_id, at)
      SELECT case_id, kind, notes, checklist, outcome, officer_id, desk_id, visit_slot_id, at FROM (
        -- A case never served at a desk held only visit results in its notes.
        SELECT c.id AS case_id, CASE WHEN c.visits = 0 AND c.outcome IS NULL THEN 'visit' ELSE 'desk' END AS kind,
          c.notes, c.checklist, c.outcome, c.officer_id, c.desk_id,
          NULL::text AS visit_slot_id, COALESCE(c.closed_at, c.updated_at) AS at
        FROM cases c
        WHERE c.notes <> '' OR c.checklist <> '[]'::jsonb OR c.outcome IS NOT NULL
        UNION ALL
        SELECT v.case_id, 'visit', v.result, '[]'::jsonb, NULL, v.officer_id, NULL, v.id,
          COALESCE(v.result_at, v.starts_at)
        FROM visit_slots v JOIN cases c ON c.id = v.case_id
        WHERE v.result IS NOT NULL AND position(v.result IN c.notes) = 0
      ) earlier
      ORDER BY at, kind, case_id;

      UPDATE case_messages m SET entry_id = (
        SELECT min(e.id) FROM case_entries e WHERE e.case_id = m.case_id AND e.kind = 'desk'
      )
      WHERE NOT EXISTS (
        SELECT 1 FROM tickets t WHERE t.id = m.ticket_id AND t.status IN ('waiting', 'called', 'serving')
      );
      CREATE INDEX case_messages_entry_idx ON case_messages (entry_id);

      ALTER TABLE cases DROP COLUMN notes;
      ALTER TABLE cases DROP COLUMN checklist;
    `,
  },
  {
    version: 11,
    name: 'meeting_live',
    // A running session's chat, so a restart or a room made again for it shows the conversation so far: only
    // the last CHAT_HISTORY lines of each session are kept (the meeting room trims as it writes). Raised
    // hands and the floor join the agenda item in meetings.run (a jsonb, so no column changes).
    sql: `
      CREATE TABLE meeting_chat (
        meeting_id text NOT NULL REFERENCES meetings (id),
        id int NOT NULL,
        person_id text NOT NULL,
        name text NOT NULL,
        party text NOT NULL CHECK (party IN ('officer', 'property', 'merchant')),
        text text NOT NULL,
        at timestamptz NOT NULL,
        PRIMARY KEY (meeting_id, id)
      );
    `,
  },
  {
    version: 12,
    name: 'merchant_appearance',
    // How a merchant chose to look in the hall (shared/appearance.ts), checked by its schema on the way in and
    // again on the way out; NULL for those who never chose, who are drawn with a default derived from their id.
    sql: `
      ALTER TABLE merchants ADD COLUMN appearance jsonb;
    `,
  },
  {
    version: 13,
    name: 'concerns',
    // Concerns (诉求反映): one row each, with its deadlines as instants worked out on the station's calendar
    // when it was received (or reopened); contact_late_at and answer_late_at are set once by the station's
    // deadline check when it finds one passed. Its record is concern_entries, numbered per concern and only
    // ever added to (a trigger refuses any change or removal). Photos are uploads, which the sweep of unused
    // uploads leaves alone while a concern names them.
    sql: `
      CREATE TABLE concerns (
        id text PRIMARY KEY,
        number text NOT NULL UNIQUE,
        merchant_id text NOT NULL REFERENCES merchants (id),
        category jsonb NOT NULL,
        place text NOT NULL,
        what text NOT NULL,
        status text NOT NULL CHECK (status IN ('received', 'assigned', 'inProgress', 'answered', 'settled')),
        assignee_id text REFERENCES staff (id),
        reopens int NOT NULL DEFAULT 0,
        version int NOT NULL,
        received_at timestamptz NOT NULL,
        contact_by timestamptz NOT NULL,
        answer_by timestamptz NOT NULL,
        contacted_at timestamptz,
        contact_late_at timestamptz,
        answer_late_at timestamptz,
        updated_at timestamptz NOT NULL
      );
      CREATE INDEX concerns_merchant_idx ON concerns (merchant_id, received_at DESC);
      CREATE INDEX concerns_open_answer_idx ON concerns (answer_by)
        WHERE status IN ('received', 'assigned', 'inProgress');
      CREATE INDEX concerns_open_contact_idx ON concerns (contact_by)
        WHERE contacted_at IS NULL AND status IN ('received', 'assigned', 'inProgress');

      CREATE TABLE concern_photos (
        concern_id text NOT NULL REFERENCES concerns (id),
        position int NOT NULL,
        upload_id text NOT NULL REFERENCES uploads (id),
        PRIMARY KEY (concern_id, position)
      );
      CREATE INDEX concern_photos_upload_idx ON concern_photos (upload_id);

      CREATE TABLE concern_entries (
        concern_id text NOT NULL REFERENCES concerns (id),
        seq int NOT NULL,
        kind text NOT NULL,
        actor_role text NOT NULL CHECK (actor_role IN ('merchant', 'officer')),
        actor_id text NOT NULL,
        actor_name text NOT NULL,
        at timestamptz NOT NULL,
        detail jsonb NOT NULL,
        PRIMARY KEY (concern_id, seq)
      );
      CREATE FUNCTION concern_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
          RAISE EXCEPTION 'concern entries are only ever added';
        END
      $fn$;
      CREATE TRIGGER concern_entries_append_only BEFORE UPDATE OR DELETE ON concern_entries
        FOR EACH ROW EXECUTE FUNCTION concern_entries_append_only();
    `,
  },
  {
    version: 14,
    name: 'filing_items',
    // Each item to follow of a filing accepted with items missing (容缺受理), with what was last handed in,
    // and its history appended step by step (who, when, what). overdue_at is set by the station's deadline
    // check once, when it finds the item still owed after its day, and cleared when it is asked for again.
    // Images handed in are uploads, which the sweep of unused uploads leaves alone while an item names them.
    sql: `
      CREATE TABLE filing_items (
        id text PRIMARY KEY,
        filing_id text NOT NULL REFERENCES filings (id),
        position int NOT NULL,
        text text NOT NULL,
        deadline text NOT NULL,
        state text NOT NULL CHECK (state IN ('owed', 'handedIn', 'accepted', 'withdrawn')),
        answer jsonb,
        reason text,
        overdue_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX filing_items_filing_idx ON filing_items (filing_id, position);
      CREATE INDEX filing_items_owed_idx ON filing_items (deadline) WHERE state = 'owed' AND overdue_at IS NULL;

      CREATE TABLE filing_item_events (
        id bigserial PRIMARY KEY,
        item_id text NOT NULL REFERENCES filing_items (id),
        action text NOT NULL,
        state text NOT NULL,
        actor_kind text NOT NULL CHECK (actor_kind IN ('merchant', 'officer', 'station')),
        actor_id text,
        answer jsonb,
        image_id text REFERENCES uploads (id),
        reason text,
        deadline text,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX filing_item_events_item_idx ON filing_item_events (item_id, id);
      CREATE INDEX filing_item_events_image_idx ON filing_item_events (image_id) WHERE image_id IS NOT NULL;
    `,
  },
  {
    version: 15,
    name: 'notice_board',
    // Notices officers post on the board; days on the station's calendar (YYYY-MM-DD), compared as text. A
    // read mark per person (merchant or staff id, from two tables: no foreign key) and notice.
    sql: `
      CREATE TABLE notices (
        id text PRIMARY KEY,
        title text NOT NULL,
        body text NOT NULL,
        category text NOT NULL,
        valid_from text NOT NULL,
        valid_until text,
        pinned boolean NOT NULL DEFAULT false,
        retired_at timestamptz,
        posted_by text NOT NULL REFERENCES staff (id),
        posted_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX notices_live_idx ON notices (valid_from) WHERE retired_at IS NULL;
      CREATE TABLE notice_reads (
        notice_id text NOT NULL REFERENCES notices (id),
        reader_id text NOT NULL,
        read_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (reader_id, notice_id)
      );
    `,
  },
  {
    version: 16,
    name: 'station_dashboard',
    // The station lead: an officer account marked lead with npm run staff, read at each request. And what
    // the dashboard's period reads by time, so a year of a busy station answers in well under a second: ratings
    // by when they were given, concerns by when they were received, filing submissions by when they came in
    // (tickets are already read by day).
    sql: `
      ALTER TABLE staff ADD COLUMN lead boolean NOT NULL DEFAULT false;
      CREATE INDEX ratings_at_idx ON ratings (at);
      CREATE INDEX concerns_received_idx ON concerns (received_at);
      CREATE INDEX filing_events_submitted_idx ON filing_events (at) WHERE state = 'submitted';
    `,
  },
  {
    version: 17,
    name: 'stations',
    // One deployment, several stations (a park's hall each). The default station, 'main', is written at the
    // first start from STATION_NAME and STATION_ADDRESS; everything stored before belongs to it. Staff belong
    // to stations through staff_stations (an officer or park manager to one, an administrator to several);
    // merchants stay one identity across stations. A desk's id is a place in its station's hall, so desks are
    // keyed by station and id; a ticket's daily number is unique within its station. Case and concern numbers
    // stay unique across the deployment (their counters are not split): a merchant's file spans stations.
    sql: `
      CREATE TABLE stations (
        slug text PRIMARY KEY,
        name text NOT NULL,
        address text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE staff_stations (
        staff_id text NOT NULL REFERENCES staff (id),
        station text NOT NULL,
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (staff_id, station)
      );
      INSERT INTO staff_stations (staff_id, station) SELECT id, 'main' FROM staff;

      ALTER TABLE desks ADD COLUMN station text NOT NULL DEFAULT 'main';
      ALTER TABLE desks DROP CONSTRAINT desks_pkey;
      ALTER TABLE desks ADD PRIMARY KEY (station, id);

      ALTER TABLE tickets ADD COLUMN station text NOT NULL DEFAULT 'main';
      ALTER TABLE tickets DROP CONSTRAINT tickets_day_number_key;
      ALTER TABLE tickets ADD CONSTRAINT tickets_station_day_number_key UNIQUE (station, day, number);
      CREATE INDEX tickets_station_day_idx ON tickets (station, day);
      DROP INDEX tickets_one_open_idx;
      CREATE UNIQUE INDEX tickets_one_open_idx ON tickets (station, merchant_id, service)
        WHERE status IN ('waiting', 'called', 'serving');

      ALTER TABLE notices ADD COLUMN station text NOT NULL DEFAULT 'main';
      DROP INDEX notices_live_idx;
      CREATE INDEX notices_live_idx ON notices (station, valid_from) WHERE retired_at IS NULL;

      ALTER TABLE meetings ADD COLUMN station text NOT NULL DEFAULT 'main';
      DROP INDEX meetings_starts_idx;
      CREATE INDEX meetings_starts_idx ON meetings (station, starts_at);

      ALTER TABLE visit_slots ADD COLUMN station text NOT NULL DEFAULT 'main';
      CREATE INDEX visit_slots_free_idx ON visit_slots (station, starts_at) WHERE merchant_id IS NULL;
      ALTER TABLE concerns ADD COLUMN station text NOT NULL DEFAULT 'main';
      ALTER TABLE filings ADD COLUMN station text NOT NULL DEFAULT 'main';
      ALTER TABLE cases ADD COLUMN station text NOT NULL DEFAULT 'main';
      ALTER TABLE guidance ADD COLUMN station text NOT NULL DEFAULT 'main';
    `,
  },
  {
    version: 18,
    name: 'station_layouts',
    // Each station's hall has a layout (shared/layouts/registry.ts): every station so far has the hall as it
    // always was, 'standard'. The ids are checked by the code that writes them, not by a constraint, so that a
    // new layout needs no migration.
    sql: `
      ALTER TABLE stations ADD COLUMN layout text NOT NULL DEFAULT 'standard';
    `,
  },
  {
    version: 19,
    name: 'station_concerns_ratings',
    // Concerns are read by station: the officers' open list, a merchant's own at the station, the dashboard's
    // due today. A rating counts at the station of the ticket it is about (the visit that ended there), whatever
    // page the merchant rates from; ratings stored before take their ticket's station.
    sql: `
      CREATE INDEX concerns_station_merchant_idx ON concerns (station, merchant_id, received_at DESC);
      CREATE INDEX concerns_station_open_idx ON concerns (station, answer_by)
        WHERE status IN ('received', 'assigned', 'inProgress');

      ALTER TABLE ratings ADD COLUMN station text NOT NULL DEFAULT 'main';
      UPDATE ratings r SET station = t.station FROM tickets t WHERE t.id = r.ticket_id;
      CREATE INDEX ratings_station_officer_idx ON ratings (station, officer_id);
      CREATE INDEX ratings_station_at_idx ON ratings (station, at);
    `,
  },
  {
    version: 20,
    name: 'station_filings_cases_guidance',
    // Filings, cases and guidance sheets are read per station: the review list by station and time, a merchant's
    // cases, filings and sheets by station and merchant (the page is the station), so each list's index leads
    // with the station.
    sql: `
      CREATE INDEX filings_station_idx ON filings (station, updated_at);
      CREATE INDEX filings_station_merchant_idx ON filings (station, merchant_id, updated_at DESC);
      CREATE INDEX cases_station_merchant_idx ON cases (station, merchant_id, updated_at DESC);
      CREATE INDEX guidance_station_merchant_idx ON guidance (station, merchant_id, created_at DESC);
    `,
  },
  {
    version: 21,
    name: 'station_meetings_visits_period',
    // A merchant's visit bookings are listed per station (no index served them at all before), and the
    // dashboard's period reads a station's concerns by when they were received; the old index on the time
    // alone had no other reader. Meetings are already read by (station, starts_at), tickets by (station, day);
    // ratings and filing submissions reach their station through their ticket's or filing's key.
    sql: `
      CREATE INDEX visit_slots_merchant_idx ON visit_slots (station, merchant_id, starts_at)
        WHERE merchant_id IS NOT NULL;
      CREATE INDEX concerns_station_received_idx ON concerns (station, received_at);
      DROP INDEX concerns_received_idx;
    `,
  },
  {
    version: 22,
    name: 'dashboard_ticket_months',
    // A station dashboard's ticket figures of a whole past month, summed up once per station
    // (server/dashboard/store.ts): a year's period then reads twelve stored values instead of every ticket. A
    // stored month holds for the time zone and bucket width it was counted with; any ticket of that station and
    // month written again (a late expiry, a correction) drops it here, so the next read counts it afresh, and
    // the other stations' months of that month stay kept.
    sql: `
      CREATE TABLE dashboard_ticket_months (
        station text NOT NULL,
        month text NOT NULL,
        time_zone text NOT NULL,
        bucket_ms int NOT NULL,
        groups json NOT NULL,
        counted_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (station, month)
      );
      CREATE FUNCTION dashboard_ticket_month_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          DELETE FROM dashboard_ticket_months WHERE station = OLD.station AND month = left(OLD.day, 7);
        END IF;
        IF TG_OP <> 'DELETE' THEN
          DELETE FROM dashboard_ticket_months WHERE station = NEW.station AND month = left(NEW.day, 7);
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER tickets_dashboard_month AFTER INSERT OR UPDATE OR DELETE ON tickets
        FOR EACH ROW EXECUTE FUNCTION dashboard_ticket_month_changed();
    `,
  },
  {
    version: 23,
    name: 'merchants_known_at_station',
    // Staff find only the merchants known at their station (server/stations/knownMerchants.ts). Whether a
    // merchant ever took a number there is asked of each merchant a search or the invite list considers: the
    // station's tickets by day alone would be read through for every one of them. Coming into a station's
    // hall leaves no other record, so the hall notes each merchant's first time in it.
    sql: `
      CREATE INDEX tickets_station_merchant_idx ON tickets (station, merchant_id);
      CREATE TABLE hall_visitors (
        station text NOT NULL,
        merchant_id text NOT NULL REFERENCES merchants (id),
        first_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (station, merchant_id)
      );
    `,
  },
];

/**
 * Several servers may start at once on one PostgreSQL schema: each step holds an advisory lock keyed by the
 * schema until its transaction ends, so exactly one of them applies each migration. PGlite has one process.
 */
async function lockMigrations(tx: Db): Promise<void> {
  if (tx.kind !== 'postgres') return;
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('reception-hall.migrate.' || current_schema()))");
}

async function appliedVersions(db: Db): Promise<Set<number>> {
  const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations');
  return new Set(rows.map((r) => r.version));
}

/** Brings the database up to the newest migration; returns the versions this call applied. */
export async function migrate(db: Db): Promise<number[]> {
  await db.transaction(async (tx) => {
    await lockMigrations(tx);
    await tx.query(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version int PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )
    `);
  });

  const known = await appliedVersions(db);
  const applied: number[] = [];
  let previous = 0;
  for (const migration of migrations) {
    if (migration.version <= previous) throw new Error(`Migration ${migration.version} is out of order`);
    previous = migration.version;
    if (known.has(migration.version)) continue;
    const didApply = await db.transaction(async (tx) => {
      await lockMigrations(tx);
      // Another process may have applied it while this one waited for the lock.
      if ((await appliedVersions(tx)).has(migration.version)) return false;
      await tx.query(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (didApply) {
      applied.push(migration.version);
      log.info('db.migrated', { version: migration.version, name: migration.name });
    }
  }

  const newer = [...known].filter((v) => v > previous);
  if (newer.length > 0) log.warn('db.newer_than_code', { versions: newer.join(',') });
  return applied;
}
