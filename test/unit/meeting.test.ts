import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from '../../client/i18n/en.ts';
import { zhCN } from '../../client/i18n/zh-CN.ts';
import { agendaTitle } from '../../client/panels/meetings/agendaTitle.ts';
import {
  actionOwners,
  agendaWithFollowUps,
  atTable,
  doorRefusal,
  end,
  endTurn,
  giveFloor,
  left,
  lowerHand,
  mayChat,
  newRun,
  nextItem,
  raiseHand,
  refreshFollowUps,
  releaseAbsent,
  remove,
  resume,
  setMuted,
  start,
  stayRefusal,
  type ActionItem,
  type AgendaItem,
  type MeetingRefusal,
  type MeetingRun,
  type Step,
} from '../../server/meetings/rules.ts';
import {
  chairs,
  keepsMinutes,
  mayContinueSeries,
  mayReadMinutes,
  mayUpdateAction,
  mayWriteMinutes,
  plans,
  takesPart,
  type SessionParts,
  type SessionTable,
} from '../../shared/meetingRules.ts';

const HOST = 'off-host';
const CO = 'off-co';
const SEC = 'off-sec';
const ANN = 'mer-ann';
const BO = 'mer-bo';
const CY = 'pro-cy';

const AGENDA: AgendaItem[] = [{ title: 'Signboards' }, { title: 'Night noise' }, { title: 'Rubbish bins' }];

/** Freezes an object and everything reachable from it, so any mutation throws in strict mode. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The standard session: the host, a co-host and a secretary, two merchants and a property manager invited. */
const PARTS: SessionParts = deepFreeze({
  hostId: HOST,
  coHostIds: [CO],
  secretaryIds: [SEC],
  invitees: [CO, SEC, ANN, BO, CY].map((id) => ({ id })),
});

/** A frozen run; `over` replaces fields of a fresh scheduled run with the standard agenda and roles. */
function run(over: Partial<MeetingRun> = {}): MeetingRun {
  const base = newRun(
    PARTS,
    AGENDA.map((a) => ({ ...a })),
  );
  return deepFreeze({ ...base, ...over });
}

/** A frozen running run on the first agenda item. */
function running(over: Partial<MeetingRun> = {}): MeetingRun {
  return run({ phase: 'running', current: 0, ...over });
}

/** The value of an accepted step, frozen for the next one; fails the test with the reason if refused. */
function ok(s: Step): MeetingRun {
  if (!s.ok) throw new Error(`refused: ${s.reason}`);
  return deepFreeze(s.value);
}

function reasonOf(s: Step): MeetingRefusal | null {
  return s.ok ? null : s.reason;
}

function action(over: Partial<ActionItem> & Pick<ActionItem, 'id'>): ActionItem {
  return {
    what: 'Fix the sign',
    ownerId: ANN,
    ownerName: 'Ann',
    party: 'merchant',
    due: '2026-03-20',
    status: 'open',
    agendaIndex: 0,
    ...over,
  };
}

describe('new run', () => {
  it('starts scheduled with nobody on the floor and nothing under discussion', () => {
    const r = newRun({ hostId: HOST, coHostIds: [CO], secretaryIds: [], invitees: [{ id: CO }] }, AGENDA);
    expect(r).toEqual({
      phase: 'scheduled',
      hostId: HOST,
      coHostIds: [CO],
      secretaryIds: [],
      invitees: [{ id: CO }],
      agenda: AGENDA,
      current: -1,
      speakerId: null,
      hands: [],
      muted: [],
      removed: [],
      discussion: 'moderated',
    });
  });
});

