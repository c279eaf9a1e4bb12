import { MeetingIntent } from './meetingRoom.ts';
import { HallIntent } from './protocol.ts';
import { Role } from './roles.ts';

/** Everything someone may try to do that not everyone may do. */
export const Action = {
  enterHall: 'enterHall',
  walk: 'walk',
  takeTicket: 'takeTicket',
  staffDesk: 'staffDesk',
  callNext: 'callNext',
  serveTicket: 'serveTicket',
  deskChat: 'deskChat',
  readOwnCases: 'readOwnCases',
  readCaseFile: 'readCaseFile',
  rateService: 'rateService',
  readOwnRatings: 'readOwnRatings',
  reviewFiling: 'reviewFiling',
  fileSignboard: 'fileSignboard',
  viewFilings: 'viewFilings',
  readUpload: 'readUpload',
  publishVisits: 'publishVisits',
  bookVisit: 'bookVisit',
  requestGuidance: 'requestGuidance',
  reviewGuidance: 'reviewGuidance',
  scheduleMeeting: 'scheduleMeeting',
  hostMeeting: 'hostMeeting',
  attendMeeting: 'attendMeeting',
  editOwnProfile: 'editOwnProfile',
  raiseConcern: 'raiseConcern',
  viewConcerns: 'viewConcerns',
  handleConcerns: 'handleConcerns',
  keepNoticeBoard: 'keepNoticeBoard',
  readDashboardToday: 'readDashboardToday',
  readDashboardPeriod: 'readDashboardPeriod',
} as const;
export type Action = (typeof Action)[keyof typeof Action];

/**
 * Admin is a staff account that runs the station from the back office and never walks the hall. Staff
 * accounts themselves are managed on the server's command line, which needs no role: whoever may run it
 * there already holds the data.
 */
export const ADMIN = 'admin';
/**
 * The station lead: an officer account marked lead on the command line (`npm run staff`). The mark is stored
 * and read again at each request, never taken from the token, so clearing it takes effect at once. A lead acts
 * as an officer and as a lead: an action is theirs when either is allowed it ({@link decideAny}).
 */
export const LEAD = 'lead';
export type Actor = Role | typeof ADMIN | typeof LEAD;
export const ACTORS: readonly Actor[] = Object.freeze([...Object.values(Role), ADMIN, LEAD]);

const { merchant, officer, parkManager } = Role;

/**
 * Who may do what — the one place that says so; every server check (rooms and HTTP routes) reads it.
 * test/unit/permissions.test.ts spells the whole matrix out again, so a change here must be made twice.
 */
export const PERMISSIONS: Readonly<Record<Action, readonly Actor[]>> = deepFreeze({
  // Merchants and station staff walk into the hall; the admin has no avatar there.
  enterHall: [merchant, officer, parkManager],
  // Everyone who appears in the hall moves about it.
  walk: [merchant, officer, parkManager],
  // Queue tickets are how a visitor asks for service; staff are the ones who serve.
  takeTicket: [merchant],
  // Service desks are staffed by city-management officers.
  staffDesk: [officer],
  // Only whoever is at a desk calls the next ticket to it.
  callNext: [officer],
  // …and serves what it called: recall, no-show, transfer, begin, complete.
  serveTicket: [officer],
  // The desk conversation is between the officer and the merchant being served, no one else.
  deskChat: [merchant, officer],
  // A merchant reads their own cases…
  readOwnCases: [merchant],
  // …and the officers who serve them read a merchant's whole file (cases, conversations, filings, visits,
  // concerns) before calling them in, at the desk or found by a search; the admin may too, from the back
  // office. Every read is written to the audit log. Not the park manager: desk notes and conversations are
  // the station's, and the park sees only what it already may (filings, concerns).
  readCaseFile: [officer, ADMIN],
  // 好差评 is the served merchant's voice on the service…
  rateService: [merchant],
  // …and the officer reads it in aggregate, without knowing who rated.
  readOwnRatings: [officer],
  // Reviewing a merchant's filing is an officer's legal duty, not the park's.
  reviewFiling: [officer],
  // A merchant files their own shop sign, with its drawing and photo…
  fileSignboard: [merchant],
  // …which station staff may look at; other merchants never.
  viewFilings: [officer, parkManager],
  // An uploaded drawing or photo is read by the merchant who uploaded it (the filing service checks it is
  // theirs) and by station staff reviewing it; never by other merchants.
  readUpload: [merchant, officer, parkManager],
  // Officers go out to the shops, so they offer the visit windows…
  publishVisits: [officer],
  // …and a merchant books one for their own case.
  bookVisit: [merchant],
  // A merchant asks for the renovation checklist for their own works…
  requestGuidance: [merchant],
  // …and the officer serving the case confirms or amends it.
  reviewGuidance: [officer],
  // The park manager brings merchants and officers together, so the park manager sets meetings up…
  scheduleMeeting: [parkManager],
  // …and chairs them, with the officers they name co-hosts; whether this person chairs this session, the
  // session itself says (the host and their co-hosts). Merchant representatives take part, never chair.
  hostMeeting: [officer, parkManager],
  // Everyone invited takes part: raise a hand, speak when given the floor, write in the meeting's chat.
  attendMeeting: [merchant, officer, parkManager],
  // A merchant keeps their own name, shop and phone, and the recovery code shown with them. Staff names
  // and roles are an administrator's to set, on the command line, like every staff account.
  editOwnProfile: [merchant],
  // A merchant raises a concern, follows it, and confirms or reopens it: their own only (the service checks).
  raiseConcern: [merchant],
  // Concerns are seen by their merchant and by station staff; other merchants never.
  viewConcerns: [officer, parkManager],
  // Officers take them up: assign, note, visit, refer, reply, and record one at the desk.
  handleConcerns: [officer],
  // The notice board is the station's voice: officers post, edit, pin and retire notices, and the admin may
  // from the back office; everyone else reads the ones valid today.
  keepNoticeBoard: [officer, ADMIN],
  // The station dashboard: today at a glance (desks, lines, what is due) for the officers on duty and the
  // admin (a lead is an officer)…
  readDashboardToday: [officer, ADMIN],
  // …and the figures over a period, per service, per hour and per officer, with the rating comments and their
  // CSV export, for the station lead and the admin only: an officer never sees a colleague's figures.
  readDashboardPeriod: [LEAD, ADMIN],
});

