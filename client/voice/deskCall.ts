import { create } from 'zustand';
import { HallIntent, type HallIntentPayloads, type RejectedNotice } from '../../shared/protocol.ts';
import { VoiceReason, type CallEnd, type DeskCallNotice, type VoiceSignalNotice } from '../../shared/voice.ts';
import { sessionToken } from '../net/sessionLink.ts';
import { fetchIceConfig } from './iceConfig.ts';
import { watchLevels } from './levels.ts';
import { micPermission, openMicrophone, type MicFailure } from './microphone.ts';
import { PeerLink, type LinkStatus } from './peerLink.ts';

/** How the hall is told: `sendIntent` of client/net/hallConnection.ts, handed in (that module imports this one). */
export type HallSend = <K extends HallIntent>(type: K, payload: HallIntentPayloads[K]) => void;

/** Signals kept for a connection whose link is still being built (its ICE servers being fetched). */
const EARLY_SIGNALS_MAX = 64;
/** This tab carried the call of this ticket: a reload takes it up again by itself. */
const CARRIED_KEY = 'hall.voice.deskCall';

interface DeskCallState {
  /** The call as this side sees it; null when there is none (or it ended). */
  call: DeskCallNotice | null;
  /** How the last call ended, with its ticket, for a one-line notice. */
  ended: { ticketId: string; reason: CallEnd } | null;
  /** The microphone: opening, open, or why it could not be. */
  mic: 'off' | 'opening' | 'on' | MicFailure;
  /** The explanation shown before the browser asks for the microphone, and for which step. */
  explain: 'ask' | 'accept' | null;
  /** The audio connection to the other person. */
  link: LinkStatus | null;
  /** The other's connection to the hall was lost and came back: said once, then cleared by the next change. */
  peerBack: boolean;
  /** This page carries its side of the call (it asked, accepted or took it up here). */
  carrying: boolean;
}

export const useDeskCall = create<DeskCallState>(() => ({
  call: null,
  ended: null,
  mic: 'off',
  explain: null,
  link: null,
  peerBack: false,
  carrying: false,
}));

const set = (s: Partial<DeskCallState>) => useDeskCall.setState(s);

let send: HallSend | null = null;
let stream: MediaStream | null = null;
let link: PeerLink | null = null;
/** The epoch a link is being built (or was built) for. */
let building: number | null = null;
let early: VoiceSignalNotice[] = [];
let stopLevels: (() => void) | null = null;
/** The ticket this page already asked to carry again after a reload (once). */
let resumed: string | null = null;
/**
 * The ticket whose call this page carries. A reload keeps the connection's session id, so the hall still
 * says the call is carried here; only this page knows it holds no peer connection and no microphone yet.
 */
let carried: string | null = null;
/** This page sent "Talk" and waits for the hall's ringing call. */
let pendingAsk = false;

function carry(ticketId: string | null): void {
  carried = ticketId;
  if (ticketId) sessionStorage.setItem(CARRIED_KEY, ticketId);
  else sessionStorage.removeItem(CARRIED_KEY);
  set({ carrying: ticketId !== null });
}

function micTrack(): MediaStreamTrack | null {
  return stream?.getAudioTracks()[0] ?? null;
}

/** A deskCall notice from the hall: the call as it stands now. */
export function deskCallNotice(n: DeskCallNotice, hallSend: HallSend): void {
  send = hallSend;
  const before = useDeskCall.getState().call;
  if (n.state === 'ended') {
    endLocally();
    set({ call: null, ended: n.ended ? { ticketId: n.ticketId, reason: n.ended } : null, explain: null });
    return;
  }
  const peerBack = before !== null && !before.peer.online && n.peer.online;
  if (carried !== null && (carried !== n.ticketId || (n.state === 'live' && !n.you.hereOnThisConnection))) {
    carry(null); // another call, or another tab of one's own took this one over
    stopMic();
  }
  // Our own ask (or, when both asked at once, the other's ask ours accepted) is carried by this page.
  if (pendingAsk && n.you.hereOnThisConnection) carry(n.ticketId);
  pendingAsk = false;
  set({ call: n, ended: null, peerBack });
  const mine = n.you.hereOnThisConnection || sessionStorage.getItem(CARRIED_KEY) === n.ticketId;
  if (n.state === 'live' && carried !== n.ticketId && mine && resumed !== n.ticketId) {
    // This tab carried the call before a reload: take it up again, once (a new epoch for both pages).
    resumed = n.ticketId;
    void takeHere();
  }
  sync();
}

/** A signal from the other person, for the link of its epoch. */
export function deskVoiceSignal(n: VoiceSignalNotice): void {
  const call = useDeskCall.getState().call;
  if (!call || n.epoch !== call.peer.epoch || n.from !== call.peer.personId) return; // an older connection's
  if (link && link.epoch === n.epoch) void link.receive(n);
  else if (early.length < EARLY_SIGNALS_MAX) early.push(n);
}

/** The hall refused something of ours: a refused description is rolled back and negotiated again. */
export function deskVoiceRefused(n: RejectedNotice): void {
  if (n.intent === HallIntent.voiceAsk || n.intent === HallIntent.voiceAnswer || n.intent === HallIntent.voiceHere) {
    // Nothing for this page to carry after all: the microphone closes again.
    pendingAsk = false;
    if (!useDeskCall.getState().call || n.intent === HallIntent.voiceHere) {
      carry(null);
      stopMic();
    }
    return;
  }
  if (n.intent !== HallIntent.voiceSignal) return;
  if (n.reason === VoiceReason.badDescription || n.reason === VoiceReason.notAllowed) link?.refused();
}