describe('agenda progression', () => {
  it('start makes the run running on the first item', () => {
    const r = ok(start(run(), HOST));
    expect(r.phase).toBe('running');
    expect(r.current).toBe(0);
  });

  it('start with an empty agenda leaves current at -1', () => {
    const r = ok(start(run({ agenda: [] }), HOST));
    expect(r.phase).toBe('running');
    expect(r.current).toBe(-1);
    // And there is nothing to move on to.
    expect(reasonOf(nextItem(r, HOST))).toBe('last_item');
  });

  it('a co-host may start', () => {
    expect(ok(start(run(), CO)).phase).toBe('running');
  });

  it('starting twice is refused with already_started', () => {
    const r = ok(start(run(), HOST));
    expect(reasonOf(start(r, HOST))).toBe('already_started');
    expect(reasonOf(start(r, CO))).toBe('already_started');
  });

  it('starting an ended or cancelled session is refused with already_ended', () => {
    expect(reasonOf(start(run({ phase: 'ended' }), HOST))).toBe('already_ended');
    expect(reasonOf(start(run({ phase: 'cancelled' }), HOST))).toBe('already_ended');
  });

  it('nextItem moves through the agenda and refuses at the last item', () => {
    let r = ok(start(run(), HOST));
    r = ok(nextItem(r, HOST));
    expect(r.current).toBe(1);
    r = ok(nextItem(r, CO));
    expect(r.current).toBe(2);
    expect(reasonOf(nextItem(r, HOST))).toBe('last_item');
  });

  it('nextItem clears the floor and the raised hands', () => {
    const r = ok(nextItem(running({ speakerId: ANN, hands: [BO, CY] }), HOST));
    expect(r).toMatchObject({ current: 1, speakerId: null, hands: [] });
  });

  it('nextItem before the start is refused with not_running', () => {
    expect(reasonOf(nextItem(run(), HOST))).toBe('not_running');
  });

  it('nextItem after the end is refused with already_ended', () => {
    const ended = ok(end(ok(start(run(), HOST)), HOST));
    expect(ended.phase).toBe('ended');
    expect(reasonOf(nextItem(ended, HOST))).toBe('already_ended');
    expect(reasonOf(nextItem(run({ phase: 'cancelled' }), HOST))).toBe('already_ended');
  });

  it('end clears the floor and the hands; ending twice or before the start is refused', () => {
    const r = ok(end(running({ speakerId: ANN, hands: [BO] }), CO));
    expect(r).toMatchObject({ phase: 'ended', speakerId: null, hands: [] });
    expect(reasonOf(end(r, HOST))).toBe('already_ended');
    expect(reasonOf(end(run(), HOST))).toBe('not_running');
  });
});

describe('speaking queue', () => {
  it('raiseHand appends in the order hands are raised', () => {
    let r = running();
    for (const p of [BO, ANN, CY]) r = ok(raiseHand(r, p));
    expect(r.hands).toEqual([BO, ANN, CY]);
  });

  it('raising a hand twice changes nothing', () => {
    const r = running({ hands: [ANN, BO] });
    expect(ok(raiseHand(r, ANN))).toEqual(r);
    expect(ok(raiseHand(r, BO)).hands).toEqual([ANN, BO]);
  });

  it('raising a hand while speaking changes nothing', () => {
    const r = running({ speakerId: ANN, hands: [BO] });
    expect(ok(raiseHand(r, ANN))).toEqual(r);
  });

  it('hands cannot be raised when the session is not running', () => {
    expect(reasonOf(raiseHand(run(), ANN))).toBe('not_running');
    expect(reasonOf(raiseHand(run({ phase: 'ended' }), ANN))).toBe('not_running');
  });

  it('lowerHand removes the hand and keeps the others in order', () => {
    const r = ok(lowerHand(running({ hands: [ANN, BO, CY] }), BO));
    expect(r.hands).toEqual([ANN, CY]);
    // Lowering a hand that is not raised changes nothing: the same run, so the room has nothing to store.
    expect(ok(lowerHand(r, BO))).toBe(r);
  });

  it('giveFloor without a name gives it to the first hand and takes them out of the queue', () => {
    let r = running({ hands: [BO, ANN, CY] });
    r = ok(giveFloor(r, HOST));
    expect(r.speakerId).toBe(BO);
    expect(r.hands).toEqual([ANN, CY]);
    // The previous speaker's turn ends when the next one is given the floor.
    r = ok(giveFloor(r, CO));
    expect(r.speakerId).toBe(ANN);
    expect(r.hands).toEqual([CY]);
  });

  it('giveFloor to a named person, whether or not their hand is raised', () => {
    const r = running({ hands: [BO, ANN, CY] });
    const named = ok(giveFloor(r, HOST, ANN));
    expect(named.speakerId).toBe(ANN);
    expect(named.hands).toEqual([BO, CY]);
    const unraised = ok(giveFloor(r, HOST, SEC));
    expect(unraised.speakerId).toBe(SEC);
    expect(unraised.hands).toEqual([BO, ANN, CY]);
  });

  it('giveFloor with no hand raised is refused with no_hands', () => {
    expect(reasonOf(giveFloor(running(), HOST))).toBe('no_hands');
    expect(reasonOf(giveFloor(running({ speakerId: ANN }), HOST))).toBe('no_hands');
  });

  it('giveFloor before the start or after the end is refused', () => {
    expect(reasonOf(giveFloor(run({ hands: [ANN] }), HOST))).toBe('not_running');
    expect(reasonOf(giveFloor(run({ phase: 'ended', hands: [ANN] }), HOST))).toBe('already_ended');
  });

  it('a removed person cannot raise a hand or be given the floor', () => {
    const r = ok(remove(running(), HOST, ANN));
    expect(reasonOf(raiseHand(r, ANN))).toBe('removed');
    expect(reasonOf(giveFloor(r, HOST, ANN))).toBe('removed');
  });

  it('endTurn by the speaker or a chair clears the floor', () => {
    const r = running({ speakerId: ANN, hands: [BO] });
    for (const actor of [ANN, HOST, CO]) {
      const after = ok(endTurn(r, actor));
      expect(after.speakerId).toBeNull();
      expect(after.hands).toEqual([BO]);
    }
  });

  it('endTurn by anyone else is refused with not_host', () => {
    const r = running({ speakerId: ANN, hands: [BO] });
    for (const actor of [BO, CY, SEC]) expect(reasonOf(endTurn(r, actor))).toBe('not_host');
  });
});