export type Decision = { allowed: true } | { allowed: false; reason: 'not_permitted' };

const ALLOWED: Decision = Object.freeze({ allowed: true });
const REFUSED: Decision = Object.freeze({ allowed: false, reason: 'not_permitted' });

/** Refuses anything it does not know, so a typo or a value from the wire never grants a power. */
export function decide(actor: Actor, action: Action): Decision {
  if (!Object.hasOwn(PERMISSIONS, action)) return REFUSED;
  return PERMISSIONS[action].includes(actor) ? ALLOWED : REFUSED;
}

/** Whether any of the actors a person acts as (an officer who is lead: officer and lead) may take the action. */
export function decideAny(actors: readonly Actor[], action: Action): Decision {
  return actors.some((actor) => decide(actor, action).allowed) ? ALLOWED : REFUSED;
}

// Typed over every HallIntent, so adding an intent without saying who may send it does not compile.
const INTENT_ACTIONS: Readonly<Record<HallIntent, Action>> = Object.freeze({
  [HallIntent.moveTo]: Action.walk,
  [HallIntent.steer]: Action.walk,
  // Everyone who walks the hall may ask for its clock, to replay the walks they see in step with it.
  [HallIntent.clock]: Action.walk,
  [HallIntent.takeTicket]: Action.takeTicket,
  [HallIntent.leaveQueue]: Action.takeTicket,
  [HallIntent.openDesk]: Action.staffDesk,
  [HallIntent.pauseDesk]: Action.staffDesk,
  [HallIntent.closeDesk]: Action.staffDesk,
  [HallIntent.callNext]: Action.callNext,
  [HallIntent.recall]: Action.serveTicket,
  [HallIntent.noShow]: Action.serveTicket,
  [HallIntent.transfer]: Action.serveTicket,
  [HallIntent.startService]: Action.serveTicket,
  [HallIntent.complete]: Action.serveTicket,
  [HallIntent.deskChat]: Action.deskChat,
  // A desk call is between the same two people as the desk conversation; the desks check which two.
  [HallIntent.voiceAsk]: Action.deskChat,
  [HallIntent.voiceAnswer]: Action.deskChat,
  [HallIntent.voiceHangUp]: Action.deskChat,
  [HallIntent.voiceHere]: Action.deskChat,
  [HallIntent.voiceMute]: Action.deskChat,
  [HallIntent.voiceSignal]: Action.deskChat,
});

const MEETING_INTENT_ACTIONS: Readonly<Record<MeetingIntent, Action>> = Object.freeze({
  [MeetingIntent.raiseHand]: Action.attendMeeting,
  [MeetingIntent.lowerHand]: Action.attendMeeting,
  [MeetingIntent.endTurn]: Action.attendMeeting,
  [MeetingIntent.chat]: Action.attendMeeting,
  [MeetingIntent.start]: Action.hostMeeting,
  [MeetingIntent.nextItem]: Action.hostMeeting,
  [MeetingIntent.giveFloor]: Action.hostMeeting,
  [MeetingIntent.mute]: Action.hostMeeting,
  [MeetingIntent.remove]: Action.hostMeeting,
  [MeetingIntent.end]: Action.hostMeeting,
  [MeetingIntent.discussion]: Action.hostMeeting,
  // Everyone seated hears the session; who may be heard, the floor rules say (shared/meetingRules.ts).
  [MeetingIntent.voiceJoin]: Action.attendMeeting,
  [MeetingIntent.voiceLeave]: Action.attendMeeting,
  [MeetingIntent.voiceSignal]: Action.attendMeeting,
});

/** The action a meeting room message needs, or undefined for a message name the room does not know. */
export function actionForMeetingIntent(intent: string): Action | undefined {
  return Object.hasOwn(MEETING_INTENT_ACTIONS, intent) ? MEETING_INTENT_ACTIONS[intent as MeetingIntent] : undefined;
}

/** The action a hall message needs, or undefined for a message name the hall does not know. */
export function actionForIntent(intent: string): Action | undefined {
  return Object.hasOwn(INTENT_ACTIONS, intent) ? INTENT_ACTIONS[intent as HallIntent] : undefined;
}

function deepFreeze<T extends Record<string, readonly unknown[]>>(table: T): Readonly<T> {
  for (const list of Object.values(table)) Object.freeze(list);
  return Object.freeze(table);
}
