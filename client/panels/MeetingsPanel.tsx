import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { hallLayout } from '../../shared/layout.ts';
import {
  AGENDA_MAX_ITEMS,
  PARTIES,
  TITLE_MAX,
  type MeetingParty,
  type MeetingSummary,
  type PublicMeeting,
} from '../../shared/meetings.ts';
import { meetingsApi } from '../net/meetingsApi.ts';
import { enterMeeting } from '../net/meetingConnection.ts';
import { openMinutesSheet } from './MeetingPanel.tsx';
import { useQueue } from '../net/queueStore.ts';
import { useSession } from '../net/session.ts';
import { walkTo } from '../net/walk.ts';
import { LabelledInput } from './LabelledInput.tsx';
import { useLabels } from './labels.ts';

type Person = { id: string; name: string; party: MeetingParty; shop?: string };

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** The form as it starts: the session being changed, or next week at 14:30. */
function initialForm(editing: MeetingSummary | null) {
  const start = editing ? new Date(editing.startsAt) : new Date(Date.now() + 7 * 86_400_000);
  return {
    title: editing?.title ?? '',
    date: dayOf(start),
    time: editing ? `${pad(start.getHours())}:${pad(start.getMinutes())}` : '14:30',
    minutes: editing?.minutes ?? 90,
    agenda:
      editing?.agenda
        .filter((a) => !a.followUpOf)
        .map((a) => a.title)
        .join('\n') ?? '',
  };
}

