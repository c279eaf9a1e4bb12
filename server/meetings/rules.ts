/**
 * The rules of a three-party session (三方会谈) while it runs: who chairs, the agenda moving on, the
 * speaking queue (raise a hand, lower it, be given the floor), muting and removing, and the follow-ups a
 * session leaves for the next one of its series. Plain data in, plain data out: the meeting room applies
 * these and stores what they return. Who chairs is decided by shared/meetingRules.ts, as everywhere.
 */

import { chairs, type Discussion, type SessionParts } from '../../shared/meetingRules.ts';
import type { AgendaItem } from '../../shared/meetings.ts';

export type { AgendaItem } from '../../shared/meetings.ts';

export type Party = 'officer' | 'property' | 'merchant';
export type MeetingPhase = 'scheduled' | 'running' | 'ended' | 'cancelled';

export interface ActionItem {
  id: string;
  what: string;
  ownerId: string;
  ownerName: string;
  party: Party;
  /** YYYY-MM-DD. */
  due: string;
  status: 'open' | 'done';
  /** The agenda item it was decided under. */
  agendaIndex: number;
}

export interface MeetingRun extends SessionParts {
  phase: MeetingPhase;
  hostId: string;
  coHostIds: string[];
  secretaryIds: string[];
  /** Who is invited (by id): a co-host or secretary counts only while still invited. */
  invitees: { id: string }[];
  agenda: AgendaItem[];
  /** Index of the agenda item under discussion; -1 before the start. */
  current: number;
  /** Who has the floor. */
  speakerId: string | null;
  /** Raised hands, first raised first. */
  hands: string[];
  muted: string[];
  removed: string[];
  /** `moderated`: the chairs and whoever has the floor may be heard; `open`: everyone (see maySpeak). */
  discussion: Discussion;
}

export type MeetingRefusal =
  'not_host' | 'not_running' | 'already_started' | 'already_ended' | 'last_item' | 'no_hands' | 'removed' | 'muted';

/** Why someone may not come into (or stay in) a session's room. */
export type DoorRefusal = 'meeting_over' | 'removed' | 'not_invited' | 'not_open' | 'meeting_full';

/** Whether someone already at the table (coming back on a dropped connection) may stay. */
export function stayRefusal(run: MeetingRun, personId: string, seated: boolean): DoorRefusal | null {
  if (run.removed.includes(personId)) return 'removed';
  return seated ? null : 'not_invited';
}

/**
 * Who may come in: invitees (who have a seat) and station staff (who take a spare seat of their party),
 * from the moment the door opens until the session is over; never someone the chair removed.
 */
export function doorRefusal(
  run: MeetingRun,
  who: { personId: string; seated: boolean; staff: boolean },
  door: { open: boolean; spareSeat: boolean },
): DoorRefusal | null {
  if (run.phase === 'ended' || run.phase === 'cancelled') return 'meeting_over';
  if (run.removed.includes(who.personId)) return 'removed';
  if (!who.seated && !who.staff) return 'not_invited';
  if (run.phase === 'scheduled' && !door.open) return 'not_open';
  if (!who.seated && !door.spareSeat) return 'meeting_full';
  return null;
}

/** What of a run is kept for a restart; the rest comes from the session's record. */
export interface KeptRun {
  current: number;
  muted: string[];
  removed: string[];
  speakerId?: string | null;
  hands?: string[];
  /** Absent in runs kept before the chair could open the discussion: moderated. */
  discussion?: Discussion;
}

/**
 * A session picked up where its room last kept it (after a restart, or in a room made again for it). `base`
 * is the run as the session's record has it (phase, chairs, agenda). Only a running session has an agenda
 * item, a floor and hands; nobody removed keeps either, and a hand is raised once.
 */
export function resume(base: MeetingRun, kept: KeptRun | null): MeetingRun {
  const removed = kept?.removed ?? [];
  const run = { ...base, muted: kept?.muted ?? [], removed, discussion: kept?.discussion ?? 'moderated' };
  if (base.phase !== 'running') return { ...run, current: -1, speakerId: null, hands: [] };
  const last = base.agenda.length - 1;
  const speakerId = kept?.speakerId && !removed.includes(kept.speakerId) ? kept.speakerId : null;
  const hands = [...new Set(kept?.hands ?? [])].filter((h) => h !== speakerId && !removed.includes(h));
  return { ...run, current: Math.min(Math.max(kept?.current ?? 0, 0), last), speakerId, hands };
}