describe('who may do what', () => {
  // The table of cases every place that asks "may they?" answers the same way: the service, the room, the
  // page. A co-host or secretary dropped from the invitation keeps no role; an action item's owner keeps it.
  const DROPPED: SessionParts = deepFreeze({ ...PARTS, invitees: [ANN, BO, CY].map((id) => ({ id })) });
  const ITEM = deepFreeze({ ownerId: BO });
  const DROPPED_OWNS = deepFreeze({ ownerId: CO });
  const cases: [string, SessionParts, string, { chairs: boolean; writes: boolean; updates: boolean }][] = [
    ['the host', PARTS, HOST, { chairs: true, writes: true, updates: true }],
    ['a co-host', PARTS, CO, { chairs: true, writes: true, updates: true }],
    ['a secretary', PARTS, SEC, { chairs: false, writes: true, updates: false }],
    ["the action item's owner", PARTS, BO, { chairs: false, writes: false, updates: true }],
    ['another participant', PARTS, ANN, { chairs: false, writes: false, updates: false }],
    ['someone not invited', PARTS, 'off-stranger', { chairs: false, writes: false, updates: false }],
    ['a co-host removed from the invitation', DROPPED, CO, { chairs: false, writes: false, updates: false }],
    ['a secretary removed from the invitation', DROPPED, SEC, { chairs: false, writes: false, updates: false }],
    ['the host, not on the invitation list', DROPPED, HOST, { chairs: true, writes: true, updates: true }],
    ['an owner no longer invited', { ...PARTS, coHostIds: [] }, BO, { chairs: false, writes: false, updates: true }],
  ];

  it.each(cases)('%s: chairs, writes minutes, updates an item as the table says', (_, parts, who, want) => {
    expect(chairs(parts, who)).toBe(want.chairs);
    expect(mayWriteMinutes(parts, who)).toBe(want.writes);
    expect(mayUpdateAction(parts, ITEM, who)).toBe(want.updates);
    // A run carries the same parts and gets the same answers.
    const r = deepFreeze(newRun(parts, AGENDA));
    expect([chairs(r, who), mayWriteMinutes(r, who), mayUpdateAction(r, ITEM, who)]).toEqual([
      want.chairs,
      want.writes,
      want.updates,
    ]);
  });

  it('only the host plans the session (edits, cancels, names roles); a co-host chairs but does not plan', () => {
    expect(plans(PARTS, HOST)).toBe(true);
    expect([CO, SEC, ANN].some((p) => plans(PARTS, p))).toBe(false);
  });

  it('a secretary keeps the minutes only while invited; an owner keeps their item when dropped', () => {
    expect(keepsMinutes(PARTS, SEC)).toBe(true);
    expect(keepsMinutes(DROPPED, SEC)).toBe(false);
    expect(keepsMinutes(PARTS, CO)).toBe(false);
    expect(mayUpdateAction(DROPPED, DROPPED_OWNS, CO)).toBe(true);
  });

  it('a co-host removed from the invitation can no longer run the table', () => {
    const r = deepFreeze({ ...running({ hands: [ANN] }), invitees: DROPPED.invitees.map((i) => ({ ...i })) });
    expect(reasonOf(nextItem(r, CO))).toBe('not_host');
    expect(reasonOf(giveFloor(r, CO))).toBe('not_host');
    expect(reasonOf(end(r, CO))).toBe('not_host');
    // …and, no longer a chair, may be removed like anyone else at the table.
    expect(ok(remove(r, HOST, CO)).removed).toEqual([CO]);
  });

  it('those who take part see the session; published minutes reach them, unpublished only the writers', () => {
    const table: SessionTable = deepFreeze({
      attended: [{ id: 'off-sat' }, { id: 'off-gone' }],
      removed: ['off-gone'],
    });
    const part: [string, boolean][] = [
      [HOST, true],
      [ANN, true],
      [SEC, true],
      ['off-sat', true],
      ['off-gone', false],
      ['off-stranger', false],
    ];
    for (const [who, want] of part) {
      expect(takesPart(PARTS, table, who)).toBe(want);
      expect(mayReadMinutes(PARTS, table, who, true)).toBe(want);
    }
    expect(takesPart(PARTS, null, 'off-sat')).toBe(false);
    expect([HOST, CO, SEC].every((w) => mayReadMinutes(PARTS, table, w, false))).toBe(true);
    expect([ANN, 'off-sat'].some((w) => mayReadMinutes(PARTS, table, w, false))).toBe(false);
    // An invitee the chair removed from the table still reads what was decided about them.
    expect(takesPart(PARTS, { attended: [], removed: [ANN] }, ANN)).toBe(true);
  });

  it('non-chairs are refused with not_host for everything a chair does', () => {
    const scheduled = run();
    const live = running({ hands: [ANN], speakerId: BO });
    for (const actor of [SEC, ANN, CY]) {
      expect(reasonOf(start(scheduled, actor))).toBe('not_host');
      expect(reasonOf(nextItem(live, actor))).toBe('not_host');
      expect(reasonOf(giveFloor(live, actor))).toBe('not_host');
      expect(reasonOf(giveFloor(live, actor, actor))).toBe('not_host');
      expect(reasonOf(setMuted(live, actor, BO, true))).toBe('not_host');
      expect(reasonOf(remove(live, actor, BO))).toBe('not_host');
      expect(reasonOf(end(live, actor))).toBe('not_host');
    }
  });

  it('a chair cannot be removed, not even by another chair or themselves', () => {
    const r = running();
    expect(reasonOf(remove(r, HOST, CO))).toBe('not_host');
    expect(reasonOf(remove(r, CO, HOST))).toBe('not_host');
    expect(reasonOf(remove(r, HOST, HOST))).toBe('not_host');
    // A secretary is not a chair and can be removed.
    expect(ok(remove(r, HOST, SEC)).removed).toEqual([SEC]);
  });
});

