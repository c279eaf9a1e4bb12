import { create } from 'zustand';
import { maySpeak, type SpeakingTable } from '../../shared/meetingRules.ts';
import { MeetingIntent, type MeetingRejected } from '../../shared/meetingRoom.ts';
import { VoiceReason, type VoiceSignalNotice } from '../../shared/voice.ts';
import {
  meetingVoiceHooks,
  sendMeeting,
  useMeeting,
  type MeetingView,
  type SeatView,
} from '../net/meetingConnection.ts';
import { sessionToken } from '../net/sessionLink.ts';
import { speakingTable } from '../panels/meetings/tableParts.ts';
import type { IceConfig } from '../../shared/voice.ts';
import { fetchIceConfig } from './iceConfig.ts';
import { watchLevels } from './levels.ts';
import { micPermission, openMicrophone } from './microphone.ts';
import { PeerLink } from './peerLink.ts';

/**
 * A session's voice, as this page takes part in it: a full mesh of peer links, one to every other person in
 * the voice, each receiving only from someone who may be heard now and sending only while this person may
 * speak (shared/meetingRules.ts `maySpeak`, which the room checks on every description too). Listening needs
 * no microphone; the microphone opens when the person may speak and closes (the browser's recording light
 * goes off) when they may not. Nothing is recorded.
 */

/** Where the page stands with the session's voice. */
export type VoiceJoin = 'off' | 'joining' | 'in' | 'full' | 'elsewhere';
/**
 * The microphone: not needed (`off`), to be explained before the browser asks (`explain`), opening, on,
 * or refused by the person, missing, or failing (the session goes on: listening and chat).
 */
export type MicState = 'off' | 'explain' | 'opening' | 'on' | 'denied' | 'missing' | 'failed';

interface MeetingVoiceStore {
  join: VoiceJoin;
  mic: MicState;
  /** The person muted their own microphone (the track stays, silent). */
  muted: boolean;
  set(part: Partial<MeetingVoiceStore>): void;
}

export const useMeetingVoice = create<MeetingVoiceStore>((set) => ({
  join: 'off',
  mic: 'off',
  muted: false,
  set: (part) => set(part),
}));

interface LinkEntry {
  link: PeerLink;
  epoch: number;
  receiving: boolean | null;
  sending: MediaStreamTrack | null | undefined;
}

const links = new Map<string, LinkEntry>();
/**
 * Signals that arrived before their link: the other page may offer as soon as the room shows us in the voice,
 * before this page has seen them there (the patch comes after the relayed signal) or fetched its ICE servers.
 * Kept per sender until the link for that epoch is built, then replayed in order.
 */
const early = new Map<string, VoiceSignalNotice[]>();
/** Most early signals kept per person (an offer and its candidates are a handful). */
const EARLY_MAX = 64;
let mic: MediaStream | null = null;
/** Bumped whenever the microphone is let go, so an opening that finishes late is closed at once. */
let micGeneration = 0;
/** The ICE servers, fetched once per entry into the voice (TURN credentials are short-lived). */
let ice: IceConfig | null = null;
let icePromise: Promise<void> | null = null;
let stopLevels: (() => void) | null = null;

function micTrack(): MediaStreamTrack | null {
  return mic?.getAudioTracks()[0] ?? null;
}

function closeLink(id: string): void {
  links.get(id)?.link.close();
  links.delete(id);
}

function closeAll(): void {
  for (const id of [...links.keys()]) closeLink(id);
}

function stopMic(): void {
  micGeneration++;
  for (const track of mic?.getTracks() ?? []) track.stop();
  mic = null;
  for (const entry of links.values()) {
    if (entry.sending !== null) {
      entry.link.setSending(null);
      entry.sending = null;
    }
  }
}

/** Open the microphone now (permission granted, or the person pressed "allow" in the explainer). */
export async function allowMicrophone(): Promise<void> {
  const voice = useMeetingVoice.getState();
  if (voice.mic === 'opening' || voice.mic === 'on') return;
  const mine = ++micGeneration;
  voice.set({ mic: 'opening' });
  const opened = await openMicrophone();
  if (mine !== micGeneration) {
    if (opened.ok) for (const track of opened.stream.getTracks()) track.stop();
    return;
  }
  if (!opened.ok) {
    const failure = opened.reason === 'denied' || opened.reason === 'missing' ? opened.reason : 'failed';
    useMeetingVoice.getState().set({ mic: failure });
    return;
  }
  mic = opened.stream;
  const track = micTrack();
  if (track) track.enabled = !useMeetingVoice.getState().muted;
  useMeetingVoice.getState().set({ mic: 'on' });
  sync();
}

