import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from './ConfirmButton.tsx';
import { create } from 'zustand';
import { MEETING_CHAT_MAX, MeetingIntent } from '../../shared/meetingRoom.ts';
import { chairs, mayUpdateAction, mayWriteMinutes, plans, type SessionParts } from '../../shared/meetingRules.ts';
import {
  ACTION_MAX,
  MeetingError,
  MINUTES_TEXT_MAX,
  PARTIES,
  type MeetingMinutes,
  type MeetingSummary,
  type MinutesClash,
} from '../../shared/meetings.ts';
import {
  atTable,
  leaveMeeting,
  sendMeeting,
  useMeeting,
  type MeetingView,
  type SeatView,
} from '../net/meetingConnection.ts';
import { meetingsApi } from '../net/meetingsApi.ts';
import { useSession } from '../net/session.ts';
import { useNotices } from '../net/stores.ts';
import { LabelledInput } from './LabelledInput.tsx';
import { useLabels } from './labels.ts';
import { usePrintPage } from './printPage.ts';
import { useRefusalText } from './refusalText.ts';
import { hasWords } from '../i18n/codes.ts';
import { zhCN } from '../i18n/zh-CN.ts';

/** How long after the last keystroke minutes are saved, ms. */
const AUTOSAVE_MS = 700;

/** Minutes typed but not yet saved, sent before the chair ends the session (which publishes them). */
const unsaved = new Set<() => Promise<unknown>>();
async function saveAllMinutes(): Promise<void> {
  await Promise.all([...unsaved].map((send) => send()));
}

type Sheet = { meeting: MeetingSummary; minutes: MeetingMinutes };

/** Published minutes shown as a printable page (see styles.css, .print-sheet). */
export const useMinutesSheet = create<{ sheet: Sheet | null; show(sheet: Sheet | null): void }>((set) => ({
  sheet: null,
  show: (sheet) => set({ sheet }),
}));

/** Open a session's published minutes as a page, however long ago it was; false when they cannot be read (yet). */
export async function openMinutesSheet(token: string, meetingId: string): Promise<boolean> {
  const [meeting, minutes] = await Promise.all([
    meetingsApi.one(token, meetingId),
    meetingsApi.minutes(token, meetingId),
  ]);
  if (!meeting.ok || !minutes.ok) return false;
  useMinutesSheet.getState().show({ meeting: meeting.value, minutes: minutes.value });
  return true;
}

/**
 * The session's parts as the room shows them: the room marks who chairs and who keeps the minutes by the
 * shared rules, and the page asks the same rules what that lets this person do.
 */
function partsAtTable(view: MeetingView): SessionParts {
  return {
    hostId: view.host,
    coHostIds: view.participants.filter((p) => p.chair).map((p) => p.id),
    secretaryIds: view.participants.filter((p) => p.secretary).map((p) => p.id),
    invitees: view.participants,
  };
}

function nameOf(view: MeetingView, id: string): string {
  return view.participants.find((p) => p.id === id)?.name ?? '';
}

/** Raise or lower a hand, end one's turn: what every participant can do. */
function FloorControls({ view, me }: { view: MeetingView; me: SeatView }) {
  const { t } = useTranslation();
  const raised = view.hands.includes(me.id);
  const running = view.phase === 'running';
  return (
    <div className="row">
      <button
        type="button"
        className={raised ? '' : 'primary'}
        disabled={!running || view.speaker === me.id}
        onClick={() => sendMeeting(raised ? MeetingIntent.lowerHand : MeetingIntent.raiseHand)}
      >
        {raised ? t('meeting.lowerHand') : t('meeting.raiseHand')}
      </button>
      {view.speaker === me.id && (
        <button type="button" onClick={() => sendMeeting(MeetingIntent.endTurn)}>
          {t('meeting.endTurn')}
        </button>
      )}
    </div>
  );
}