describe('muting and removing', () => {
  it('mayChat is null for a participant in good standing, muted when muted, removed when removed', () => {
    let r = running();
    expect(mayChat(r, ANN)).toBeNull();
    r = ok(setMuted(r, HOST, ANN, true));
    expect(r.muted).toEqual([ANN]);
    expect(mayChat(r, ANN)).toBe('muted');
    expect(mayChat(r, BO)).toBeNull();
    r = ok(setMuted(r, CO, ANN, false));
    expect(r.muted).toEqual([]);
    expect(mayChat(r, ANN)).toBeNull();
    r = ok(remove(r, HOST, BO));
    expect(mayChat(r, BO)).toBe('removed');
  });

  it('removed wins over muted', () => {
    const r = ok(remove(ok(setMuted(running(), HOST, ANN, true)), HOST, ANN));
    expect(mayChat(r, ANN)).toBe('removed');
  });

  it('muting twice lists the person once', () => {
    const r = ok(setMuted(ok(setMuted(running(), HOST, ANN, true)), HOST, ANN, true));
    expect(r.muted).toEqual([ANN]);
  });

  it('a chair may mute and remove before the start, but not after the end', () => {
    expect(ok(setMuted(run(), HOST, ANN, true)).muted).toEqual([ANN]);
    expect(ok(remove(run(), HOST, ANN)).removed).toEqual([ANN]);
    const ended = run({ phase: 'ended' });
    expect(reasonOf(setMuted(ended, HOST, ANN, true))).toBe('already_ended');
    expect(reasonOf(remove(ended, HOST, ANN))).toBe('already_ended');
  });

  it('remove clears the removed person’s hand and floor', () => {
    const speaking = ok(remove(running({ speakerId: ANN, hands: [BO, CY] }), HOST, ANN));
    expect(speaking).toMatchObject({ speakerId: null, hands: [BO, CY], removed: [ANN] });
    const waiting = ok(remove(running({ speakerId: BO, hands: [ANN, CY] }), HOST, ANN));
    expect(waiting).toMatchObject({ speakerId: BO, hands: [CY], removed: [ANN] });
  });

  it('removing twice lists the person once', () => {
    const r = ok(remove(ok(remove(running(), HOST, ANN)), CO, ANN));
    expect(r.removed).toEqual([ANN]);
  });
});