/** The person's own mute: the microphone stays open and sends silence. */
export function setOwnMute(muted: boolean): void {
  const track = micTrack();
  if (track) track.enabled = !muted;
  useMeetingVoice.getState().set({ muted });
}

/** Join the session's voice on this page (again: after "voice full", or to take it over from another tab). */
export function joinVoice(): void {
  useMeetingVoice.getState().set({ join: 'joining' });
  sendMeeting(MeetingIntent.voiceJoin);
}

function ensureIce(): void {
  if (ice || icePromise) return;
  icePromise = fetchIceConfig(sessionToken())
    .then((config) => {
      ice = config;
      sync();
    })
    .finally(() => {
      icePromise = null;
    });
}

function linkTo(me: SeatView, them: SeatView): LinkEntry | null {
  if (!ice) return null;
  const epoch = me.voiceEpoch + them.voiceEpoch;
  const held = links.get(them.id);
  if (held && held.epoch === epoch) return held;
  if (held) closeLink(them.id);
  const link = new PeerLink({
    peerId: them.id,
    epoch,
    polite: me.id < them.id,
    ice,
    send: (signal) => sendMeeting(MeetingIntent.voiceSignal, { to: them.id, epoch, ...signal }),
    onStatus: () => undefined,
  });
  const entry: LinkEntry = { link, epoch, receiving: null, sending: undefined };
  links.set(them.id, entry);
  return entry;
}

/** Hand a new link the signals that came before it (once it knows what it sends and receives). */
function replayEarly(id: string, entry: LinkEntry): void {
  const waiting = early.get(id);
  if (!waiting) return;
  early.delete(id);
  for (const notice of waiting) if (notice.epoch === entry.epoch) void entry.link.receive(notice);
}

/** The microphone follows whether this person may be heard now. */
function followMic(mayI: boolean): void {
  const state = useMeetingVoice.getState();
  if (!mayI) {
    if (mic || state.mic !== 'off') {
      stopMic();
      state.set({ mic: 'off' });
    }
    return;
  }
  if (state.mic !== 'off') return;
  // Asked once per turn: explained first unless the browser already lets the page use the microphone.
  state.set({ mic: 'explain' });
  void micPermission().then((permission) => {
    if (permission === 'granted' && useMeetingVoice.getState().mic === 'explain') void allowMicrophone();
  });
}

function applyTable(view: MeetingView, me: SeatView): void {
  const table: SpeakingTable = speakingTable(view);
  const mayI = maySpeak(table, me.id);
  followMic(mayI);
  const track = mayI ? micTrack() : null;
  const others = new Map(view.participants.filter((p) => p.id !== me.id && p.voice).map((p) => [p.id, p]));
  for (const id of [...links.keys()]) if (!others.has(id)) closeLink(id);
  for (const them of others.values()) {
    const entry = linkTo(me, them);
    if (!entry) continue;
    const fresh = entry.receiving === null;
    const receiving = maySpeak(table, them.id);
    if (entry.receiving !== receiving) {
      entry.link.setReceiving(receiving);
      entry.receiving = receiving;
    }
    if (entry.sending !== track) {
      entry.link.setSending(track);
      entry.sending = track;
    }
    if (fresh) replayEarly(them.id, entry);
  }
}

/** Who speaks: one's own microphone and each link's inbound level, into useVoice().speaking. */
function watchSpeaking(selfId: string): void {
  stopLevels ??= watchLevels({
    self: () => ({ id: selfId, track: micTrack() }),
    links: () => [...links.values()].map((e) => e.link),
  });
}

function leaveVoiceHere(): void {
  stopMic();
  closeAll();
  early.clear();
  stopLevels?.();
  stopLevels = null;
  ice = null;
  useMeetingVoice.getState().set({ join: 'off', mic: 'off', muted: false });
}

/**
 * The view the page held when its connection to the room dropped, while it has not heard the room since: the
 * table as it stood then, which says nothing of the voice on the connection that comes back.
 */
let viewAtDrop: MeetingView | null = null;
/** The page was in (or joining) the voice when the connection dropped: it takes the voice again once back. */
let resumeVoice = false;

