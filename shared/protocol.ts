import type { NoticeChangedNotice } from './boardNotices.ts';
import type { ConcernChangedNotice } from './concerns.ts';
import type { FilingState } from './filing.ts';
import type { FilingNews } from './filingItems.ts';
import type { MeetingSummary, MeetingUninvitedNotice } from './meetings.ts';
import {
  completeSchema,
  deskChatSchema,
  emptySchema,
  leaveQueueSchema,
  openDeskSchema,
  pauseDeskSchema,
  takeTicketSchema,
  transferSchema,
  type CompleteIntent,
  type DeskChatIntent,
  type LeaveQueueIntent,
  type OpenDeskIntent,
  type PauseDeskIntent,
  type TakeTicketIntent,
  type TransferIntent,
  type CalledNotice,
  type CaseCompletedNotice,
  type DeskChangedNotice,
  type DeskChatNotice,
  type DeskViewNotice,
  type MyTicketsNotice,
} from './queue.ts';
import type { HallState, LineState } from './state.ts';
import type { VisitChangedNotice } from './visits.ts';
import {
  voiceAnswerSchema,
  voiceMuteSchema,
  VoiceReason,
  voiceSignalSchema,
  type DeskCallNotice,
  type VoiceAnswerIntent,
  type VoiceMuteIntent,
  type VoiceSignalIntent,
  type VoiceSignalNotice,
} from './voice.ts';
import { parseIntent, type ParsedIntent, type RoomContract, type SchemaMap, type Tagged } from './wire.ts';
import type { StationJoinOptions } from './stations.ts';
import { z } from './zod.ts';

/** Room names registered on the server. */
export const RoomName = {
  hall: 'hall',
  /** One per three-party session, joined with `{ meetingId }`. */
  meeting: 'meeting',
  /**
   * The queue without the 3D hall: while the hall is full a merchant takes a number, follows it, is called
   * and served (by desk chat) from the 2D panels. Queue intents only; one line per station, like the hall.
   */
  line: 'line',
} as const;

/** Messages a client sends to the hall. */
export const HallIntent = {
  /** Walk to a floor point by a path the server plans. */
  moveTo: 'moveTo',
  /**
   * Walk in a direction (keys, joystick) from where one stands, from a moment of the hall clock: sent only when
   * the direction changes; a zero direction stops. The hall takes the page's position and moment when they
   * agree with its own within STEER_TOLERANCE_M and STEER_LATE_MS, and its own otherwise.
   */
  steer: 'steer',
  /** Ask for the hall clock, to replay walks in step with the server (client/net/clock.ts). */
  clock: 'clock',
  /** Merchant: take a number for a service. */
  takeTicket: 'takeTicket',
  /** Merchant: give up one of their tickets. */
  leaveQueue: 'leaveQueue',
  /** Officer: staff a desk for the chosen services (again, to change them). */
  openDesk: 'openDesk',
  pauseDesk: 'pauseDesk',
  closeDesk: 'closeDesk',
  /** Officer at a desk: call the longest-waiting ticket among the desk's services. */
  callNext: 'callNext',
  recall: 'recall',
  noShow: 'noShow',
  transfer: 'transfer',
  /** Officer at a desk: the called merchant is here; the conversation and the case begin. */
  startService: 'startService',
  complete: 'complete',
  /** Officer or served merchant: one line of the private desk conversation. */
  deskChat: 'deskChat',
  /** Officer or served merchant: ask the other to talk by voice (shared/voice.ts). */
  voiceAsk: 'voiceAsk',
  /** The other side of an ask: accept or decline it. */
  voiceAnswer: 'voiceAnswer',
  /** Either side: end the call (or withdraw one's own ask). */
  voiceHangUp: 'voiceHangUp',
  /** This connection carries one's side of the call from now (after a reload, or from another tab). */
  voiceHere: 'voiceHere',
  /** One's own microphone muted or not, for the other side to see. */
  voiceMute: 'voiceMute',
  /** An offer, answer or ICE candidate for the other person of the call, relayed only to them. */
  voiceSignal: 'voiceSignal',
} as const;
export type HallIntent = (typeof HallIntent)[keyof typeof HallIntent];

