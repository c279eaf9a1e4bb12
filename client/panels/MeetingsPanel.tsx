import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ConfirmButton } from './ConfirmButton.tsx';
import { hallLayout } from '../../shared/layout.ts';
import { mayContinueSeries, plans } from '../../shared/meetingRules.ts';
import {
  AGENDA_ITEM_MAX,
  AGENDA_MAX_ITEMS,
  INVITEES_MAX,
  PARTIES,
  PAST_DAYS,
  TITLE_MAX,
  scheduleMeetingSchema,
  stationClock,
  type MeetingParty,
  type MeetingSummary,
  type MyMeetings,
} from '../../shared/meetings.ts';
import { meetingsApi } from '../net/meetingsApi.ts';
import { enterMeeting } from '../net/meetingConnection.ts';
import { openMinutesSheet } from './MeetingPanel.tsx';
import { useQueue } from '../net/queueStore.ts';
import { useSession } from '../net/session.ts';
import { walkTo } from '../net/walk.ts';
import { FormError } from './FormError.tsx';
import { errorProps, FieldError, LabelledInput } from './LabelledInput.tsx';
import { useLabels } from './labels.ts';
import { useRefusalText } from './refusalText.ts';

// The notice board's list lives in its own file; the hall imports it from here as before.
export { NoticeBoardPanel, useBoardMeetings } from './NoticeBoardPanel.tsx';

type Person = { id: string; name: string; party: MeetingParty; shop?: string };

/** What the form starts from: a new session, a session being changed, or the next one of a series. */
type Plan = { kind: 'new' } | { kind: 'edit'; meeting: MeetingSummary } | { kind: 'next'; meeting: MeetingSummary };

/**
 * The form as it starts, in the station's clock (the server reads the date and time in its zone, whatever
 * the browser's): the session being changed as planned, else next week — at the series' usual hour, or 14:30.
 */
function initialForm(plan: Plan, zone: string) {
  const nextWeek = stationClock(Date.now() + 7 * 86_400_000, zone);
  if (plan.kind === 'edit') {
    const m = plan.meeting;
    return {
      title: m.title,
      date: m.stationDate,
      time: m.stationTime,
      minutes: m.minutes,
      agenda: m.agenda
        .filter((a) => !a.followUpOf)
        .map((a) => a.title)
        .join('\n'),
    };
  }
  const from = plan.kind === 'next' ? plan.meeting : null;
  return {
    title: from?.title ?? '',
    date: nextWeek.date,
    time: from?.stationTime ?? '14:30',
    minutes: from?.minutes ?? 90,
    agenda: '',
  };
}

type ScheduleField = 'title' | 'date' | 'time' | 'minutes' | 'agenda' | 'invitees';
type FieldErrors = Partial<Record<ScheduleField, string>>;
const SCHEDULE_FIELDS: readonly ScheduleField[] = ['title', 'date', 'time', 'minutes', 'agenda', 'invitees'];

/** Each wrong field once, with what it expects, in the person's language. */
function fieldErrors(issues: readonly { path: readonly PropertyKey[] }[], t: TFunction): FieldErrors {
  const limits = { title: TITLE_MAX, agenda: AGENDA_ITEM_MAX, invitees: INVITEES_MAX };
  const out: FieldErrors = {};
  for (const issue of issues) {
    const field = SCHEDULE_FIELDS.find((f) => f === issue.path[0]);
    if (field && !out[field])
      out[field] = t(`meetings.fieldErrors.${field}`, {
        max: limits[field as keyof typeof limits],
        items: AGENDA_MAX_ITEMS,
      });
  }
  return out;
}