/** Bring the voice in line with the room: joined, linked and heard as the table says. */
function sync(): void {
  const { status, view, selfId } = useMeeting.getState();
  if (status === 'reconnecting') {
    // The links carry on peer to peer while the room comes back (the same room, or one reopened elsewhere).
    const join = useMeetingVoice.getState().join;
    if (join === 'in' || join === 'joining') resumeVoice = true;
    viewAtDrop = view;
    return;
  }
  if (status !== 'in' || !view || !selfId) {
    viewAtDrop = null;
    resumeVoice = false;
    if (useMeetingVoice.getState().join !== 'off' || links.size > 0 || mic) leaveVoiceHere();
    return;
  }
  // Back, but still showing the table from before the drop: wait for the room's own word on who is in the voice.
  if (view === viewAtDrop) return;
  viewAtDrop = null;
  const me = view.participants.find((p) => p.id === selfId);
  if (!me || view.phase === 'ended' || view.phase === 'cancelled') {
    if (links.size > 0 || mic) {
      stopMic();
      closeAll();
      useMeetingVoice.getState().set({ mic: 'off' });
    }
    return;
  }
  const voice = useMeetingVoice.getState();
  // A page that has not joined yet takes the voice here, even while the person's voice still counts as carried
  // (a reload: the old page's connection is held for a while); one told another tab took it waits for a tap.
  if (voice.join === 'off') return joinVoice();
  if (voice.join === 'elsewhere' || voice.join === 'full') {
    resumeVoice = false;
    if (links.size > 0 || mic) {
      stopMic();
      closeAll();
    }
    return;
  }
  if (me.voice) {
    resumeVoice = false;
    if (voice.join !== 'in') voice.set({ join: 'in' });
    ensureIce();
    watchSpeaking(me.id);
    applyTable(view, me);
    return;
  }
  // Not (or no longer) in the voice on this connection.
  if (links.size > 0 || mic) {
    stopMic();
    closeAll();
  }
  // Back after a drop, the room has this page out of the voice: a room reopened on another process (its
  // process died) starts with nobody in it, a held seat may have lost it meanwhile. Taken again here, once.
  if (resumeVoice) {
    resumeVoice = false;
    return joinVoice();
  }
  // Otherwise it went to another page of this person's.
  if (voice.join === 'in') voice.set({ join: 'elsewhere', mic: 'off' });
}

function onSignal(notice: VoiceSignalNotice): void {
  const entry = links.get(notice.from);
  if (entry && entry.epoch === notice.epoch) return void entry.link.receive(notice);
  // A signal for an older connection is dropped; one for a link not built yet waits for it.
  if (entry && notice.epoch < entry.epoch) return;
  const waiting = early.get(notice.from) ?? [];
  if (waiting.length >= EARLY_MAX) waiting.shift();
  waiting.push(notice);
  early.set(notice.from, waiting);
}

function onRefused(notice: MeetingRejected): boolean {
  switch (notice.reason) {
    case VoiceReason.notAllowed:
      if (notice.intent !== MeetingIntent.voiceSignal) return false;
      // The floor moved while a description was on its way: each link settles on what it may do now.
      for (const entry of links.values()) entry.link.refused();
      return true;
    case VoiceReason.voiceFull:
      useMeetingVoice.getState().set({ join: 'full' });
      return true;
    case VoiceReason.elsewhere:
      useMeetingVoice.getState().set({ join: 'elsewhere' });
      return true;
    default:
      return false;
  }
}

function onLeaving(): void {
  if (useMeetingVoice.getState().join === 'in') sendMeeting(MeetingIntent.voiceLeave);
  leaveVoiceHere();
}

/** Person ids this page holds a peer link to (for the test hook and the bench). */
export function meetingLinks(): ReadonlyMap<string, PeerLink> {
  return new Map([...links].map(([id, e]) => [id, e.link]));
}

/** Follow the meeting room with the voice from now on; returns the way to stop (leaving the voice here). */
export function followMeetingVoice(): () => void {
  meetingVoiceHooks.signal = onSignal;
  meetingVoiceHooks.refused = onRefused;
  meetingVoiceHooks.leaving = onLeaving;
  const stop = useMeeting.subscribe(sync);
  sync();
  return () => {
    stop();
    delete meetingVoiceHooks.signal;
    delete meetingVoiceHooks.refused;
    delete meetingVoiceHooks.leaving;
    leaveVoiceHere();
  };
}