/** Build, rebuild or close the link and the level watcher to match the call. */
function sync(): void {
  const call = useDeskCall.getState().call;
  const wanted =
    call?.state === 'live' && call.you.hereOnThisConnection && call.peer.here && carried === call.ticketId
      ? call
      : null;
  if (!wanted) {
    closeLink();
    return;
  }
  const epoch = wanted.peer.epoch;
  if (link?.epoch === epoch || building === epoch) {
    link?.setSending(micTrack());
    return;
  }
  closeLink();
  building = epoch;
  early = early.filter((s) => s.epoch === epoch);
  void fetchIceConfig(sessionToken()).then((ice) => {
    const now = useDeskCall.getState().call;
    if (building !== epoch || now?.peer.epoch !== epoch || !send) return; // the call moved on meanwhile
    const to = now.peer.personId;
    const hall = send;
    link = new PeerLink({
      peerId: to,
      epoch,
      polite: now.polite,
      ice,
      send: (signal) => hall(HallIntent.voiceSignal, { to, epoch, ...signal }),
      onStatus: (status) => set({ link: status }),
    });
    link.setSending(micTrack());
    const pending = early;
    early = [];
    for (const s of pending) void link.receive(s);
    startLevels();
  });
}

function startLevels(): void {
  stopLevels?.();
  stopLevels = watchLevels({
    self: () => {
      const me = useDeskCall.getState().call;
      return me && selfId ? { id: selfId, track: micTrack() } : null;
    },
    links: () => (link ? [link] : []),
  });
}

/** One's own person id, for one's own speaking indicator (the panel sets it from the session). */
let selfId: string | null = null;
export function setDeskCallSelf(id: string | null): void {
  selfId = id;
}

function closeLink(): void {
  building = null;
  stopLevels?.();
  stopLevels = null;
  link?.close();
  link = null;
  set({ link: null });
}

function endLocally(): void {
  closeLink();
  early = [];
  resumed = null;
  carry(null);
  stopMic();
}

function stopMic(): void {
  for (const t of stream?.getTracks() ?? []) t.stop();
  stream = null;
  set({ mic: 'off' });
}

/** Open the microphone, unless it is open; false (and the reason in the store) when it cannot be. */
async function ensureMic(): Promise<boolean> {
  if (micTrack()?.readyState === 'live') return true;
  set({ mic: 'opening' });
  const r = await openMicrophone();
  if (!r.ok) {
    set({ mic: r.reason });
    return false;
  }
  stream = r.stream;
  const muted = useDeskCall.getState().call?.you.muted ?? false;
  for (const t of stream.getAudioTracks()) t.enabled = !muted;
  set({ mic: 'on' });
  return true;
}

/**
 * "Talk" (ask) or "Accept" (accept): first the explanation of the microphone when the browser has not
 * allowed it yet, then the microphone, then the hall is told.
 */
export async function startVoice(step: 'ask' | 'accept', hallSend: HallSend): Promise<void> {
  send = hallSend;
  if ((await micPermission()) !== 'granted') {
    set({ explain: step });
    return;
  }
  await continueVoice(step);
}

/** After the explanation: open the microphone and ask, or accept. A microphone that fails declines the ask. */
export async function continueVoice(step: 'ask' | 'accept'): Promise<void> {
  set({ explain: null });
  const ok = await ensureMic();
  const ticketId = useDeskCall.getState().call?.ticketId ?? null;
  if (step === 'ask') {
    if (!ok) return;
    carried = null; // the ticket is known once the hall answers with the ringing call
    pendingAsk = true;
    send?.(HallIntent.voiceAsk, {});
    return;
  }
  if (ok && ticketId) carry(ticketId);
  // Without a microphone the other side is told (declined) rather than left waiting.
  send?.(HallIntent.voiceAnswer, { accept: ok });
  sync();
}

/** "Not now" on the explanation: nothing is asked; an ask to answer is declined so the other side knows. */
export function notNow(): void {
  const step = useDeskCall.getState().explain;
  set({ explain: null });
  if (step === 'accept') send?.(HallIntent.voiceAnswer, { accept: false });
}

export function declineCall(hallSend: HallSend): void {
  set({ explain: null });
  hallSend(HallIntent.voiceAnswer, { accept: false });
}

/** Hang up a live call, or withdraw one's own ask. */
export function hangUp(hallSend: HallSend): void {
  hallSend(HallIntent.voiceHangUp, {});
}

/** Mute or unmute one's own microphone: it stays open and sends silence; the other side sees it. */
export function setMuted(muted: boolean, hallSend: HallSend): void {
  for (const t of stream?.getAudioTracks() ?? []) t.enabled = !muted;
  const call = useDeskCall.getState().call;
  if (call) set({ call: { ...call, you: { ...call.you, muted } } });
  hallSend(HallIntent.voiceMute, { muted });
}

/** Carry the call on this page (after a reload, or from another tab of one's own). */
export async function takeHere(hallSend?: HallSend): Promise<void> {
  if (hallSend) send = hallSend;
  if (!(await ensureMic())) return;
  const call = useDeskCall.getState().call;
  if (call) carry(call.ticketId);
  send?.(HallIntent.voiceHere, {});
}

/** The person signed out or the hall went away: nothing of the call stays on the page. */
export function resetDeskCall(): void {
  endLocally();
  set({ call: null, ended: null, explain: null, peerBack: false });
}
