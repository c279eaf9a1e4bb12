import { Callbacks, CloseCode, type Room } from '@colyseus/sdk';
import { create } from 'zustand';
import type { AgendaItem, MeetingParty } from '../../shared/meetings.ts';
import type { Discussion } from '../../shared/meetingRules.ts';
import {
  CLOSE_REMOVED,
  MeetingNotice,
  MeetingState,
  type MeetingChatLine,
  type MeetingIntent,
  type MeetingIntentPayloads,
  type MeetingRejected,
  type MeetingRoomContract,
} from '../../shared/meetingRoom.ts';
import { HALL_RECONNECT_TRIES, RECONNECT_MIN_UPTIME_MS, RoomName } from '../../shared/protocol.ts';
import type { VoiceSignalNotice } from '../../shared/voice.ts';
import { STATION_OPTION } from '../../shared/stations.ts';
import type { PayloadArg } from '../../shared/wire.ts';
import { onNotice, type Sends } from './notices.ts';
import { loadMeetingSeat, saveMeetingSeat } from './profileStore.ts';
import { getClient } from './roomClient.ts';
import { roomPass } from './roomPass.ts';
import { sessionToken } from './sessionLink.ts';
import { pageStation } from './stationSlug.ts';
import { useNotices } from './stores.ts';

export interface SeatView {
  id: string;
  name: string;
  shop: string;
  party: MeetingParty;
  /** How the figure looks (shared/appearance.ts `decodeLook`). */
  look: number;
  seat: number;
  present: boolean;
  online: boolean;
  muted: boolean;
  chair: boolean;
  secretary: boolean;
  /** In the session's voice (listening, and heard when they may speak). */
  voice: boolean;
  /** Grows with each new connection carrying their voice: a peer link is built anew for a new one. */
  voiceEpoch: number;
}

export interface MeetingView {
  meetingId: string;
  title: string;
  host: string;
  phase: 'scheduled' | 'running' | 'ended' | 'cancelled';
  /** Each item's title, and a follow-up's data for the page to word (see `agendaTitle`). */
  agenda: AgendaItem[];
  current: number;
  speaker: string;
  /** Who may speak: the floor rules, or open discussion (see maySpeak). */
  discussion: Discussion;
  hands: string[];
  seats: MeetingParty[];
  participants: SeatView[];
}

export type MeetingStatus = 'idle' | 'joining' | 'in' | 'reconnecting' | 'refused' | 'left';

interface MeetingStore {
  status: MeetingStatus;
  /** Why the door stayed shut, or why the person had to leave: a MeetingReason code. */
  refusal: string | null;
  /** The person's own id, to find their seat. */
  selfId: string | null;
  /** How long before the start this session's door opens, in minutes, when known (to say so if it is shut). */
  openMinutes: number | null;
  view: MeetingView | null;
  chat: MeetingChatLine[];
  set(part: Partial<MeetingStore>): void;
}

export const useMeeting = create<MeetingStore>((set) => ({
  status: 'idle',
  refusal: null,
  selfId: null,
  openMinutes: null,
  view: null,
  chat: [],
  set: (part) => set(part),
}));

let room: Room<MeetingRoomContract> | null = null;

/**
 * Where the session's voice (client/voice/meetingVoice.ts) hears what the room says about it: a signal for
 * this connection, a voice intent refused (true when the voice handled it and nothing more should be said),
 * and the moment the page is about to leave the table.
 */
export const meetingVoiceHooks: {
  signal?: (notice: VoiceSignalNotice) => void;
  refused?: (notice: MeetingRejected) => boolean;
  leaving?: () => void;
} = {};
/** Bumped by every enter and leave, so a join that finishes late is left at once (see hallConnection). */
let generation = 0;

/**
 * Walking back to the table after the connection was lost for good (the room's process died): a pause
 * between tries, and how many tries before the page gives up and says the table was lost. The session's
 * room opens again from storage on a live process at the first try that finds its old one gone.
 */
const REJOIN_PAUSE_MS = 1500;
const REJOIN_TRIES = 8;
let rejoinTimer: ReturnType<typeof setTimeout> | undefined;

/** Failures that say nothing about this person's place at the table: worth another try. */
function passing(code: string): boolean {
  return code === 'network' || code === 'internal';
}

