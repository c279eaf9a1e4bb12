import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  Action,
  ACTORS,
  actionForIntent,
  actionForMeetingIntent,
  type Actor,
  decide,
  decideAny,
  PERMISSIONS,
} from '../../shared/permissions.ts';
import { MeetingIntent } from '../../shared/meetingRoom.ts';
import { HallIntent } from '../../shared/protocol.ts';
import { Role } from '../../shared/roles.ts';

// Written out by hand on purpose: changing PERMISSIONS must be mirrored here, deliberately.
// Columns: merchant, officer, parkManager, admin, lead (an officer marked lead acts as officer and lead).
const EXPECTED: Record<
  Action,
  [merchant: boolean, officer: boolean, parkManager: boolean, admin: boolean, lead: boolean]
> = {
  enterHall: [true, true, true, false, false],
  walk: [true, true, true, false, false],
  takeTicket: [true, false, false, false, false],
  staffDesk: [false, true, false, false, false],
  callNext: [false, true, false, false, false],
  serveTicket: [false, true, false, false, false],
  deskChat: [true, true, false, false, false],
  readOwnCases: [true, false, false, false, false],
  readCaseFile: [false, true, false, true, false],
  rateService: [true, false, false, false, false],
  readOwnRatings: [false, true, false, false, false],
  reviewFiling: [false, true, false, false, false],
  fileSignboard: [true, false, false, false, false],
  viewFilings: [false, true, true, false, false],
  readUpload: [true, true, true, false, false],
  publishVisits: [false, true, false, false, false],
  bookVisit: [true, false, false, false, false],
  requestGuidance: [true, false, false, false, false],
  reviewGuidance: [false, true, false, false, false],
  scheduleMeeting: [false, false, true, false, false],
  hostMeeting: [false, true, true, false, false],
  attendMeeting: [true, true, true, false, false],
  editOwnProfile: [true, false, false, false, false],
  raiseConcern: [true, false, false, false, false],
  viewConcerns: [false, true, true, false, false],
  handleConcerns: [false, true, false, false, false],
  keepNoticeBoard: [false, true, false, true, false],
  readDashboardToday: [false, true, false, true, false],
  readDashboardPeriod: [false, false, false, true, true],
};
const COLUMNS: readonly Actor[] = [Role.merchant, Role.officer, Role.parkManager, 'admin', 'lead'];

/** All of the server's TypeScript, to find where it asks the table. */
function serverSources(): string {
  const dir = path.resolve(import.meta.dirname, '..', '..', 'server');
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => fs.readFileSync(path.join(dir, file), 'utf8'))
    .join('\n');
}