/**
 * The run as people at the table are shown it once `live` (a run accepted earlier) is stored: what changes
 * at the table from `live`; the chairs and the agenda from `record`, which the session's record keeps.
 */
export function atTable(record: MeetingRun, live: MeetingRun): MeetingRun {
  const { phase, current, speakerId, hands, muted, removed, discussion } = live;
  return { ...record, phase, current, speakerId, hands, muted, removed, discussion };
}

/**
 * Hands and the floor of people not at the table are let go: after a restart, those who have not come back
 * within the time a dropped connection is held. The same run when nothing changes.
 */
export function releaseAbsent(run: MeetingRun, present: ReadonlySet<string>): MeetingRun {
  const hands = run.hands.filter((h) => present.has(h));
  const speakerId = run.speakerId && present.has(run.speakerId) ? run.speakerId : null;
  if (hands.length === run.hands.length && speakerId === run.speakerId) return run;
  return { ...run, hands, speakerId };
}

/** Someone left the table for good: their hand goes down and the floor is free. The same run if neither was theirs. */
export function left(run: MeetingRun, personId: string): MeetingRun {
  if (!run.hands.includes(personId) && run.speakerId !== personId) return run;
  return {
    ...run,
    hands: run.hands.filter((h) => h !== personId),
    speakerId: run.speakerId === personId ? null : run.speakerId,
  };
}

export type Step<T = MeetingRun> = { ok: true; value: T } | { ok: false; reason: MeetingRefusal };

const ok = (value: MeetingRun): Step => ({ ok: true, value });
const no = (reason: MeetingRefusal): Step => ({ ok: false, reason });

/** The parts a session's record names, as a run keeps them. */
export function partsOf(session: SessionParts): Pick<MeetingRun, 'hostId' | 'coHostIds' | 'secretaryIds' | 'invitees'> {
  return {
    hostId: session.hostId,
    coHostIds: [...session.coHostIds],
    secretaryIds: [...session.secretaryIds],
    invitees: session.invitees.map((i) => ({ id: i.id })),
  };
}

/** A session not yet started, with the chairs, secretaries and invitees its record names. */
export function newRun(session: SessionParts, agenda: AgendaItem[]): MeetingRun {
  return {
    phase: 'scheduled',
    ...partsOf(session),
    agenda: [...agenda],
    current: -1,
    speakerId: null,
    hands: [],
    muted: [],
    removed: [],
    discussion: 'moderated',
  };
}

function chaired(run: MeetingRun, actor: string, wantRunning = true): MeetingRefusal | null {
  if (!chairs(run, actor)) return 'not_host';
  if (run.phase === 'ended' || run.phase === 'cancelled') return 'already_ended';
  if (wantRunning && run.phase !== 'running') return 'not_running';
  return null;
}

export function start(run: MeetingRun, actor: string): Step {
  const refusal = chaired(run, actor, false);
  if (refusal) return no(refusal);
  if (run.phase === 'running') return no('already_started');
  return ok({ ...run, phase: 'running', current: run.agenda.length > 0 ? 0 : -1 });
}

/** On to the next agenda item; the floor and the hands raised under the last item are cleared. */
export function nextItem(run: MeetingRun, actor: string): Step {
  const refusal = chaired(run, actor);
  if (refusal) return no(refusal);
  if (run.current >= run.agenda.length - 1) return no('last_item');
  return ok({ ...run, current: run.current + 1, speakerId: null, hands: [] });
}

export function raiseHand(run: MeetingRun, personId: string): Step {
  if (run.phase !== 'running') return no('not_running');
  if (run.removed.includes(personId)) return no('removed');
  if (run.hands.includes(personId) || run.speakerId === personId) return ok(run);
  return ok({ ...run, hands: [...run.hands, personId] });
}

export function lowerHand(run: MeetingRun, personId: string): Step {
  if (!run.hands.includes(personId)) return ok(run);
  return ok({ ...run, hands: run.hands.filter((h) => h !== personId) });
}

/**
 * The chair gives the floor: to a named person, or else to the first hand raised. Whoever is given the
 * floor leaves the queue; the previous speaker's turn ends.
 */