/** The chair's controls: start, next item, give the floor, end. */
function ChairControls({ view }: { view: MeetingView }) {
  const { t } = useTranslation();
  if (view.phase === 'scheduled') {
    return (
      <div className="row">
        <button type="button" className="primary" onClick={() => sendMeeting(MeetingIntent.start)}>
          {t('meeting.start')}
        </button>
      </div>
    );
  }
  if (view.phase !== 'running') return null;
  const last = view.current >= view.agenda.length - 1;
  return (
    <div className="row chair-controls" role="group" aria-label={t('meeting.chairControls')}>
      <button
        type="button"
        className="primary"
        disabled={view.hands.length === 0}
        onClick={() => sendMeeting(MeetingIntent.giveFloor, {})}
      >
        {view.hands[0] ? t('meeting.giveFloorTo', { name: nameOf(view, view.hands[0]) }) : t('meeting.noHands')}
      </button>
      {view.speaker && (
        <button type="button" onClick={() => sendMeeting(MeetingIntent.endTurn)}>
          {t('meeting.endSpeakerTurn')}
        </button>
      )}
      <button type="button" disabled={last} onClick={() => sendMeeting(MeetingIntent.nextItem)}>
        {t('meeting.nextItem')}
      </button>
      <ConfirmButton
        label={t('meeting.end')}
        confirmLabel={t('meeting.confirmEnd')}
        keepLabel={t('meeting.keepGoing')}
        onConfirm={() => saveAllMinutes().then(() => sendMeeting(MeetingIntent.end))}
      />
    </div>
  );
}