/** Send a meeting intent; typed by the shared contract, so a misspelt name or a wrong payload does not compile. */
export function sendMeeting<K extends MeetingIntent>(type: K, ...payload: PayloadArg<MeetingIntentPayloads[K]>): void {
  const to: Sends | null = room;
  to?.send(type, payload[0]);
}

/**
 * Walk into a session's meeting room (or take this tab's held seat back after a reload). `door` is the
 * session's start and opening as listed, so a shut door can say how long before the start it opens.
 */
export async function enterMeeting(
  meetingId: string,
  selfId: string,
  door?: { startsAt: string; opensAt: string },
  rejoin = 0,
): Promise<void> {
  // Already at this table (the door button pressed again): stay, keeping the hand and the floor.
  if (room && room.state.meetingId === meetingId && atTable(useMeeting.getState().status)) return;
  clearTimeout(rejoinTimer);
  const mine = ++generation;
  const old = room;
  room = null;
  if (old) void old.leave(true);
  const openMinutes = door ? Math.round((Date.parse(door.startsAt) - Date.parse(door.opensAt)) / 60_000) : null;
  if (rejoin > 0) useMeeting.getState().set({ status: 'reconnecting', refusal: null, selfId });
  else useMeeting.getState().set({ status: 'joining', refusal: null, selfId, openMinutes, view: null, chat: [] });
  const held = loadMeetingSeat();
  if (held?.meetingId === meetingId) {
    try {
      const r = await getClient().reconnect<MeetingRoomContract>(held.reconnectionToken, MeetingState);
      if (mine === generation) attach(r);
      else void r.leave(true);
      return;
    } catch {
      saveMeetingSeat(null);
    }
  }
  try {
    // Admitted with a short-lived pass fetched now (the station makes the session's room on the first join).
    const token = sessionToken();
    if (token) getClient().auth.token = await roomPass(token);
    if (mine !== generation) return;
    const r = await getClient().join<MeetingRoomContract>(
      RoomName.meeting,
      // The page's station: a session of another station is refused at the door.
      { meetingId, [STATION_OPTION]: pageStation() },
      MeetingState,
    );
    if (mine === generation) attach(r);
    else void r.leave(true);
  } catch (err) {
    if (mine !== generation) return;
    const message = err instanceof Error ? err.message : String(err);
    // "no rooms found": every connection of the session's one room is taken (it never opens a second).
    const code = /^[a-z_]+$/.test(message) ? message : /no rooms/i.test(message) ? 'meeting_full' : 'network';
    // Walking back after a lost connection: the session's room may still be opening again elsewhere.
    if (rejoin > 0 && rejoin < REJOIN_TRIES && passing(code)) return scheduleRejoin(meetingId, selfId, rejoin + 1);
    useMeeting.getState().set({ status: 'refused', refusal: code });
  }
}

/** Back to the same table in a moment, as the same person, through matchmaking (any process answers it). */
function scheduleRejoin(meetingId: string, selfId: string, attempt: number): void {
  clearTimeout(rejoinTimer);
  const mine = generation;
  useMeeting.getState().set({ status: 'reconnecting' });
  rejoinTimer = setTimeout(() => {
    if (mine === generation) void enterMeeting(meetingId, selfId, undefined, attempt);
  }, REJOIN_PAUSE_MS);
}

/** True while the person is at (or on the way to) a meeting table, rather than in the hall. */
export function atTable(status: MeetingStatus): boolean {
  return status === 'joining' || status === 'in' || status === 'reconnecting';
}

/** Leave the meeting room on purpose; back to the hall. */
export async function leaveMeeting(): Promise<void> {
  generation++;
  clearTimeout(rejoinTimer);
  meetingVoiceHooks.leaving?.();
  const r = room;
  room = null;
  saveMeetingSeat(null);
  useMeeting.getState().set({ status: 'idle', refusal: null, view: null, chat: [] });
  if (r) await r.leave(true).catch(() => undefined);
}

function isOver(phase: string): boolean {
  return phase === 'ended' || phase === 'cancelled';
}

/** Back to the hall from a table whose session is over (ended or cancelled); a live session is kept. */
export async function leaveIfOver(): Promise<void> {
  if (room && isOver(room.state.phase)) await leaveMeeting();
}