describe('picking a session up again', () => {
  it('a running session comes back on its item, with the floor, the hands in order, muted and removed', () => {
    const kept = { current: 1, speakerId: CY, hands: [BO, ANN], muted: [ANN], removed: ['mer-gone'] };
    const r = resume(run({ phase: 'running' }), kept);
    expect([r.phase, r.current, r.speakerId, r.hands, r.muted, r.removed]).toEqual([
      'running',
      1,
      CY,
      [BO, ANN],
      [ANN],
      ['mer-gone'],
    ]);
    // The chairs and the agenda are the record's, not the kept run's.
    expect([r.hostId, r.coHostIds, r.agenda]).toEqual([HOST, [CO], AGENDA]);
  });

  it('a run kept before hands and the floor were kept comes back with none', () => {
    const r = resume(run({ phase: 'running' }), { current: 2, muted: [BO], removed: [] });
    expect([r.current, r.speakerId, r.hands, r.muted]).toEqual([2, null, [], [BO]]);
  });

  it('nothing kept: a running session is on its first item', () => {
    expect(resume(run({ phase: 'running' }), null)).toMatchObject({ current: 0, speakerId: null, hands: [] });
  });

  it('only a running session has an item, a floor and hands; muted and removed stay in every phase', () => {
    const kept = { current: 1, speakerId: CY, hands: [BO], muted: [ANN], removed: [BO] };
    for (const phase of ['scheduled', 'ended', 'cancelled'] as const) {
      expect(resume(run({ phase }), kept)).toMatchObject({
        phase,
        current: -1,
        speakerId: null,
        hands: [],
        muted: [ANN],
        removed: [BO],
      });
    }
  });

  it('a kept item past a shortened agenda lands on its last item; no agenda, no item', () => {
    expect(resume(run({ phase: 'running' }), { current: 9, muted: [], removed: [] }).current).toBe(2);
    expect(resume(run({ phase: 'running', agenda: [] }), { current: 1, muted: [], removed: [] }).current).toBe(-1);
  });

  it('a removed person keeps neither floor nor hand, a hand counts once, and the speaker has none', () => {
    const kept = { current: 0, speakerId: BO, hands: [ANN, BO, ANN, CY], muted: [], removed: [CY] };
    const r = resume(run({ phase: 'running' }), kept);
    expect([r.speakerId, r.hands]).toEqual([BO, [ANN]]);
    expect(resume(run({ phase: 'running' }), { ...kept, removed: [BO] }).speakerId).toBeNull();
  });

  it('what is shown takes the table from the stored run and the chairs and agenda from the record', () => {
    const record = running({ coHostIds: [BO], agenda: [{ title: 'Only' }], hands: [ANN], current: 0 });
    const stored = running({ coHostIds: [CO], hands: [CY, ANN], current: 2, speakerId: BO, muted: [ANN] });
    const shown = atTable(record, stored);
    expect(shown).toMatchObject({ coHostIds: [BO], agenda: [{ title: 'Only' }] });
    expect(shown).toMatchObject({ hands: [CY, ANN], current: 2, speakerId: BO, muted: [ANN], phase: 'running' });
  });

  it('hands and the floor of people who did not come back are let go; the others keep their order', () => {
    const r = running({ hands: [ANN, BO, CY], speakerId: SEC });
    expect(releaseAbsent(r, new Set([CY, ANN]))).toMatchObject({ hands: [ANN, CY], speakerId: null });
    expect(releaseAbsent(r, new Set([ANN, BO, CY, SEC]))).toBe(r);
  });

  it('someone leaving for good takes their hand down or gives up the floor; anyone else changes nothing', () => {
    const r = running({ hands: [ANN, BO], speakerId: CY });
    expect(left(r, ANN)).toMatchObject({ hands: [BO], speakerId: CY });
    expect(left(r, CY)).toMatchObject({ hands: [ANN, BO], speakerId: null });
    expect(left(r, SEC)).toBe(r);
  });
});

