import { schema, t, type SchemaType } from '@colyseus/schema';
import { z } from './zod.ts';
import type { MeetingParty } from './meetings.ts';
import { textField } from './profile.ts';
import { discussionSchema, VoiceReason, voiceSignalSchema, type VoiceSignalNotice } from './voice.ts';
import { parseIntent, type ParsedIntent, type RoomContract, type SchemaMap, type Tagged } from './wire.ts';
import { STATION_OPTION } from './stations.ts';

/**
 * The meeting room of one three-party session (三方会谈): who sits where, the agenda item under discussion,
 * who has the floor and the hands raised, in order. Everyone in the room sees all of it; nothing private
 * travels here (a merchant representative is shown by name and shop, as at a real table).
 */

/** Seats kept free in the officers' and the property managers' arcs for staff who were not invited. */
export const SPARE_SEATS = 2;
/** Meeting chat lines a session keeps (stored, so a restart keeps them too) and sends to whoever (re)joins. */
export const CHAT_HISTORY = 100;
export const MEETING_CHAT_MAX = 300;

/** One person at the table: invited ones have a seat before they arrive (`present` says whether they came). */
export const Participant = schema(
  {
    name: t.string(),
    /** Shop name for a merchant representative; empty for staff. */
    shop: t.string(),
    party: t.string(),
    /** How the figure looks (shared/appearance.ts `encodeLook`), set when the person comes in. */
    look: t.uint16(),
    seat: t.uint8(),
    present: t.boolean(),
    /** Present, but the connection is lost and the seat is held. */
    online: t.boolean().default(true),
    muted: t.boolean(),
    chair: t.boolean(),
    secretary: t.boolean(),
    /** One of the person's connections is in the session's voice (listening, and heard when they may speak). */
    voice: t.boolean(),
    /**
     * Grows each time the connection carrying the person's voice changes (joined, a reload, another tab):
     * the other pages build a new peer connection to them and drop signals of an older one.
     */
    voiceEpoch: t.uint32(),
  },
  'Participant',
);
export type Participant = SchemaType<typeof Participant>;

/**
 * What the page needs to word an agenda item carried over from the series (see `AgendaItem` in meetings.ts):
 * the action item's text, its owner and due date. An item of the session's own has an empty `what`.
 */
export const AgendaFollowUp = schema(
  {
    what: t.string(),
    ownerName: t.string(),
    due: t.string(),
  },
  'AgendaFollowUp',
);
export type AgendaFollowUp = SchemaType<typeof AgendaFollowUp>;

export const MeetingState = schema(
  {
    meetingId: t.string(),
    title: t.string(),
    /** Person id of the park manager who scheduled the session (co-hosts are marked on participants). */
    host: t.string(),
    /** scheduled | running | ended | cancelled */
    phase: t.string(),
    /** Each agenda item's title, as typed (or a follow-up's stored text), in order. */
    agenda: t.array('string'),
    /** One entry per agenda item, in the same order: a follow-up's data, for the page to word. */
    followUps: t.array(AgendaFollowUp),
    /** Index of the agenda item under discussion; -1 before the start. */
    current: t.int8().default(-1),
    /** Person id of whoever has the floor; empty when no one. */
    speaker: t.string(),
    /**
     * `moderated` (the default): the chairs and whoever has the floor may speak; `open`: everyone may (a
     * chair's switch). Muted people never may. See maySpeak in shared/meetingRules.ts.
     */
    discussion: t.string().default('moderated'),
    /** Person ids of raised hands, first raised first. */
    hands: t.array('string'),
    /** The party of each seat round the table, in order: seats are grouped by party in three arcs. */
    seats: t.array('string'),
    /** Keyed by person id. */
    participants: t.map(Participant),
  },
  'MeetingState',
);
export type MeetingState = SchemaType<typeof MeetingState>;

/** Messages a participant sends to the meeting room. */
export const MeetingIntent = {
  raiseHand: 'raiseHand',
  lowerHand: 'lowerHand',
  /** The speaker says they are done (or the chair ends a turn). */
  endTurn: 'endTurn',
  chat: 'chat',
  // The chair only:
  start: 'start',
  nextItem: 'nextItem',
  /** To a named person, or the first hand raised. */
  giveFloor: 'giveFloor',
  mute: 'mute',
  remove: 'remove',
  end: 'end',
  /** Switch between moderated speaking and open discussion. */
  discussion: 'discussion',
  // Voice, for anyone seated (shared/voice.ts):
  /** This connection joins the session's voice (takes it over from another tab of the same person). */
  voiceJoin: 'voiceJoin',
  voiceLeave: 'voiceLeave',
  /** An offer, answer or ICE candidate for one other person in the voice, checked and relayed to them only. */
  voiceSignal: 'voiceSignal',
} as const;
export type MeetingIntent = (typeof MeetingIntent)[keyof typeof MeetingIntent];

/** Messages the meeting room sends. */
export const MeetingNotice = {
  /** To the sender: an intent was refused; carries a {@link MeetingReason}. */
  rejected: 'rejected',
  /** To everyone at the table, once stored: one chat line. */
  chat: 'chat',
  /** Sent on (re)joining: the chat so far. */
  chatHistory: 'chatHistory',
  /** To the connection carrying someone's voice: another person's offer, answer or candidate. */
  voiceSignal: 'voiceSignal',
} as const;
export type MeetingNotice = (typeof MeetingNotice)[keyof typeof MeetingNotice];