/** After a reload: the tab was at a meeting table, so it goes back to it. */
export function resumeMeeting(selfId: string): void {
  const held = loadMeetingSeat();
  if (held && !room) void enterMeeting(held.meetingId, selfId);
}

function viewOf(s: MeetingState): MeetingView {
  const participants: SeatView[] = [];
  s.participants.forEach((p, id) => {
    participants.push({
      id,
      name: p.name,
      shop: p.shop,
      party: p.party as MeetingParty,
      look: p.look,
      seat: p.seat,
      present: p.present,
      online: p.online,
      muted: p.muted,
      chair: p.chair,
      secretary: p.secretary,
      voice: p.voice,
      voiceEpoch: p.voiceEpoch,
    });
  });
  participants.sort((a, b) => a.seat - b.seat);
  return {
    meetingId: s.meetingId,
    title: s.title,
    host: s.host,
    phase: s.phase as MeetingView['phase'],
    agenda: s.agenda.map((title, i) => {
      const f = s.followUps[i];
      return f?.what ? { title, followUp: { what: f.what, ownerName: f.ownerName, due: f.due } } : { title };
    }),
    current: s.current,
    speaker: s.speaker,
    discussion: s.discussion === 'open' ? 'open' : 'moderated',
    hands: [...s.hands],
    seats: [...s.seats] as MeetingParty[],
    participants,
  };
}

function attach(r: Room<MeetingRoomContract>): void {
  room = r;
  r.reconnection.minUptime = RECONNECT_MIN_UPTIME_MS;
  // As the hall: a few tries at the room's own process, then the page asks matchmaking afresh (below).
  r.reconnection.maxRetries = HALL_RECONNECT_TRIES;
  // A seat is held for a reload only while the session can still go on: an ended or cancelled table is not
  // walked back into (the hall comes back instead).
  const keepSeat = () =>
    saveMeetingSeat(
      isOver(r.state.phase) ? null : { meetingId: r.state.meetingId, reconnectionToken: r.reconnectionToken },
    );
  const store = useMeeting.getState();
  store.set({ status: 'in' });
  // The view is rebuilt from the whole state after each patch: a meeting is a few dozen people at most.
  r.onStateChange((s: MeetingState) => {
    if (room !== r) return;
    if (s.meetingId) keepSeat();
    useMeeting.getState().set({ view: viewOf(s) });
  });
  Callbacks.get(r); // decode from the first patch on
  onNotice(r, MeetingNotice.chatHistory, (lines) => useMeeting.getState().set({ chat: lines }));
  onNotice(r, MeetingNotice.chat, (line) =>
    useMeeting.getState().set({ chat: [...useMeeting.getState().chat, line].slice(-200) }),
  );
  onNotice(r, MeetingNotice.voiceSignal, (n) => meetingVoiceHooks.signal?.(n));
  onNotice(r, MeetingNotice.rejected, (n) => {
    if (meetingVoiceHooks.refused?.(n)) return;
    useNotices.getState().tell(`meeting.reasons.${n.reason}`);
  });
  r.onDrop(() => useMeeting.getState().set({ status: 'reconnecting' }));
  r.onReconnect(() => {
    keepSeat();
    useMeeting.getState().set({ status: 'in' });
  });
  r.onLeave((code, reason) => {
    if (room !== r) return;
    room = null;
    saveMeetingSeat(null);
    if (code === CloseCode.CONSENTED) return;
    // The connection was lost for good (the SDK gave up knocking at the room's process, or the hall shut
    // down): the session goes on, so the page walks back to its table, reopened wherever it is now.
    const lost = code === CloseCode.FAILED_TO_RECONNECT || code === CloseCode.SERVER_SHUTDOWN || code < 4000;
    const { selfId } = useMeeting.getState();
    if (lost && selfId && r.state.meetingId && !isOver(r.state.phase))
      return scheduleRejoin(r.state.meetingId, selfId, 1);
    // Shown out with a reason (removed, no longer invited, too much bad input): say which.
    const refusal = code === CLOSE_REMOVED ? 'removed' : reason && /^[a-z_]+$/.test(reason) ? reason : 'lost';
    // The table is gone for this person: the hall comes back, with the reason in the panel.
    useMeeting.getState().set({ status: 'left', refusal, view: null, chat: [] });
  });
}