describe('follow-ups', () => {
  const previous = deepFreeze([
    action({ id: 'a1', what: 'Move the sign', ownerName: 'Ann', due: '2026-03-20' }),
    action({ id: 'a2', what: 'Sweep the lane', ownerId: BO, ownerName: 'Bo', due: '2026-03-18', status: 'done' }),
    action({ id: 'a3', what: 'Quote for bins', ownerId: CY, ownerName: 'Cy', party: 'property', due: '2026-03-25' }),
  ]);

  it('puts the previous session’s open action items first, in order, then the own items', () => {
    const own = deepFreeze([{ title: 'New stalls' }, { title: 'Any other business' }]);
    const agenda = agendaWithFollowUps(own, previous);
    expect(agenda.map((i) => i.followUpOf)).toEqual(['a1', 'a3', undefined, undefined]);
    expect(agenda.slice(2)).toEqual(own);
  });

  it('carries a follow-up as data (what, owner, due) for the page to word, titled with the action item’s own text', () => {
    const [first, second] = agendaWithFollowUps([], previous);
    expect(first).toEqual({
      title: 'Move the sign',
      followUpOf: 'a1',
      followUp: { what: 'Move the sign', ownerName: 'Ann', due: '2026-03-20' },
    });
    expect(second).toEqual({
      title: 'Quote for bins',
      followUpOf: 'a3',
      followUp: { what: 'Quote for bins', ownerName: 'Cy', due: '2026-03-25' },
    });
    // Nothing is worded by the hall: no words of its own, in any language, around the people's text.
    expect(JSON.stringify([first, second])).not.toMatch(/[（），]|\p{Script=Han}/u);
  });

  it('skips done action items', () => {
    const agenda = agendaWithFollowUps([], previous);
    expect(agenda.some((i) => i.followUpOf === 'a2')).toBe(false);
    expect(agendaWithFollowUps([], deepFreeze([action({ id: 'x', status: 'done' })]))).toEqual([]);
  });

  it('does not repeat an own item that is already a follow-up of the same action', () => {
    const own = deepFreeze([
      { title: 'Move the sign (copied by hand)', followUpOf: 'a1' },
      { title: 'Sweeping again', followUpOf: 'a2' },
      { title: 'Older matter', followUpOf: 'z9' },
      { title: 'New stalls' },
    ]);
    const agenda = agendaWithFollowUps(own, previous);
    expect(agenda).toEqual([
      {
        title: 'Move the sign',
        followUpOf: 'a1',
        followUp: { what: 'Move the sign', ownerName: 'Ann', due: '2026-03-20' },
      },
      {
        title: 'Quote for bins',
        followUpOf: 'a3',
        followUp: { what: 'Quote for bins', ownerName: 'Cy', due: '2026-03-25' },
      },
      { title: 'Sweeping again', followUpOf: 'a2' },
      { title: 'Older matter', followUpOf: 'z9' },
      { title: 'New stalls' },
    ]);
    expect(agenda.filter((i) => i.followUpOf === 'a1')).toHaveLength(1);
  });

  it('with no previous actions the agenda is the own items', () => {
    const own = deepFreeze([{ title: 'New stalls' }]);
    expect(agendaWithFollowUps(own, [])).toEqual(own);
  });

  it('worked out again at the start: items closed since drop out, items decided since come in', () => {
    const planned = deepFreeze(agendaWithFollowUps([{ title: 'New stalls' }], previous));
    expect(planned.map((i) => i.followUpOf ?? i.title)).toEqual(['a1', 'a3', 'New stalls']);
    // a1 was done since; a4 was decided at a session that ended after this one was planned.
    const now = deepFreeze([
      action({ id: 'a1', status: 'done' }),
      previous[2]!,
      action({ id: 'a4', what: 'Paint the line', ownerName: 'Ann', due: '2026-04-01' }),
    ]);
    expect(refreshFollowUps(planned, now)).toEqual([
      {
        title: 'Quote for bins',
        followUpOf: 'a3',
        followUp: { what: 'Quote for bins', ownerName: 'Cy', due: '2026-03-25' },
      },
      {
        title: 'Paint the line',
        followUpOf: 'a4',
        followUp: { what: 'Paint the line', ownerName: 'Ann', due: '2026-04-01' },
      },
      { title: 'New stalls' },
    ]);
    expect(refreshFollowUps(planned, [])).toEqual([{ title: 'New stalls' }]);
  });
});