export function giveFloor(run: MeetingRun, actor: string, to?: string): Step {
  const refusal = chaired(run, actor);
  if (refusal) return no(refusal);
  const speaker = to || run.hands[0];
  if (!speaker) return no('no_hands');
  if (run.removed.includes(speaker)) return no('removed');
  return ok({ ...run, speakerId: speaker, hands: run.hands.filter((h) => h !== speaker) });
}

/** The speaker is done (they say so, or the chair says so). */
export function endTurn(run: MeetingRun, actor: string): Step {
  if (run.speakerId !== actor && !chairs(run, actor)) return no('not_host');
  return ok({ ...run, speakerId: null });
}

export function setMuted(run: MeetingRun, actor: string, personId: string, muted: boolean): Step {
  const refusal = chaired(run, actor, false);
  if (refusal) return no(refusal);
  const others = run.muted.filter((m) => m !== personId);
  return ok({ ...run, muted: muted ? [...others, personId] : others });
}

/**
 * A chair switches between moderated speaking and open discussion, before or during the session; the same
 * run when it already is so.
 */
export function setDiscussion(run: MeetingRun, actor: string, open: boolean): Step {
  const refusal = chaired(run, actor, false);
  if (refusal) return no(refusal);
  const discussion: Discussion = open ? 'open' : 'moderated';
  return discussion === run.discussion ? ok(run) : ok({ ...run, discussion });
}

/** A removed participant loses the floor and their hand, and cannot come back into this session. */
export function remove(run: MeetingRun, actor: string, personId: string): Step {
  const refusal = chaired(run, actor, false);
  if (refusal) return no(refusal);
  if (chairs(run, personId)) return no('not_host');
  return ok({
    ...run,
    removed: run.removed.includes(personId) ? run.removed : [...run.removed, personId],
    hands: run.hands.filter((h) => h !== personId),
    speakerId: run.speakerId === personId ? null : run.speakerId,
  });
}

export function mayChat(run: MeetingRun, personId: string): MeetingRefusal | null {
  if (run.removed.includes(personId)) return 'removed';
  if (run.muted.includes(personId)) return 'muted';
  return null;
}

export function end(run: MeetingRun, actor: string): Step {
  const refusal = chaired(run, actor);
  if (refusal) return no(refusal);
  return ok({ ...run, phase: 'ended', speakerId: null, hands: [] });
}

/**
 * The next session of a series opens with the previous session's open action items, one agenda item
 * each, before its own items. A follow-up carries the action item's data (what, whose, by when), which the
 * page words in the reader's language; its title is the action item's own text.
 */
export function agendaWithFollowUps(ownItems: AgendaItem[], previousActions: readonly ActionItem[]): AgendaItem[] {
  const followUps = previousActions
    .filter((a) => a.status === 'open')
    .map((a) => ({
      title: a.what,
      followUpOf: a.id,
      followUp: { what: a.what, ownerName: a.ownerName, due: a.due },
    }));
  const carried = new Set(followUps.map((f) => f.followUpOf));
  return [...followUps, ...ownItems.filter((i) => !i.followUpOf || !carried.has(i.followUpOf))];
}

/**
 * The follow-ups worked out again (when the session starts): items closed since it was planned drop out,
 * and open items of an earlier session that ended after it was planned come in. Own items stay as they are.
 */
export function refreshFollowUps(agenda: readonly AgendaItem[], openActions: readonly ActionItem[]): AgendaItem[] {
  return agendaWithFollowUps(
    agenda.filter((a) => !a.followUpOf),
    openActions,
  );
}

export interface Attendee {
  id: string;
  name: string;
  party: Party;
}

/**
 * Who may own an action item of a session: the host, the invitees, and station staff who sat in on it
 * (they read the published minutes too, so they can find the item and mark it done). First mention wins.
 */
export function actionOwners(
  session: { hostId: string; hostName: string; invitees: readonly Attendee[] },
  attended: readonly Attendee[],
): Attendee[] {
  const owners = new Map<string, Attendee>();
  owners.set(session.hostId, { id: session.hostId, name: session.hostName, party: 'property' });
  for (const p of [...session.invitees, ...attended]) if (!owners.has(p.id)) owners.set(p.id, p);
  // The host's own invitation (if any) names their party; it wins over the default.
  const invited = session.invitees.find((i) => i.id === session.hostId);
  if (invited) owners.set(session.hostId, invited);
  return [...owners.values()];
}