function ScheduleForm({ plan, zone, onDone }: { plan: Plan; zone: string; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const token = useSession((s) => s.token);
  const [people, setPeople] = useState<Person[]>([]);
  const [form, setForm] = useState(() => initialForm(plan, zone));
  const [invited, setInvited] = useState<Record<string, MeetingParty>>(() =>
    Object.fromEntries((plan.kind === 'new' ? [] : plan.meeting.invitees).map((i) => [i.id, i.party])),
  );
  const [filter, setFilter] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const refusal = useRefusalText();
  const [errors, setErrors] = useState<FieldErrors>({});
  const ids = { agenda: useId(), filter: useId() };

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
      // The next session of a series: its open action items come back as follow-ups.
      ...(plan.kind === 'next' ? { seriesId: plan.meeting.seriesId } : {}),
    };
    // The same check the hall makes, so every field that is wrong is named at once, before anything is sent.
    const checked = scheduleMeetingSchema.safeParse(input);
    const found = checked.success ? {} : fieldErrors(checked.error.issues, t);
    setErrors(found);
    setRefused(null);
    if (!checked.success) {
      const names = SCHEDULE_FIELDS.filter((f) => found[f]).map((f) => t(`meetings.fieldNames.${f}`));
      setMessage(t('meetings.fixFields', { fields: new Intl.ListFormat(i18n.language).format(names) }));
      return;
    }
    const r =
      plan.kind === 'edit'
        ? await meetingsApi.edit(token, plan.meeting.id, input)
        : await meetingsApi.schedule(token, input);
    if (!r.ok) {
      setMessage(null);
      setRefused(refusal(r, { scope: 'meetings.errors', fallback: t('meetings.errors.invalid_input') }));
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
  const heading =
    plan.kind === 'edit'
      ? t('meetings.editing')
      : plan.kind === 'next'
        ? t('meetings.nextInSeriesHeading')
        : t('meetings.schedule');

  return (
    <form onSubmit={(e) => void onSubmit(e)} className="schedule-form" noValidate>
      <h3>{heading}</h3>
      {plan.kind === 'next' && <p className="small muted">{t('meetings.seriesNote')}</p>}
      <LabelledInput
        label={t('meetings.title')}
        maxLength={TITLE_MAX}
        error={errors.title}
        value={form.title}
        onChange={(e) => setForm({ ...form, title: e.target.value })}
      />
      <div className="row">
        <LabelledInput
          label={t('meetings.date')}
          type="date"
          error={errors.date}
          value={form.date}
          onChange={(e) => setForm({ ...form, date: e.target.value })}
        />
        <LabelledInput
          label={t('meetings.time')}
          type="time"
          error={errors.time}
          value={form.time}
          onChange={(e) => setForm({ ...form, time: e.target.value })}
        />
        <LabelledInput
          label={t('meetings.minutes')}
          type="number"
          min={15}
          max={480}
          step={15}
          error={errors.minutes}
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
          {...errorProps(ids.agenda, errors.agenda)}
          onChange={(e) => setForm({ ...form, agenda: e.target.value })}
        />
        <FieldError id={ids.agenda} error={errors.agenda} />
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
      <FormError message={refused} />
      <button type="submit" className="primary">
        {t('meetings.save')}
      </button>
    </form>
  );
}

/** Cancel a session, after saying so twice; the outcome (or why not) is told in the list's status line. */
function CancelButton({ meeting, onDone }: { meeting: MeetingSummary; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const token = useSession((s) => s.token);
  const refusal = useRefusalText();
  return (
    <ConfirmButton
      label={t('meetings.cancelOf', { title: meeting.title })}
      confirmLabel={t('meetings.confirmCancelOf', { title: meeting.title })}
      keepLabel={t('meetings.keepSession')}
      onConfirm={async () => {
        if (!token) return;
        const r = await meetingsApi.cancel(token, meeting.id);
        if (r.ok) return onDone(t('meetings.cancelledOk', { title: meeting.title }));
        const reason = refusal(r, { scope: 'meetings.errors', fallback: t('meetings.errors.invalid_input') });
        onDone(t('meetings.cancelFailed', { reason }));
      }}
    />
  );
}

interface SessionProps {
  m: MeetingSummary;
  now: number;
  canSchedule: boolean;
  onPlan: (plan: Plan) => void;
  onMessage: (message: string) => void;
}

/** One session in "My meetings": when, who chairs, the agenda, who takes part, and what can be done with it. */
function SessionItem({ m, now, canSchedule, onPlan, onMessage }: SessionProps) {
  const { t } = useTranslation();
  const { time } = useLabels();
  const token = useSession((s) => s.token);
  const me = useSession((s) => s.me);
  const live = m.status === 'scheduled' || m.status === 'running';
  const doorOpen = live && Date.parse(m.opensAt) <= now;
  const door = hallLayout.places.find((p) => p.id === 'meeting');
  // Continuing the series is for whoever chairs a session of it (the server checks the same rule).
  const continues = Boolean(me) && mayContinueSeries([m], me!.id);
  const parties = PARTIES.map((party) => {
    const names = m.invitees.filter((i) => i.party === party).map((i) => i.name);
    return names.length
      ? t('meetings.partyNames', { party: t(`meetings.parties.${party}`), names: names.join(t('meetings.listSep')) })
      : '';
  }).filter(Boolean);
  return (
    <li className={`meeting meeting-${m.status}`}>
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
      <p className="small">{parties.join('  ')}</p>
      {live &&
        (doorOpen ? (
          <button
            type="button"
            className="primary"
            onClick={() => {
              // The avatar heads for the meeting room's door in the hall; the person sits at the table.
              if (door) walkTo(door.x, door.z);
              if (me) void enterMeeting(m.id, me.id, m);
            }}
          >
            {t('meetings.doorOf', { title: m.title })}
          </button>
        ) : (
          <p className="muted small">{t('meetings.doorOpens', { time: time(m.opensAt) })}</p>
        ))}
      {m.status === 'ended' && (
        <button
          type="button"
          onClick={() =>
            void (token && openMinutesSheet(token, m.id).then((ok) => ok || onMessage(t('meeting.minutesNotReady'))))
          }
        >
          {t('meetings.readMinutesOf', { title: m.title })}
        </button>
      )}
      {canSchedule && (
        <div className="row">
          {m.status === 'scheduled' && me && plans(m, me.id) && (
            <>
              <button type="button" onClick={() => onPlan({ kind: 'edit', meeting: m })}>
                {t('meetings.editOf', { title: m.title })}
              </button>
              <CancelButton meeting={m} onDone={onMessage} />
            </>
          )}
          {continues && m.status !== 'cancelled' && (
            <button type="button" onClick={() => onPlan({ kind: 'next', meeting: m })}>
              {t('meetings.nextInSeries', { title: m.title })}
            </button>
          )}
        </div>
      )}
    </li>
  );
}

/** The person's own open action items, from published minutes: marked done here without hunting for them. */
function MyActions({ actions, onChanged }: { actions: MyMeetings['actions']; onChanged: (message?: string) => void }) {
  const { t } = useTranslation();
  const token = useSession((s) => s.token);
  const refusal = useRefusalText();
  return (
    <>
      <h3>{t('meetings.myActions')}</h3>
      {actions.length === 0 ? (
        <p className="muted small">{t('meetings.myActionsNone')}</p>
      ) : (
        <ul className="plain small my-actions">
          {actions.map((a) => (
            <li key={a.id}>
              {t('meetings.actionLine', { what: a.what, title: a.meetingTitle, due: a.due })}{' '}
              <button
                type="button"
                className="small"
                onClick={async () => {
                  if (!token) return;
                  const r = await meetingsApi.setActionStatus(token, a.id, 'done');
                  onChanged(r.ok ? undefined : refusal(r, { fallback: t('meetings.markDoneFailed') }));
                }}
              >
                {t('meetings.markDone', { what: a.what })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/**
 * "My meetings" for everyone concerned, and for park managers the planning of sessions: who is invited by
 * party, the agenda, changes and cancellation, which reach every invitee at once. Ended sessions stay listed
 * (most recent first), so their published minutes and action items remain within reach.
 */
export function MeetingsPanel({ canSchedule }: { canSchedule: boolean }) {
  const { t } = useTranslation();
  const token = useSession((s) => s.token);
  const version = useQueue((s) => s.meetingsVersion);
  const [mine, setMine] = useState<MyMeetings>({ meetings: [], past: [], actions: [], zone: 'Asia/Shanghai' });
  const [plan, setPlan] = useState<Plan | null>(null);
  const [open, setOpen] = useState(false);
  const [reloads, setReloads] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const [message, setMessage] = useState('');

  useEffect(() => {
    if (!token || !open) return;
    let live = true;
    void meetingsApi.mine(token).then((r) => live && r.ok && setMine(r.value));
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [token, open, version, reloads]);

  const reload = (text?: string) => {
    if (text !== undefined) setMessage(text);
    setReloads((n) => n + 1);
  };
  const item = (m: MeetingSummary) => (
    <SessionItem
      key={m.id}
      m={m}
      now={now}
      canSchedule={canSchedule}
      onPlan={setPlan}
      onMessage={(text) => reload(text)}
    />
  );
  return (
    <details className="card meetings" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('meetings.heading')}</summary>
      <h3>{t('meetings.mine')}</h3>
      {mine.meetings.length === 0 && <p className="muted small">{t('meetings.none')}</p>}
      <p role="status" className="small">
        {message}
      </p>
      <ul className="meeting-list">{mine.meetings.map(item)}</ul>
      <MyActions actions={mine.actions} onChanged={reload} />
      <h3>{t('meetings.past')}</h3>
      {mine.past.length === 0 ? (
        <p className="muted small">{t('meetings.pastNone', { days: PAST_DAYS })}</p>
      ) : (
        <ul className="meeting-list past">{mine.past.map(item)}</ul>
      )}
      {canSchedule &&
        (plan ? (
          <>
            <ScheduleForm
              key={plan.kind === 'new' ? 'new' : `${plan.kind}-${plan.meeting.id}`}
              plan={plan}
              zone={mine.zone}
              onDone={() => {
                setPlan(null);
                reload();
              }}
            />
            <button type="button" onClick={() => setPlan(null)}>
              {t('meetings.cancelEdit')}
            </button>
          </>
        ) : (
          <button type="button" className="primary" onClick={() => setPlan({ kind: 'new' })}>
            {t('meetings.schedule')}
          </button>
        ))}
    </details>
  );
}