describe('a follow-up as the page words it', () => {
  const reader = async (lng: string) => {
    const i = i18next.createInstance();
    await i.init({
      resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
      lng,
      fallbackLng: 'zh-CN',
      interpolation: { escapeValue: false },
    });
    return i.t;
  };
  const [item] = agendaWithFollowUps(
    [],
    [action({ id: 'a1', what: 'Move the sign', ownerName: 'Ann', due: '2026-03-20' })],
  );

  it('in the reader’s language, around the people’s own text', async () => {
    expect(agendaTitle(await reader('en'), item!)).toBe('Move the sign (Ann, due 2026-03-20)');
    expect(agendaTitle(await reader('zh-CN'), item!)).toBe('Move the sign（Ann，2026-03-20）');
  });

  it('an item of the session’s own, and a follow-up stored before it carried its data, as stored', async () => {
    const t = await reader('en');
    expect(agendaTitle(t, { title: 'New stalls' })).toBe('New stalls');
    expect(agendaTitle(t, { title: '补画黄线（王女士，2026-03-20）' })).toBe('补画黄线（王女士，2026-03-20）');
  });
});

describe('series and action owners', () => {
  const series: SessionParts[] = deepFreeze([
    PARTS,
    { hostId: 'off-other', coHostIds: ['off-was-co'], secretaryIds: [], invitees: [] },
  ]);

  it('only someone who chairs one of its sessions may continue a series', () => {
    expect(mayContinueSeries(series, HOST)).toBe(true);
    expect(mayContinueSeries(series, CO)).toBe(true);
    expect(mayContinueSeries(series, 'off-other')).toBe(true);
    expect(mayContinueSeries(series, SEC)).toBe(false);
    // A co-host removed from the invitation chairs no session, so continues none.
    expect(mayContinueSeries(series, 'off-was-co')).toBe(false);
    expect(mayContinueSeries([], HOST)).toBe(false);
  });

  it('owners are the host, the invitees and staff who sat in, each once, with their party', () => {
    const session = deepFreeze({
      hostId: HOST,
      hostName: 'Hal',
      invitees: [
        { id: ANN, name: 'Ann', party: 'merchant' as const },
        { id: CY, name: 'Cy', party: 'property' as const },
      ],
    });
    const sat = deepFreeze([
      { id: 'off-guest', name: 'Gus', party: 'officer' as const },
      { id: ANN, name: 'Ann again', party: 'officer' as const },
    ]);
    expect(actionOwners(session, sat)).toEqual([
      { id: HOST, name: 'Hal', party: 'property' },
      { id: ANN, name: 'Ann', party: 'merchant' },
      { id: CY, name: 'Cy', party: 'property' },
      { id: 'off-guest', name: 'Gus', party: 'officer' },
    ]);
    expect(actionOwners(session, []).map((o) => o.id)).not.toContain('off-guest');
  });
});