/** Why a meeting room refused someone at its door or one of their intents. */
export const MeetingReason = {
  unknownMeeting: 'unknown_meeting',
  notInvited: 'not_invited',
  notOpen: 'not_open',
  meetingOver: 'meeting_over',
  meetingFull: 'meeting_full',
  removed: 'removed',
  muted: 'muted',
  notHost: 'not_host',
  notRunning: 'not_running',
  alreadyStarted: 'already_started',
  alreadyEnded: 'already_ended',
  lastItem: 'last_item',
  noHands: 'no_hands',
  notHere: 'not_here',
  invalidPayload: 'invalid_payload',
  notPermitted: 'not_permitted',
  unknownMessage: 'unknown_message',
  storageFailed: 'storage_failed',
  /** Something unexpected failed while handling the intent; it was logged and nothing else was affected. */
  internal: 'internal',
  /** The session is held at another station: its own station's page is the way in (403, to those it concerns). */
  otherStation: 'other_station',
  /** Staff whose account was disabled, whose password was reset or who signed out (close CLOSE_ACCOUNT_CHANGED). */
  accountChanged: 'account_changed',
  ...VoiceReason,
} as const;
export type MeetingReason = (typeof MeetingReason)[keyof typeof MeetingReason];

/** Close code for a participant the chair removed; the SDK does not reconnect after 4xxx codes. */
export const CLOSE_REMOVED = 4410;

const personId = z.string().min(1).max(64);
const none = z.strictObject({}).optional();

export const meetingIntentSchemas = {
  [MeetingIntent.raiseHand]: none,
  [MeetingIntent.lowerHand]: none,
  [MeetingIntent.endTurn]: none,
  [MeetingIntent.chat]: z.strictObject({ text: textField(MEETING_CHAT_MAX) }),
  [MeetingIntent.start]: none,
  [MeetingIntent.nextItem]: none,
  [MeetingIntent.giveFloor]: z.strictObject({ to: personId.optional() }).optional(),
  [MeetingIntent.mute]: z.strictObject({ personId, muted: z.boolean() }),
  [MeetingIntent.remove]: z.strictObject({ personId }),
  [MeetingIntent.end]: none,
  [MeetingIntent.discussion]: discussionSchema,
  [MeetingIntent.voiceJoin]: none,
  [MeetingIntent.voiceLeave]: none,
  [MeetingIntent.voiceSignal]: voiceSignalSchema,
} as const satisfies Record<MeetingIntent, z.ZodType>;

/** What each meeting intent carries, once its schema passed it. */
export type MeetingIntentPayloads = { [K in MeetingIntent]: z.output<(typeof meetingIntentSchemas)[K]> };

/** A meeting intent whose payload passed its schema, tagged by name: the room switches over `type`. */
export type MeetingIntentMessage<K extends MeetingIntent = MeetingIntent> = Tagged<MeetingIntentPayloads, K>;

/** Check a meeting intent's payload and tag it with its name. */
export function parseMeetingIntent<K extends MeetingIntent>(
  type: K,
  payload: unknown,
): ParsedIntent<MeetingIntentPayloads, K> {
  const schemas: SchemaMap<MeetingIntentPayloads> = meetingIntentSchemas;
  return parseIntent<MeetingIntentPayloads, K>(schemas, type, payload);
}

export interface MeetingChatLine {
  id: number;
  from: string;
  name: string;
  party: MeetingParty;
  text: string;
  at: string;
}

export interface MeetingRejected {
  intent: string;
  reason: MeetingReason;
}

/** Joining a session's table: the session, and the page's station (none: the default station). */
export const joinMeetingSchema = z.strictObject({
  meetingId: z.string().min(1).max(64),
  // Checked by the door (a slug, and the session's own station); unknown here so a bad value gets its refusal.
  [STATION_OPTION]: z.unknown().optional(),
});

/** What each meeting notice carries; the room sends and the page receives through this map only. */
export type MeetingNoticePayloads = {
  [MeetingNotice.rejected]: MeetingRejected;
  [MeetingNotice.chat]: MeetingChatLine;
  [MeetingNotice.chatHistory]: MeetingChatLine[];
  [MeetingNotice.voiceSignal]: VoiceSignalNotice;
};

/** The meeting room's types as the page sees them (see {@link RoomContract}). */
export type MeetingRoomContract = RoomContract<
  MeetingState,
  MeetingNoticePayloads,
  MeetingIntentPayloads,
  z.input<typeof joinMeetingSchema>
>;

/**
 * Seats round the table, grouped by party: property managers, officers, merchant representatives, each
 * arc as long as its party's invitees (plus spare seats for uninvited staff). Returns each seat's party.
 */
export function seatPlan(counts: Record<MeetingParty, number>): MeetingParty[] {
  const order: MeetingParty[] = ['property', 'officer', 'merchant'];
  return order.flatMap((party) =>
    Array.from({ length: counts[party] + (party === 'merchant' ? 0 : SPARE_SEATS) }, () => party),
  );
}