describe('permission matrix', () => {
  it('knows exactly the actors and actions the table covers', () => {
    expect([...ACTORS].sort()).toEqual([...COLUMNS].sort());
    expect(Object.values(Action).sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  const cases = Object.values(Action).flatMap((action) =>
    COLUMNS.map((actor, column) => [action, actor, EXPECTED[action][column]] as const),
  );
  it.each(cases)('%s by %s: allowed = %s', (action, actor, allowed) => {
    expect(decide(actor, action)).toEqual(allowed ? { allowed: true } : { allowed: false, reason: 'not_permitted' });
  });

  it('lists no actor that does not exist and none twice', () => {
    for (const actors of Object.values(PERMISSIONS)) {
      for (const actor of actors) expect(ACTORS).toContain(actor);
      expect(new Set(actors).size).toBe(actors.length);
    }
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(PERMISSIONS)).toBe(true);
    expect(Object.isFrozen(PERMISSIONS.staffDesk)).toBe(true);
    expect(() => (PERMISSIONS.staffDesk as Actor[]).push(Role.merchant)).toThrow();
    expect(decide(Role.merchant, Action.staffDesk).allowed).toBe(false);
  });

  it('has no row the server never asks about', () => {
    // Every action is either what a room message needs or named where the server checks it.
    const byMessage = new Set([
      ...Object.values(HallIntent).map(actionForIntent),
      ...Object.values(MeetingIntent).map(actionForMeetingIntent),
    ]);
    const server = serverSources();
    const unused = Object.values(Action).filter(
      (action) => !byMessage.has(action) && !new RegExp(`\\bAction\\.${action}\\b`).test(server),
    );
    expect(unused).toEqual([]);
  });

  it('refuses actions and actors it does not know, including inherited property names', () => {
    expect(decide(Role.officer, 'launchRocket' as Action)).toEqual({ allowed: false, reason: 'not_permitted' });
    expect(decide(Role.officer, 'toString' as Action)).toEqual({ allowed: false, reason: 'not_permitted' });
    expect(decide(Role.officer, '__proto__' as Action)).toEqual({ allowed: false, reason: 'not_permitted' });
    expect(decide('visitor' as Actor, Action.walk)).toEqual({ allowed: false, reason: 'not_permitted' });
  });
});

describe('decideAny', () => {
  it('lets an officer marked lead read the period, and a plain officer not', () => {
    expect(decideAny([Role.officer, 'lead'], Action.readDashboardPeriod).allowed).toBe(true);
    expect(decideAny([Role.officer, 'lead'], Action.readDashboardToday).allowed).toBe(true);
    expect(decideAny([Role.officer], Action.readDashboardPeriod).allowed).toBe(false);
    expect(decideAny([Role.merchant], Action.readDashboardToday).allowed).toBe(false);
    expect(decideAny([], Action.readDashboardToday).allowed).toBe(false);
  });
});

describe('actionForIntent', () => {
  const INTENT_ACTIONS: Record<HallIntent, Action> = {
    moveTo: 'walk',
    steer: 'walk',
    clock: 'walk',
    takeTicket: 'takeTicket',
    leaveQueue: 'takeTicket',
    openDesk: 'staffDesk',
    pauseDesk: 'staffDesk',
    closeDesk: 'staffDesk',
    callNext: 'callNext',
    recall: 'serveTicket',
    noShow: 'serveTicket',
    transfer: 'serveTicket',
    startService: 'serveTicket',
    complete: 'serveTicket',
    deskChat: 'deskChat',
    voiceAsk: 'deskChat',
    voiceAnswer: 'deskChat',
    voiceHangUp: 'deskChat',
    voiceHere: 'deskChat',
    voiceMute: 'deskChat',
    voiceSignal: 'deskChat',
  };
  it.each(Object.values(HallIntent))('maps the hall intent %s to its action', (intent) => {
    expect(actionForIntent(intent)).toBe(INTENT_ACTIONS[intent]);
  });

  // Every intent × every role, as the hall decides it.
  const intentCases = Object.values(HallIntent).flatMap((intent) =>
    COLUMNS.map((actor, column) => [intent, actor, EXPECTED[INTENT_ACTIONS[intent]][column]] as const),
  );
  it.each(intentCases)('intent %s by %s: allowed = %s', (intent, actor, allowed) => {
    expect(decide(actor, actionForIntent(intent)!).allowed).toBe(allowed);
  });

  it.each(['', 'teleport', 'MoveTo', 'constructor', '__proto__', 'hasOwnProperty'])(
    'has no action for the unknown message %j',
    (intent) => {
      expect(actionForIntent(intent)).toBeUndefined();
    },
  );
});

describe('actionForMeetingIntent', () => {
  const MEETING_ACTIONS: Record<MeetingIntent, Action> = {
    raiseHand: 'attendMeeting',
    lowerHand: 'attendMeeting',
    endTurn: 'attendMeeting',
    chat: 'attendMeeting',
    start: 'hostMeeting',
    nextItem: 'hostMeeting',
    giveFloor: 'hostMeeting',
    mute: 'hostMeeting',
    discussion: 'hostMeeting',
    voiceJoin: 'attendMeeting',
    voiceLeave: 'attendMeeting',
    voiceSignal: 'attendMeeting',
    remove: 'hostMeeting',
    end: 'hostMeeting',
  };

  // Every meeting intent × every role, as the meeting room decides it before the session's own rules.
  const cases = Object.values(MeetingIntent).flatMap((intent) =>
    COLUMNS.map((actor, column) => [intent, actor, EXPECTED[MEETING_ACTIONS[intent]][column]] as const),
  );
  it.each(cases)('meeting intent %s by %s: allowed = %s', (intent, actor, allowed) => {
    expect(actionForMeetingIntent(intent)).toBe(MEETING_ACTIONS[intent]);
    expect(decide(actor, actionForMeetingIntent(intent)!).allowed).toBe(allowed);
  });

  it.each(['', 'moveTo', 'Start', 'constructor', '__proto__'])('has no action for the unknown message %j', (intent) => {
    expect(actionForMeetingIntent(intent)).toBeUndefined();
  });
});