describe('purity', () => {
  it('no function mutates the run it is given', () => {
    const input = running({ speakerId: ANN, hands: [BO, CY], muted: [CY], removed: ['gone'] });
    const before = structuredClone(input);
    const item = deepFreeze(action({ id: 'a1' }));
    const calls: (() => unknown)[] = [
      () => start(run(), HOST),
      () => start(input, HOST),
      () => nextItem(input, HOST),
      () => raiseHand(input, SEC),
      () => raiseHand(input, BO),
      () => lowerHand(input, BO),
      () => giveFloor(input, HOST),
      () => giveFloor(input, HOST, CY),
      () => endTurn(input, ANN),
      () => setMuted(input, HOST, BO, true),
      () => setMuted(input, HOST, CY, false),
      () => remove(input, HOST, ANN),
      () => remove(input, HOST, BO),
      () => end(input, HOST),
      () => chairs(input, HOST),
      () => mayWriteMinutes(input, SEC),
      () => mayChat(input, CY),
      () => mayUpdateAction(input, item, ANN),
    ];
    // Frozen inputs make any in-place change throw; the snapshot catches anything else.
    for (const call of calls) expect(call).not.toThrow();
    expect(input).toEqual(before);
  });

  it('a changed run shares no arrays it changed with the input', () => {
    const input = running({ hands: [BO, CY] });
    const raised = ok(raiseHand(input, ANN));
    expect(raised.hands).not.toBe(input.hands);
    expect(input.hands).toEqual([BO, CY]);
    const given = ok(giveFloor(input, HOST));
    expect(given.hands).not.toBe(input.hands);
    expect(input).toMatchObject({ speakerId: null, hands: [BO, CY] });
  });

  it('agendaWithFollowUps does not mutate its inputs', () => {
    const own: AgendaItem[] = deepFreeze([{ title: 'Own', followUpOf: 'a1' }, { title: 'Other' }]);
    const actions = deepFreeze([action({ id: 'a1' }), action({ id: 'a2', status: 'done' })]);
    const before = structuredClone({ own, actions });
    const agenda = agendaWithFollowUps(own, actions);
    expect({ own, actions }).toEqual(before);
    expect(agenda).not.toBe(own);
  });
});

describe('the door of a meeting room', () => {
  const run = newRun({ hostId: 'host', coHostIds: [], secretaryIds: [], invitees: [{ id: 'wang' }] }, [
    { title: '外摆管理' },
  ]);
  const invitee = { personId: 'wang', seated: true, staff: false };
  const outsider = { personId: 'zhao', seated: false, staff: false };
  const officer = { personId: 'sun', seated: false, staff: true };
  const open = { open: true, spareSeat: true };

  it('lets invitees in once it opens, and staff while a spare seat of their party is free', () => {
    expect(doorRefusal(run, invitee, open)).toBeNull();
    expect(doorRefusal(run, officer, open)).toBeNull();
    expect(doorRefusal(run, invitee, { open: false, spareSeat: true })).toBe('not_open');
    expect(doorRefusal(run, officer, { open: true, spareSeat: false })).toBe('meeting_full');
    // An invitee has a seat of their own: a full set of spare seats does not keep them out.
    expect(doorRefusal(run, invitee, { open: true, spareSeat: false })).toBeNull();
  });

  it('keeps out those not invited, those removed, and everyone once the session is over', () => {
    expect(doorRefusal(run, outsider, open)).toBe('not_invited');
    expect(doorRefusal(run, outsider, { open: false, spareSeat: true })).toBe('not_invited');
    const removed = { ...run, removed: ['wang'] };
    expect(doorRefusal(removed, invitee, open)).toBe('removed');
    for (const phase of ['ended', 'cancelled'] as const) {
      expect(doorRefusal({ ...run, phase }, invitee, open)).toBe('meeting_over');
    }
    // Once running, the time on the door no longer matters.
    expect(doorRefusal({ ...run, phase: 'running' }, invitee, { open: false, spareSeat: false })).toBeNull();
  });

  it('lets someone back onto their seat after a dropped connection unless removed or uninvited meanwhile', () => {
    expect(stayRefusal(run, 'wang', true)).toBeNull();
    expect(stayRefusal({ ...run, removed: ['wang'] }, 'wang', true)).toBe('removed');
    expect(stayRefusal(run, 'wang', false)).toBe('not_invited');
  });
});