/** Messages the hall sends to one client. */
export const HallNotice = {
  /** An intent was refused; carries a {@link Reason}. */
  rejected: 'rejected',
  /** To a merchant: their open tickets, with position and estimated wait, whenever any of it changes. */
  myTickets: 'myTickets',
  /** To a merchant: a desk calls them. */
  called: 'called',
  /** To an officer: their desk and the ticket in front of them. */
  deskView: 'deskView',
  /** To the officer and the served merchant only: the desk conversation. */
  deskChat: 'deskChat',
  /** To a merchant: a desk visit was completed; the case can be read and rated. */
  caseCompleted: 'caseCompleted',
  /** To the merchant called to or served at a desk: its officer dropped, came back, did not, or left for a meeting. */
  deskChanged: 'deskChanged',
  /** A filing changed: to its merchant its id, state and sign text, to officers its id and state. */
  filingChanged: 'filingChanged',
  /** To the merchant and the officer of a visit window: it was booked, cancelled or done. */
  visitChanged: 'visitChanged',
  /** To a concern's merchant and the officers on duty: it was raised, moved a step, or became overdue. */
  concernChanged: 'concernChanged',
  /** To a merchant: an officer confirmed their renovation guidance sheet. */
  guidanceConfirmed: 'guidanceConfirmed',
  /** To a session's host and invitees: it was scheduled, changed or cancelled. */
  meetingChanged: 'meetingChanged',
  /** To the officer and the served merchant: their desk call as each sees it (asked, live, ended). */
  deskCall: 'deskCall',
  /** To the connection carrying one side of a desk call: the other side's offer, answer or candidate. */
  voiceSignal: 'voiceSignal',
  /** A notice on the board was posted or changed: to officers always, to others when it shows or showed to them. */
  noticeChanged: 'noticeChanged',
  /** The answer to a `clock` intent: the page's own time it carried, and the hall clock when it was read. */
  clock: 'clock',
} as const;
export type HallNotice = (typeof HallNotice)[keyof typeof HallNotice];

/** Why something was refused. Shared codes; the client shows each in the person's language. */
export const Reason = {
  invalidPayload: 'invalid_payload',
  unknownMessage: 'unknown_message',
  targetBlocked: 'target_blocked',
  noPath: 'no_path',
  tooManyInvalid: 'too_many_invalid',
  flood: 'flood',
  tooLarge: 'too_large',
  notPermitted: 'not_permitted',
  accountChanged: 'account_changed',
  // Queue and desks
  alreadyQueued: 'already_queued',
  noSuchTicket: 'no_such_ticket',
  ticketInService: 'ticket_in_service',
  appointmentInvalid: 'appointment_invalid',
  appointmentFull: 'appointment_full',
  deskTaken: 'desk_taken',
  alreadyStaffing: 'already_staffing',
  notAtDesk: 'not_at_desk',
  deskBusy: 'desk_busy',
  deskPaused: 'desk_paused',
  queueEmpty: 'queue_empty',
  nothingCalled: 'nothing_called',
  notServing: 'not_serving',
  graceNotOver: 'grace_not_over',
  sameService: 'same_service',
  /** The station's hall layout has no such service (another station's may): no number is given for it. */
  serviceNotOffered: 'service_not_offered',
  /** The station's hall layout has no such desk (another station's may). */
  deskNotInHall: 'desk_not_in_hall',
  storageFailed: 'storage_failed',
  /** Something unexpected failed while handling the intent; it was logged and nothing else was affected. */
  internal: 'internal',
  /** A frame that is not the room protocol (cut short, not MessagePack); the sender is shown out. */
  undecodable: 'undecodable',
  /** Every place in the hall is taken (HALL_MAX_CLIENTS); the hall never splits into a second one. */
  hallFull: 'hall_full',
  /** The hall and the line beside it (LINE_MAX_CLIENTS) are both full. */
  lineFull: 'line_full',
  ...VoiceReason,
} as const;
export type Reason = (typeof Reason)[keyof typeof Reason];

/** Close code for a client dropped for repeated bad input; the SDK does not reconnect after 4xxx codes. */
export const CLOSE_BAD_INPUT = 4400;
/** Close code for staff whose account was disabled or whose password was reset while in the hall. */
export const CLOSE_ACCOUNT_CHANGED = 4403;
/** Close code for a client dropped for sending more than {@link MAX_MESSAGES_PER_SECOND}. */
export const CLOSE_FLOOD = 4429;

/**
 * Clients retry a dropped connection even if it dropped this soon after joining, in ms (the SDK's default,
 * 5 s, would leave a phone that switches networks right after walking in stranded).
 */
export const RECONNECT_MIN_UPTIME_MS = 1000;

/**
 * Tries the page makes at a dropped hall connection before it asks the station afresh (0.2, 0.4, 0.8, 1.6 and
 * 3.2 s apart, about 6 s in all). The station may answer from another process: with several processes the
 * hall whose process died comes back on another one, which the old connection's address never reaches. A
 * place held in the hall is taken back through matchmaking instead, so nothing is lost by asking early.
 */
export const HALL_RECONNECT_TRIES = 5;