/** The upcoming sessions, as the notice board shows them to everyone: what and when. */
export function useBoardMeetings(): PublicMeeting[] {
  const token = useSession((s) => s.token);
  const version = useQueue((s) => s.meetingsVersion);
  const [meetings, setMeetings] = useState<PublicMeeting[]>([]);
  useEffect(() => {
    if (!token) return;
    let live = true;
    const load = () => void meetingsApi.board(token).then((r) => live && r.ok && setMeetings(r.value.meetings));
    load();
    // Those not invited hear of no change, so the board looks again every minute.
    const timer = setInterval(load, 60_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [token, version]);
  return meetings;
}

/** The notice board as a plain list. */
export function NoticeBoardPanel() {
  const { t } = useTranslation();
  const { time } = useLabels();
  const meetings = useBoardMeetings();
  const me = useSession((s) => s.me);
  // Station staff may sit in on any session once its door opens (in a spare seat of their party).
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const staff = me?.kind === 'staff';
  return (
    <details className="card notice-board">
      <summary>{t('meetings.boardHeading')}</summary>
      {meetings.length === 0 ? (
        <p className="muted small">{t('meetings.boardNone')}</p>
      ) : (
        <ul className="small">
          {meetings.map((m) => (
            <li key={m.id}>
              <strong>{t('meetings.heading')}</strong>：{m.title} ·{' '}
              {t('meetings.when', { time: time(m.startsAt), minutes: m.minutes })}
              {staff && me && Date.parse(m.opensAt) <= now && (
                <button type="button" className="small" onClick={() => void enterMeeting(m.id, me.id)}>
                  {t('meetings.sitIn', { title: m.title })}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

function ScheduleForm({ editing, onDone }: { editing: MeetingSummary | null; onDone: () => void }) {
  const { t } = useTranslation();
  const token = useSession((s) => s.token);
  const [people, setPeople] = useState<Person[]>([]);
  const [form, setForm] = useState(() => initialForm(editing));
  const [invited, setInvited] = useState<Record<string, MeetingParty>>(
    Object.fromEntries((editing?.invitees ?? []).map((i) => [i.id, i.party])),
  );
  const [filter, setFilter] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const ids = { title: useId(), agenda: useId(), filter: useId() };

  useEffect(() => {
    if (!token) return;
    let live = true;
    void meetingsApi.people(token).then((r) => live && r.ok && setPeople(r.value.people));
    return () => {
      live = false;
    };
  }, [token]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!token) return;
    const input = {
      title: form.title,
      date: form.date,
      time: form.time,
      minutes: Number(form.minutes),
      agenda: form.agenda
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .slice(0, AGENDA_MAX_ITEMS),
      invitees: Object.entries(invited).map(([id, party]) => ({ id, party })),
    };
    const r = editing ? await meetingsApi.edit(token, editing.id, input) : await meetingsApi.schedule(token, input);
    if (!r.ok) {
      setMessage(t(`meetings.errors.${r.error}`, { defaultValue: t('meetings.errors.invalid_input') }));
      return;
    }
    setMessage(t('meetings.saved'));
    onDone();
  }

  const shown = (p: Person) =>
    p.party !== 'merchant' ||
    !filter.trim() ||
    `${p.name}${p.shop ?? ''}`.includes(filter.trim()) ||
    Boolean(invited[p.id]);

  return (
    <form onSubmit={(e) => void onSubmit(e)} className="schedule-form">
      <h3>{editing ? t('meetings.editing') : t('meetings.schedule')}</h3>
      <div className="field">
        <label htmlFor={ids.title}>{t('meetings.title')}</label>
        <input
          id={ids.title}
          maxLength={TITLE_MAX}
          value={form.title}
          onChange={(e) => setForm({ ...form, title: e.target.value })}
        />
      </div>
      <div className="row">
        <LabelledInput
          label={t('meetings.date')}
          type="date"
          value={form.date}
          onChange={(e) => setForm({ ...form, date: e.target.value })}
        />
        <LabelledInput
          label={t('meetings.time')}
          type="time"
          value={form.time}
          onChange={(e) => setForm({ ...form, time: e.target.value })}
        />
        <LabelledInput
          label={t('meetings.minutes')}
          type="number"
          min={15}
          max={480}
          step={15}
          value={form.minutes}
          onChange={(e) => setForm({ ...form, minutes: Number(e.target.value) })}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.agenda}>{t('meetings.agendaLines')}</label>
        <textarea
          id={ids.agenda}
          rows={3}
          value={form.agenda}
          onChange={(e) => setForm({ ...form, agenda: e.target.value })}
        />
      </div>
      {PARTIES.map((party) => (
        <fieldset key={party}>
          <legend>{t('meetings.invite', { party: t(`meetings.parties.${party}`) })}</legend>
          {party === 'merchant' && (
            <div className="field">
              <label htmlFor={ids.filter} className="sr-only">
                {t('meetings.filter')}
              </label>
              <input
                id={ids.filter}
                placeholder={t('meetings.filter')}
                value={filter}
                onChange={(e) => setFilter(e.target.value)}
              />
            </div>
          )}
          <div className="invitee-list">
            {people
              .filter((p) => p.party === party && shown(p))
              .slice(0, 50)
              .map((p) => (
                <label key={p.id} className="choice">
                  <input
                    type="checkbox"
                    checked={invited[p.id] === party}
                    onChange={(e) => {
                      const next = { ...invited };
                      if (e.target.checked) next[p.id] = party;
                      else delete next[p.id];
                      setInvited(next);
                    }}
                  />
                  {p.name}
                  {p.shop && <span className="muted small"> · {p.shop}</span>}
                </label>
              ))}
          </div>
        </fieldset>
      ))}
      <p role="status" className="small">
        {message}
      </p>
      <button type="submit" className="primary">
        {t('meetings.save')}
      </button>
    </form>
  );
}

/**
 * "My meetings" for everyone concerned, and for park managers the planning of sessions: who is invited by
 * party, the agenda, changes and cancellation, which reach every invitee at once.
 */
export function MeetingsPanel({ canSchedule }: { canSchedule: boolean }) {
  const { t } = useTranslation();
  const { time } = useLabels();
  const token = useSession((s) => s.token);
  const me = useSession((s) => s.me);
  const version = useQueue((s) => s.meetingsVersion);
  const [meetings, setMeetings] = useState<MeetingSummary[]>([]);
  const [editing, setEditing] = useState<MeetingSummary | 'new' | null>(null);
  const [open, setOpen] = useState(false);
  const [reloads, setReloads] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const [message, setMessage] = useState('');

  useEffect(() => {
    if (!token || !open) return;
    let live = true;
    void meetingsApi.mine(token).then((r) => live && r.ok && setMeetings(r.value.meetings));
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [token, open, version, reloads]);

  const door = hallLayout.places.find((p) => p.id === 'meeting');
  return (
    <details className="card meetings" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('meetings.heading')}</summary>
      <h3>{t('meetings.mine')}</h3>
      {meetings.length === 0 && <p className="muted small">{t('meetings.none')}</p>}
      <p role="status" className="small">
        {message}
      </p>
      <ul className="meeting-list">
        {meetings.map((m) => {
          const live = m.status === 'scheduled' || m.status === 'running';
          const doorOpen = live && Date.parse(m.opensAt) <= now;
          return (
            <li key={m.id} className={`meeting meeting-${m.status}`}>
              <p>
                <strong>{m.title}</strong> · {t(`meetings.status.${m.status}`)}
              </p>
              <p className="small">
                {t('meetings.when', { time: time(m.startsAt), minutes: m.minutes })} ·{' '}
                {t('meetings.host', { name: m.hostName })}
              </p>
              {m.agenda.length > 0 && (
                <ol className="small">
                  {m.agenda.map((a, i) => (
                    <li key={i}>{a.title}</li>
                  ))}
                </ol>
              )}
              <p className="small">
                {PARTIES.map((party) => {
                  const names = m.invitees.filter((i) => i.party === party).map((i) => i.name);
                  return names.length ? `${t(`meetings.parties.${party}`)}：${names.join('、')}  ` : '';
                })}
              </p>
              {live &&
                (doorOpen ? (
                  <button
                    type="button"
                    className="primary"
                    onClick={() => {
                      // The avatar heads for the meeting room's door in the hall; the person sits at the table.
                      if (door) walkTo(door.x, door.z);
                      if (me) void enterMeeting(m.id, me.id);
                    }}
                  >
                    {t('meetings.door')}
                  </button>
                ) : (
                  <p className="muted small">{t('meetings.doorOpens', { time: time(m.opensAt) })}</p>
                ))}
              {m.status === 'ended' && (
                <button
                  type="button"
                  onClick={() =>
                    void (
                      token &&
                      openMinutesSheet(token, m.id).then((ok) => ok || setMessage(t('meeting.minutesNotReady')))
                    )
                  }
                >
                  {t('meeting.readMinutes')}
                </button>
              )}
              {canSchedule && m.status === 'scheduled' && m.hostId === me?.id && (
                <div className="row">
                  <button type="button" onClick={() => setEditing(m)}>
                    {t('meetings.edit')}
                  </button>
                  <button
                    type="button"
                    onClick={() => void (token && meetingsApi.cancel(token, m.id).then(() => setReloads((n) => n + 1)))}
                  >
                    {t('meetings.cancel')}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {canSchedule &&
        (editing ? (
          <>
            <ScheduleForm
              key={editing === 'new' ? 'new' : editing.id}
              editing={editing === 'new' ? null : editing}
              onDone={() => {
                setEditing(null);
                setReloads((n) => n + 1);
              }}
            />
            <button type="button" onClick={() => setEditing(null)}>
              {t('meetings.cancelEdit')}
            </button>
          </>
        ) : (
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            {t('meetings.schedule')}
          </button>
        ))}
    </details>
  );
}