/** Who is at the table, by party; the chair mutes, removes and gives the floor from here. */
function People({ view, me, chair }: { view: MeetingView; me: SeatView; chair: boolean }) {
  const { t } = useTranslation();
  const token = useSession((s) => s.token);
  const [removing, setRemoving] = useState<string | null>(null);
  const refusal = useRefusalText();
  const isHost = plans({ hostId: view.host }, me.id);
  const coHosts = view.participants.filter((p) => p.chair && p.id !== view.host).map((p) => p.id);
  const secretaries = view.participants.filter((p) => p.secretary).map((p) => p.id);
  // The room shows the roles once the hall has them; a refusal is told, as nothing else would change.
  const setRoles = (coHostIds: string[], secretaryIds: string[]) =>
    token &&
    void meetingsApi
      .setRoles(token, view.meetingId, { coHostIds, secretaryIds })
      .then((r) => r.ok || useNotices.getState().tell('refusals.asNotice', { text: refusal(r) }));
  return (
    <div>
      <h4>{t('meeting.people')}</h4>
      {PARTIES.map((party) => {
        const people = view.participants.filter((p) => p.party === party);
        if (people.length === 0) return null;
        return (
          <section key={party} className={`party party-${party}`}>
            <h5>{t(`meetings.parties.${party}`)}</h5>
            <ul className="plain">
              {people.map((p) => (
                <li key={p.id} className={p.present ? '' : 'muted'}>
                  <span>
                    {p.name}
                    {p.shop && <span className="muted small"> · {p.shop}</span>}
                    {p.id === view.host && <span className="tag">{t('meeting.host')}</span>}
                    {p.chair && p.id !== view.host && <span className="tag">{t('meeting.coHost')}</span>}
                    {p.secretary && <span className="tag">{t('meeting.secretary')}</span>}
                    {p.muted && <span className="tag warn">{t('meeting.mutedTag')}</span>}
                    <span className="sr-only">
                      {' '}
                      {p.present ? (p.online ? t('meeting.here') : t('meeting.reconnecting')) : t('meeting.away')}
                    </span>
                  </span>
                  {chair && p.present && p.id !== me.id && view.phase === 'running' && (
                    <button
                      type="button"
                      className="small"
                      onClick={() => sendMeeting(MeetingIntent.giveFloor, { to: p.id })}
                    >
                      {t('meeting.giveFloorShort', { name: p.name })}
                    </button>
                  )}
                  {chair && !p.chair && p.id !== me.id && (
                    <button
                      type="button"
                      className="small"
                      onClick={() => sendMeeting(MeetingIntent.mute, { personId: p.id, muted: !p.muted })}
                    >
                      {p.muted ? t('meeting.unmute', { name: p.name }) : t('meeting.mute', { name: p.name })}
                    </button>
                  )}
                  {chair &&
                    !p.chair &&
                    p.id !== me.id &&
                    (removing === p.id ? (
                      <button
                        type="button"
                        className="small danger"
                        onClick={() => {
                          sendMeeting(MeetingIntent.remove, { personId: p.id });
                          setRemoving(null);
                        }}
                      >
                        {t('meeting.confirmRemove', { name: p.name })}
                      </button>
                    ) : (
                      <button type="button" className="small" onClick={() => setRemoving(p.id)}>
                        {t('meeting.remove', { name: p.name })}
                      </button>
                    ))}
                  {isHost && p.id !== me.id && view.phase !== 'ended' && (
                    <>
                      {p.party !== 'merchant' && (
                        <button
                          type="button"
                          className="small"
                          onClick={() =>
                            setRoles(p.chair ? coHosts.filter((c) => c !== p.id) : [...coHosts, p.id], secretaries)
                          }
                        >
                          {p.chair
                            ? t('meeting.unmakeCoHost', { name: p.name })
                            : t('meeting.makeCoHost', { name: p.name })}
                        </button>
                      )}
                      <button
                        type="button"
                        className="small"
                        onClick={() =>
                          setRoles(
                            coHosts,
                            p.secretary ? secretaries.filter((c) => c !== p.id) : [...secretaries, p.id],
                          )
                        }
                      >
                        {p.secretary
                          ? t('meeting.unmakeSecretary', { name: p.name })
                          : t('meeting.makeSecretary', { name: p.name })}
                      </button>
                    </>
                  )}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

function MeetingChat({ me }: { me: SeatView }) {
  const { t } = useTranslation();
  const { time } = useLabels();
  const chat = useMeeting((s) => s.chat);
  const [text, setText] = useState('');
  const id = useId();
  const log = useRef<HTMLOListElement>(null);
  useEffect(() => {
    // The log scrolls to its newest line; the page itself stays where the person is reading.
    if (log.current) log.current.scrollTop = log.current.scrollHeight;
  }, [chat.length]);
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!text.trim()) return;
    sendMeeting(MeetingIntent.chat, { text });
    setText('');
  }
  return (
    <div className="meeting-chat">
      <h4>{t('meeting.chat')}</h4>
      <ol ref={log} className="chat-log plain" role="log" aria-live="polite" aria-label={t('meeting.chat')}>
        {chat.map((line) => (
          <li key={line.id} className={`chat-line party-${line.party}`}>
            <span className="muted small">
              {line.name} · {time(line.at)}
            </span>
            <span>{line.text}</span>
          </li>
        ))}
      </ol>
      {me.muted ? (
        <p className="muted small">{t('meeting.youAreMuted')}</p>
      ) : (
        <form className="row" onSubmit={onSubmit}>
          <label htmlFor={id} className="sr-only">
            {t('meeting.chatInput')}
          </label>
          <input
            id={id}
            maxLength={MEETING_CHAT_MAX}
            value={text}
            placeholder={t('meeting.chatInput')}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit">{t('meeting.send')}</button>
        </form>
      )}
    </div>
  );
}

/**
 * The minutes of one agenda item, saved as they are typed. Each save names the version it was typed over;
 * when another writer (the chair, a secretary) saved in between, the save is refused and both texts are
 * shown: the writer's stays in the box until they keep it or take the other one.
 */
function MinutesItem({
  meetingId,
  index,
  initial,
  onSaved,
}: {
  meetingId: string;
  index: number;
  initial: { text: string; decisions: string[]; version: string };
  /** The minutes as the hall now has them, after each save. */
  onSaved: (minutes: MeetingMinutes) => void;
}) {
  const { t } = useTranslation();
  const token = useSession((s) => s.token);
  const [text, setText] = useState(initial.text);
  const [decisions, setDecisions] = useState(initial.decisions.join('\n'));
  const [saving, setSaving] = useState<'idle' | 'pending' | 'saved' | 'failed' | 'clash'>('idle');
  /** Why the last save was refused, when the hall said more than "not saved" (a request limit's wait). */
  const [failure, setFailure] = useState<string | null>(null);
  const refusal = useRefusalText();
  /** The other writer's text, when a save was refused because of it. */
  const [clash, setClash] = useState<MinutesClash | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  /** What is typed but not yet sent. */
  const pending = useRef<{ text: string; decisions: string } | null>(null);
  /** The version of the item this writer's text is based on. */
  const version = useRef(initial.version);
  const ids = { text: useId(), decisions: useId(), theirs: useId() };

  const flush = useRef(async (keepalive: boolean) => {
    clearTimeout(timer.current);
    const next = pending.current;
    pending.current = null;
    if (!next || !token) return;
    const list = next.decisions
      .split('\n')
      .map((d) => d.trim())
      .filter(Boolean);
    const r = await meetingsApi.writeMinutes(
      token,
      meetingId,
      index,
      { text: next.text, decisions: list, version: version.current },
      keepalive,
    );
    if (r.ok) {
      version.current = r.value.items[index]?.version ?? version.current;
      setSaving('saved');
      setClash(null);
      onSaved(r.value);
    } else if (r.clash) {
      setSaving('clash');
      setClash(r.clash);
    } else {
      setSaving('failed');
      setFailure(r.error === 'network' ? null : refusal(r));
      // Held back by a limit: what was typed goes out again once the wait is over, unless newer text has.
      if (r.retryAfter !== undefined && !keepalive) {
        pending.current ??= next;
        clearTimeout(timer.current);
        timer.current = setTimeout(() => void flush.current(false), r.retryAfter * 1000);
      }
    }
  });
  const save = (text: string, decisions: string) => {
    pending.current = { text, decisions };
    setSaving('pending');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => flush.current(false), AUTOSAVE_MS);
  };
  /** The writer keeps their own text: saved over the other one, now that they have seen it. */
  const keepMine = () => {
    if (!clash) return;
    version.current = clash.version;
    pending.current = { text, decisions };
    void flush.current(false);
  };
  const takeTheirs = () => {
    if (!clash) return;
    version.current = clash.version;
    pending.current = null;
    clearTimeout(timer.current);
    setText(clash.text);
    setDecisions(clash.decisions.join('\n'));
    setClash(null);
    setSaving('idle');
  };
  useEffect(() => {
    // Nothing typed is lost: what is pending goes out when the item changes or the page goes away.
    const send = flush.current;
    const away = () => void send(true);
    const now = () => send(false);
    unsaved.add(now);
    window.addEventListener('pagehide', away);
    return () => {
      unsaved.delete(now);
      window.removeEventListener('pagehide', away);
      void send(true);
    };
  }, []);

  return (
    <div className="minutes-item">
      <div className="field">
        <label htmlFor={ids.text}>{t('meeting.minutesText')}</label>
        <textarea
          id={ids.text}
          rows={4}
          maxLength={MINUTES_TEXT_MAX}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            save(e.target.value, decisions);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.decisions}>{t('meeting.decisions')}</label>
        <textarea
          id={ids.decisions}
          rows={2}
          value={decisions}
          onChange={(e) => {
            setDecisions(e.target.value);
            save(text, e.target.value);
          }}
        />
      </div>
      <p className="small muted" role="status">
        {saving === 'idle' ? '' : saving === 'failed' && failure ? failure : t(`meeting.save.${saving}`)}
      </p>
      {clash && (
        <div className="minutes-clash" role="group" aria-labelledby={ids.theirs}>
          <p role="alert" className="warn">
            {t('meeting.clash')}
          </p>
          <h5 id={ids.theirs}>{t('meeting.clashTheirs')}</h5>
          <blockquote className="minutes-text">{clash.text}</blockquote>
          {clash.decisions.length > 0 && (
            <ul className="small">
              {clash.decisions.map((d, i) => (
                <li key={i}>{d}</li>
              ))}
            </ul>
          )}
          <div className="row">
            <button type="button" onClick={keepMine}>
              {t('meeting.clashKeepMine')}
            </button>
            <button type="button" onClick={takeTheirs}>
              {t('meeting.clashTakeTheirs')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

/** The chair's or secretary's minutes: per agenda item, with decisions and action items. */
function MinutesEditor({ view }: { view: MeetingView }) {
  const { t } = useTranslation();
  const token = useSession((s) => s.token);
  const [minutes, setMinutes] = useState<MeetingMinutes | null>(null);
  /** The item the editor was last read fresh for: its text box starts from what the hall has. */
  const [loadedFor, setLoadedFor] = useState<number | null>(null);
  const [chosen, setChosen] = useState<number | null>(null);
  const [action, setAction] = useState({ what: '', ownerId: '', due: '' });
  const [message, setMessage] = useState('');
  const refusal = useRefusalText();
  const ids = { item: useId(), what: useId(), owner: useId() };
  const index = chosen ?? Math.max(0, view.current);

  useEffect(() => {
    if (!token) return;
    let live = true;
    // Read afresh for each item: another writer (the chair, a secretary) may have added to it.
    void meetingsApi.minutes(token, view.meetingId).then((r) => {
      if (!live || !r.ok) return;
      setMinutes(r.value);
      setLoadedFor(index);
    });
    return () => {
      live = false;
    };
  }, [token, view.meetingId, index]);

  if (!minutes) return <p className="muted small">{t('meeting.loadingMinutes')}</p>;
  const item = minutes.items[index];
  // Who may own an item, as the hall decides it: the host, the invitees and staff who sat in — also those
  // who came in since the minutes were read (the room notes them as they take a seat).
  const known = new Set(minutes.owners.map((o) => o.id));
  const owners = [
    ...minutes.owners,
    ...view.participants
      .filter((p) => p.present && !known.has(p.id))
      .map((p) => ({ id: p.id, name: p.name, party: p.party })),
  ];
  const personParty = (name: string, party: MeetingMinutes['owners'][number]['party']) =>
    t('meeting.personParty', { name, party: t(`meetings.parties.${party}`) });

  async function onAdd(e: FormEvent) {
    e.preventDefault();
    const owner = owners.find((p) => p.id === action.ownerId);
    if (!token || !owner) return setMessage(t('meeting.actionNeedsOwner'));
    const r = await meetingsApi.addAction(token, view.meetingId, {
      agendaIndex: index,
      what: action.what,
      ownerId: owner.id,
      party: owner.party,
      due: action.due,
    });
    if (!r.ok)
      return setMessage(
        r.error === MeetingError.invalidOwner
          ? t('meeting.actionOwnerInvalid')
          : refusal(r, { fallback: t('meeting.actionRefused') }),
      );
    setMinutes(r.value);
    setAction({ what: '', ownerId: '', due: '' });
    setMessage(t('meeting.actionAdded'));
  }

  return (
    <section className="minutes-editor" aria-labelledby={ids.item}>
      <h4 id={ids.item}>{t('meeting.minutes')}</h4>
      <div className="field">
        <label htmlFor={`${ids.item}-pick`}>{t('meeting.minutesFor')}</label>
        <select id={`${ids.item}-pick`} value={index} onChange={(e) => setChosen(Number(e.target.value))}>
          {minutes.items.map((it) => (
            <option key={it.agendaIndex} value={it.agendaIndex}>
              {it.agendaIndex + 1}. {it.title}
            </option>
          ))}
        </select>
      </div>
      {item && loadedFor === index && (
        <MinutesItem
          key={`${view.meetingId}-${index}`}
          meetingId={view.meetingId}
          index={index}
          initial={item}
          onSaved={setMinutes}
        />
      )}
      <h5>{t('meeting.actions')}</h5>
      <ul className="plain small">
        {minutes.actions
          .filter((a) => a.agendaIndex === index)
          .map((a) => (
            <li key={a.id}>
              {a.what} · {personParty(a.ownerName, a.party)} · {a.due}
            </li>
          ))}
      </ul>
      <form onSubmit={(e) => void onAdd(e)} className="action-form">
        <div className="field">
          <label htmlFor={ids.what}>{t('meeting.actionWhat')}</label>
          <input
            id={ids.what}
            maxLength={ACTION_MAX}
            value={action.what}
            onChange={(e) => setAction({ ...action, what: e.target.value })}
          />
        </div>
        <div className="row">
          <div className="field">
            <label htmlFor={ids.owner}>{t('meeting.actionOwner')}</label>
            <select
              id={ids.owner}
              value={action.ownerId}
              onChange={(e) => setAction({ ...action, ownerId: e.target.value })}
            >
              <option value="">—</option>
              {owners.map((p) => (
                <option key={p.id} value={p.id}>
                  {personParty(p.name, p.party)}
                </option>
              ))}
            </select>
          </div>
          <LabelledInput
            label={t('meeting.actionDue')}
            type="date"
            value={action.due}
            onChange={(e) => setAction({ ...action, due: e.target.value })}
          />
        </div>
        <button type="submit">{t('meeting.addAction')}</button>
        <p className="small" role="status">
          {message}
        </p>
      </form>
    </section>
  );
}

/**
 * The meeting room as plain panels: the agenda and the item under discussion, who has the floor and who
 * waits, hands, chat, the chair's controls and the minutes. Everything the 3D room shows, and more, by
 * keyboard and screen reader.
 */
export function MeetingPanel() {
  const { t } = useTranslation();
  const status = useMeeting((s) => s.status);
  const refusal = useMeeting((s) => s.refusal);
  const view = useMeeting((s) => s.view);
  const selfId = useMeeting((s) => s.selfId);
  const openMinutes = useMeeting((s) => s.openMinutes);
  const token = useSession((s) => s.token);
  const heading = useId();
  const title = useRef<HTMLHeadingElement>(null);
  const was = useRef(status);
  useEffect(() => {
    // Walking in, or being shown out, moves the focus (and the eye) to this panel; a reconnect does not.
    const before = was.current;
    was.current = status;
    const arrived = status === 'in' && before === 'joining';
    if (arrived || status === 'refused' || status === 'left') title.current?.focus();
  }, [status]);
  if (status === 'idle') return null;

  const me = view?.participants.find((p) => p.id === selfId);
  const parts = view && partsAtTable(view);
  const chair = Boolean(parts && me && chairs(parts, me.id));
  const writer = Boolean(parts && me && mayWriteMinutes(parts, me.id));

  return (
    <section className="card meeting-panel" aria-labelledby={heading}>
      <h2 id={heading} ref={title} tabIndex={-1}>
        {view?.title || t('meeting.heading')}
      </h2>
      {status === 'joining' && <p role="status">{t('meeting.joining')}</p>}
      {status === 'reconnecting' && (
        <p role="alert" className="warn">
          {t('meeting.reconnectingBanner')}
        </p>
      )}
      {(status === 'refused' || status === 'left') && (
        <p role="alert" className="warn">
          {refusal === 'not_open'
            ? openMinutes === null
              ? t('meeting.reasons.not_open_later')
              : t('meeting.reasons.not_open', { minutes: openMinutes })
            : t(`meeting.reasons.${hasWords(zhCN.meeting.reasons, refusal) ? refusal : 'lost'}`)}
        </p>
      )}
      {view && me && (
        <>
          <p role="status">
            <strong>{t(`meetings.status.${view.phase}`)}</strong>
            {view.phase === 'running' && view.current >= 0 && (
              <>
                {' · '}
                {t('meeting.itemOf', {
                  n: view.current + 1,
                  total: view.agenda.length,
                  title: view.agenda[view.current],
                })}
              </>
            )}
          </p>
          <ol className="agenda small">
            {view.agenda.map((a, i) => (
              <li key={i} aria-current={i === view.current ? 'step' : undefined}>
                {a}
              </li>
            ))}
          </ol>
          <p aria-live="polite">
            {view.speaker ? t('meeting.floorTo', { name: nameOf(view, view.speaker) }) : t('meeting.floorOpen')}
          </p>
          <div>
            <h4>{t('meeting.queue')}</h4>
            {view.hands.length === 0 ? (
              <p className="muted small">{t('meeting.queueEmpty')}</p>
            ) : (
              <ol className="speaking-queue">
                {view.hands.map((h) => (
                  <li key={h}>{nameOf(view, h)}</li>
                ))}
              </ol>
            )}
            {/* Hands raised and lowered are read out as they change, without taking the focus. */}
            <p className="sr-only" aria-live="polite" aria-atomic="true">
              {view.hands.length
                ? t('meeting.queueLine', {
                    names: view.hands.map((h) => nameOf(view, h)).join(t('meetings.listSep')),
                  })
                : t('meeting.queueEmpty')}
            </p>
          </div>
          <FloorControls view={view} me={me} />
          {chair && <ChairControls view={view} />}
          {view.phase === 'ended' && (
            <p>
              {t('meeting.published')}{' '}
              <button
                type="button"
                className="primary"
                onClick={() =>
                  token &&
                  void openMinutesSheet(token, view.meetingId).then(
                    (ok) => ok || useNotices.getState().tell('meeting.minutesNotReady'),
                  )
                }
              >
                {t('meeting.readMinutes')}
              </button>
            </p>
          )}
          {view.phase === 'cancelled' && <p className="warn">{t('meeting.cancelled')}</p>}
          <People view={view} me={me} chair={chair} />
          <MeetingChat me={me} />
          {writer && view.phase !== 'ended' && view.phase !== 'cancelled' && <MinutesEditor view={view} />}
        </>
      )}
      <button type="button" onClick={() => void leaveMeeting()}>
        {atTable(status) ? t('meeting.leave') : t('meeting.backToHall')}
      </button>
    </section>
  );
}

/** Published minutes: on screen as a page of their own, on paper as a clean A4 sheet; Markdown to take away. */
export function MinutesSheet() {
  const { t } = useTranslation();
  const { time, lang } = useLabels();
  const sheet = useMinutesSheet((s) => s.sheet);
  const show = useMinutesSheet((s) => s.show);
  const token = useSession((s) => s.token);
  const me = useSession((s) => s.me);
  const [actions, setActions] = useState<Record<string, 'open' | 'done'>>({});
  const refusal = useRefusalText();
  const heading = useRef<HTMLHeadingElement>(null);
  usePrintPage(Boolean(sheet));
  useEffect(() => {
    heading.current?.focus(); // the sheet is a page of its own: reading starts at its title
  }, [sheet]);
  if (!sheet) return null;
  const { meeting, minutes } = sheet;
  const statusOf = (a: MeetingMinutes['actions'][number]) => actions[a.id] ?? a.status;
  // The owner of an item, or whoever chaired the session, marks it done (the server checks the same).
  const mayUpdate = (ownerId: string) => Boolean(me) && mayUpdateAction(meeting, { ownerId }, me!.id);
  const toggle = async (a: MeetingMinutes['actions'][number]) => {
    if (!token) return;
    const before = statusOf(a);
    const next = before === 'done' ? 'open' : 'done';
    // Shown at once; put back if the server says no.
    setActions((s) => ({ ...s, [a.id]: next }));
    const r = await meetingsApi.setActionStatus(token, a.id, next);
    if (r.ok) return;
    setActions((s) => ({ ...s, [a.id]: before }));
    useNotices.getState().tell('refusals.asNotice', { text: refusal(r, { fallback: t('meetings.markDoneFailed') }) });
  };
  return (
    <article className="print-sheet minutes-sheet" aria-labelledby="minutes-title">
      <div className="print-actions row">
        <button type="button" className="primary" onClick={() => window.print()}>
          {t('meeting.print')}
        </button>
        <button
          type="button"
          onClick={() =>
            token &&
            void meetingsApi
              .downloadMarkdown(token, minutes.meetingId, meeting.title, lang)
              .then((r) => r.ok || useNotices.getState().tell('meeting.exportFailed'))
          }
        >
          {t('meeting.exportMarkdown')}
        </button>
        <button type="button" onClick={() => show(null)}>
          {t('guidance.back')}
        </button>
      </div>
      <header>
        <h1 id="minutes-title" ref={heading} tabIndex={-1}>
          {t('meeting.minutesTitleOf', { title: meeting.title })}
        </h1>
        <p>
          {t('meeting.heldAt', { time: time(meeting.startsAt) })} · {t('meetings.host', { name: meeting.hostName })}
        </p>
        {minutes.publishedAt && <p>{t('meeting.publishedAt', { time: time(minutes.publishedAt) })}</p>}
      </header>
      {minutes.items.map((item) => {
        const itemActions = minutes.actions.filter((a) => a.agendaIndex === item.agendaIndex);
        return (
          <section key={item.agendaIndex} className="sheet-topic">
            <h2>
              {item.agendaIndex + 1}. {item.title}
            </h2>
            {item.text ? <p className="minutes-text">{item.text}</p> : <p className="muted">{t('meeting.noNotes')}</p>}
            {item.decisions.length > 0 && (
              <>
                <h3>{t('meeting.decisionsHeading')}</h3>
                <ul>
                  {item.decisions.map((d, i) => (
                    <li key={i}>{d}</li>
                  ))}
                </ul>
              </>
            )}
            {itemActions.length > 0 && (
              <>
                <h3>{t('meeting.actions')}</h3>
                <ul className="plain">
                  {itemActions.map((a) => (
                    <li key={a.id}>
                      <label className="choice">
                        <input
                          type="checkbox"
                          checked={statusOf(a) === 'done'}
                          disabled={!mayUpdate(a.ownerId)}
                          onChange={() => void toggle(a)}
                        />
                        {a.what} ·{' '}
                        {t('meeting.personParty', { name: a.ownerName, party: t(`meetings.parties.${a.party}`) })} ·{' '}
                        {t('meeting.due', { date: a.due })} · {t(`meeting.actionStatus.${statusOf(a)}`)}
                      </label>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
        );
      })}
    </article>
  );
}