/** Highest rate at which a client sends movement intents, per second. The client throttles to this. */
export const MOVE_INTENT_HZ = 10;

/**
 * Any message beyond this per second drops the sender. Twice the intent rate leaves room for taps and keys
 * at once; a well-behaved client, which throttles itself to {@link MOVE_INTENT_HZ}, never reaches it.
 * The default of the station's `ROOM_MESSAGES_PER_SECOND` (server/config.ts).
 */
export const MAX_MESSAGES_PER_SECOND = 2 * MOVE_INTENT_HZ + 5;

/**
 * Largest message a client may send, in bytes. The largest valid one is a desk's "complete" (notes and a
 * full checklist, up to three bytes a character): about 24 KB. A frame above this closes the socket with
 * {@link CLOSE_MESSAGE_TOO_BIG} before anything reads it; only a broken or hostile client sends one.
 */
export const MAX_MESSAGE_BYTES = 32 * 1024;
/** The WebSocket close code for a frame over {@link MAX_MESSAGE_BYTES} (RFC 6455 "message too big"). */
export const CLOSE_MESSAGE_TOO_BIG = 1009;

/**
 * Refused intents tolerated per {@link INVALID_WINDOW_MS} before the sender is dropped: the defaults of the
 * station's `ROOM_REFUSED_PER_WINDOW` and `ROOM_REFUSED_WINDOW_SECONDS` (server/config.ts).
 */
export const MAX_INVALID_PER_WINDOW = 20;
export const INVALID_WINDOW_MS = 10_000;

// Numbers far outside any hall are refused outright; the floor plan then judges the rest.
const coord = z.number().finite().min(-1000).max(1000);

export const moveToSchema = z.strictObject({ x: coord, z: coord });
export type MoveToIntent = z.infer<typeof moveToSchema>;

const direction = z.number().finite().min(-1).max(1);
export const steerSchema = z.strictObject({
  /** Where the page's walk in this direction starts, metres. */
  x: coord,
  z: coord,
  /** The direction, unit or shorter (hundredths count); (0, 0) stops. */
  dx: direction,
  dz: direction,
  /** When it starts, on the hall clock as the page estimates it (ms). */
  t: z.number().finite().min(0).max(1e13),
});
export type SteerIntent = z.infer<typeof steerSchema>;

/** How far the page's steering start may be from where the hall has the person, metres; beyond it, the hall's. */
export const STEER_TOLERANCE_M = 0.75;
/** How far in the past the page may start a steer, ms (about a slow round trip); an earlier start is clamped. */
export const STEER_LATE_MS = 500;

export const clockSchema = z.strictObject({ c: z.number().finite() });
export type ClockIntent = z.infer<typeof clockSchema>;
/** How often a page asks for the hall clock once it has settled, ms (and a few times quickly on joining). */
export const CLOCK_PING_MS = 10_000;

/** The hall clock as read when a `clock` intent was answered. */
export interface ClockNotice {
  /** The page's own time the intent carried. */
  c: number;
  /** The hall clock, ms. */
  s: number;
}

export const hallIntentSchemas = {
  [HallIntent.moveTo]: moveToSchema,
  [HallIntent.steer]: steerSchema,
  [HallIntent.clock]: clockSchema,
  [HallIntent.takeTicket]: takeTicketSchema,
  [HallIntent.leaveQueue]: leaveQueueSchema,
  [HallIntent.openDesk]: openDeskSchema,
  [HallIntent.pauseDesk]: pauseDeskSchema,
  [HallIntent.closeDesk]: emptySchema,
  [HallIntent.callNext]: emptySchema,
  [HallIntent.recall]: emptySchema,
  [HallIntent.noShow]: emptySchema,
  [HallIntent.transfer]: transferSchema,
  [HallIntent.startService]: emptySchema,
  [HallIntent.complete]: completeSchema,
  [HallIntent.deskChat]: deskChatSchema,
  [HallIntent.voiceAsk]: emptySchema,
  [HallIntent.voiceAnswer]: voiceAnswerSchema,
  [HallIntent.voiceHangUp]: emptySchema,
  [HallIntent.voiceHere]: emptySchema,
  [HallIntent.voiceMute]: voiceMuteSchema,
  [HallIntent.voiceSignal]: voiceSignalSchema,
} as const satisfies SchemaMap<HallIntentPayloads>;

/** An intent that carries nothing: sent as undefined; an empty object is accepted too. */
export type NoPayload = z.output<typeof emptySchema>;

export interface HallIntentPayloads {
  [HallIntent.moveTo]: MoveToIntent;
  [HallIntent.steer]: SteerIntent;
  [HallIntent.clock]: ClockIntent;
  [HallIntent.takeTicket]: TakeTicketIntent;
  [HallIntent.leaveQueue]: LeaveQueueIntent;
  [HallIntent.openDesk]: OpenDeskIntent;
  [HallIntent.pauseDesk]: PauseDeskIntent;
  [HallIntent.closeDesk]: NoPayload;
  [HallIntent.callNext]: NoPayload;
  [HallIntent.recall]: NoPayload;
  [HallIntent.noShow]: NoPayload;
  [HallIntent.transfer]: TransferIntent;
  [HallIntent.startService]: NoPayload;
  [HallIntent.complete]: CompleteIntent;
  [HallIntent.deskChat]: DeskChatIntent;
  [HallIntent.voiceAsk]: NoPayload;
  [HallIntent.voiceAnswer]: VoiceAnswerIntent;
  [HallIntent.voiceHangUp]: NoPayload;
  [HallIntent.voiceHere]: NoPayload;
  [HallIntent.voiceMute]: VoiceMuteIntent;
  [HallIntent.voiceSignal]: VoiceSignalIntent;
}

/** A hall intent whose payload passed its schema, tagged by name: handlers switch over `type`. */
export type HallIntentMessage<K extends HallIntent = HallIntent> = Tagged<HallIntentPayloads, K>;

/** Check a hall intent's payload and tag it with its name. */
export function parseHallIntent<K extends HallIntent>(type: K, payload: unknown): ParsedIntent<HallIntentPayloads, K> {
  return parseIntent<HallIntentPayloads, K>(hallIntentSchemas, type, payload);
}

export interface RejectedNotice {
  intent: string;
  reason: Reason;
}

/**
 * A filing changed. Its merchant reads which sign it is (`signText`) and where it now stands; officers get
 * its id and state only (their list reloads), never the merchant's form.
 */
export interface FilingChangedNotice {
  id: string;
  state: FilingState;
  /** To the filing's merchant only: the sign's text, to say which filing moved. */
  signText?: string;
  /** To the filing's merchant only: what happened to an item to follow (answered, or found overdue). */
  news?: FilingNews;
}

/**
 * What a filing's change tells one person: its merchant which sign it is and where it stands, an officer its
 * id and state. Built from the stored filing, of which nothing else leaves the server this way (its form,
 * history, items and merchant stay home; the page reads them over HTTP when it reloads).
 */
export function filingNotice(
  f: { id: string; state: FilingState; form: { signText: string }; news?: FilingNews },
  toMerchant: boolean,
): FilingChangedNotice {
  if (!toMerchant) return { id: f.id, state: f.state };
  return { id: f.id, state: f.state, signText: f.form.signText, ...(f.news ? { news: f.news } : {}) };
}

/** To a merchant: an officer confirmed their renovation guidance sheet, now kept under this case number. */
export interface GuidanceConfirmedNotice {
  id: string;
  caseNumber: string;
}

/**
 * A session was scheduled, changed or cancelled: its host and invitees get it as it now stands; someone
 * dropped from the invitation learns only which session it was (`removed`).
 */
export type MeetingChangedNotice = MeetingSummary | MeetingUninvitedNotice;

/** What each hall notice carries; the server sends and the page receives through this map only. */
export type HallNoticePayloads = {
  [HallNotice.rejected]: RejectedNotice;
  [HallNotice.myTickets]: MyTicketsNotice;
  [HallNotice.called]: CalledNotice;
  [HallNotice.deskView]: DeskViewNotice;
  [HallNotice.deskChat]: DeskChatNotice;
  [HallNotice.caseCompleted]: CaseCompletedNotice;
  [HallNotice.deskChanged]: DeskChangedNotice;
  [HallNotice.filingChanged]: FilingChangedNotice;
  [HallNotice.visitChanged]: VisitChangedNotice;
  [HallNotice.concernChanged]: ConcernChangedNotice;
  [HallNotice.guidanceConfirmed]: GuidanceConfirmedNotice;
  [HallNotice.meetingChanged]: MeetingChangedNotice;
  [HallNotice.deskCall]: DeskCallNotice;
  [HallNotice.voiceSignal]: VoiceSignalNotice;
  [HallNotice.clock]: ClockNotice;
  [HallNotice.noticeChanged]: NoticeChangedNotice;
};

/** The hall room's types as the page sees them (see {@link RoomContract}). */
export type HallRoomContract = RoomContract<HallState, HallNoticePayloads, HallIntentPayloads, StationJoinOptions>;
/** The line's: the hall's notices and intents (it refuses the walks), and the board without avatars. */
export type LineRoomContract = RoomContract<LineState, HallNoticePayloads, HallIntentPayloads, StationJoinOptions>;
