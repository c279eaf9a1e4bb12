import {
  VOICE_CANDIDATES_MAX,
  type IceConfig,
  type VoiceCandidate,
  type VoiceDescription,
  type VoiceSignalNotice,
} from '../../shared/voice.ts';
import { forgetLink, rememberLink } from './probe.ts';

export type LinkStatus = 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';

export interface LinkOptions {
  /** The person at the other end (their person id, as the room names them in signals). */
  peerId: string;
  /** The connection this link belongs to (the room's epoch); signals of another are the caller's to drop. */
  epoch: number;
  /** The polite side gives way when both offer at once (perfect negotiation); the impolite side restarts ICE. */
  polite: boolean;
  ice: IceConfig;
  /** Hand a signal to the room; the caller adds `to` and `epoch`. */
  send(signal: { description?: VoiceDescription; candidates?: VoiceCandidate[] }): void;
  onStatus?(status: LinkStatus): void;
}

export interface LinkStats {
  bytesSent: number;
  bytesReceived: number;
  /** The inbound audio level now, 0..1 (linear), as the browser measures what it plays. */
  inboundLevel: number;
  /** Sum of the inbound audio's energy so far: grows only while real (non-silent) audio arrives. */
  totalInboundEnergy: number;
  packetsLost: number;
  roundTripMs: number | null;
  /** Local candidate type of the selected pair: host | srflx | prflx | relay. */
  candidateType: string | null;
  /** performance.now() when inbound audio first arrived. */
  firstAudioAt: number | null;
}

/**
 * Candidates found within this many ms go to the room as one message: a link finds 2–8 at once, and a page
 * joining a session's voice links to everyone in it, so one message per candidate would flood the room.
 */
export const CANDIDATE_BATCH_MS = 40;
/** How long the connection may stay `disconnected` before the impolite side restarts ICE, ms. */
export const DISCONNECTED_GRACE_MS = 3000;
/** ICE restarts in a row without getting connected before the link reports `failed`. */
export const MAX_ICE_RESTARTS = 4;
/** Renegotiations after refused descriptions in a row before the link stops retrying (no endless loop). */
export const MAX_REFUSED_RETRIES = 3;

/**
 * One audio connection to one person: one RTCPeerConnection with one audio transceiver whose direction
 * follows what this side sends and wants to hear (sendrecv / sendonly / recvonly / inactive). Either side may
 * change it at any time; the "perfect negotiation" pattern (MDN) keeps two offers made at once from
 * deadlocking: the polite side rolls its own offer back and takes the other's, the impolite side ignores the
 * other's offer and waits for the answer to its own. The SDP is the browser's own (Opus by default), never
 * edited and never logged.
 */
export class PeerLink {
  readonly peerId: string;
  readonly epoch: number;
  readonly polite: boolean;
  /** The element that plays their voice; hidden, owned by the link, removed on close. */
  readonly audio: HTMLAudioElement;
  private readonly pc: RTCPeerConnection;
  private readonly opts: LinkOptions;
  /**
   * The one audio transceiver: the impolite side creates it; the polite side adopts the one the first offer
   * brings (adding its own would make two audio sections), so until then it only remembers its wishes.
   */
  private transceiver: RTCRtpTransceiver | null = null;
  private track: MediaStreamTrack | null = null;
  private receiving = true;
  private makingOffer = false;
  private ignoreOffer = false;
  private closed = false;
  private everConnected = false;
  private restarts = 0;
  private refusals = 0;
  private disconnectedTimer: ReturnType<typeof setTimeout> | undefined;
  private lastStatus: LinkStatus | null = null;
  private firstAudioAt: number | null = null;
  private pendingCandidates: VoiceCandidate[] = [];
  private candidateTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(opts: LinkOptions) {
    this.opts = opts;
    this.peerId = opts.peerId;
    this.epoch = opts.epoch;
    this.polite = opts.polite;
    this.pc = new RTCPeerConnection({
      iceServers: opts.ice.iceServers,
      iceTransportPolicy: opts.ice.iceTransportPolicy,
    });
    this.audio = document.createElement('audio');
    this.audio.autoplay = true;
    this.audio.hidden = true;
    this.audio.dataset.voicePeer = opts.peerId;
    // In the document, so that the browser plays (and measures) what arrives in every engine.
    document.body.append(this.audio);

    this.pc.onnegotiationneeded = () => void this.negotiate();
    this.pc.onicecandidate = ({ candidate }) => {
      // The end of gathering (null) needs no message: each side's candidates trickle in as found, in batches.
      if (candidate && !this.closed) this.queueCandidate(candidateOf(candidate));
    };
    // The track event is a fallback: the element already plays the transceiver's receiving track (see listen).
    this.pc.ontrack = ({ track }) => this.play(track);
    this.pc.onconnectionstatechange = () => this.onConnectionState();
    if (!this.polite) this.listen(this.pc.addTransceiver('audio', { direction: this.direction() }));
    this.status('connecting');
    rememberLink(this);
  }

  /** Send this microphone track, or nothing (muted, or not allowed to speak). */
  setSending(track: MediaStreamTrack | null): void {
    this.track = track;
    this.apply();
  }

  /** Negotiate to receive their audio, or not. */
  setReceiving(on: boolean): void {
    this.receiving = on;
    this.audio.muted = !on;
    this.apply();
  }

  /** A signal from the room for this link (the caller matched the epoch). */
  async receive(signal: VoiceSignalNotice): Promise<void> {
    if (this.closed) return;
    const { description, candidate } = signal;
    try {
      if (description) {
        const collision = description.type === 'offer' && (this.makingOffer || this.pc.signalingState !== 'stable');
        this.ignoreOffer = !this.polite && collision;
        if (this.ignoreOffer) return;
        await this.pc.setRemoteDescription(description); // the polite side rolls its own offer back here
        if (this.closed) return;
        if (description.type === 'offer') {
          this.adopt();
          await this.pc.setLocalDescription();
          this.sendDescription();
        } else {
          this.refusals = 0; // an answer came: our last offer went through
        }
      } else {
        for (const c of signal.candidates ?? (candidate ? [candidate] : [])) {
          try {
            await this.pc.addIceCandidate(c);
          } catch (err) {
            if (!this.ignoreOffer) throw err;
          }
        }
      }
    } catch (err) {
      if (!this.closed) console.warn('voice: a signal could not be applied', (err as Error).name);
    }
  }

  /** The room refused our last description: roll back an offer still waiting, and negotiate again. */
  refused(): void {
    if (this.closed) return;
    if (++this.refusals > MAX_REFUSED_RETRIES) return;
    void (async () => {
      try {
        if (this.pc.signalingState === 'have-local-offer') await this.pc.setLocalDescription({ type: 'rollback' });
        await this.negotiate();
      } catch {
        // the next change or ICE restart negotiates again
      }
    })();
  }

  /** Gather new ICE candidates on both sides (after a network switch); the next offer carries them. */
  restartIce(): void {
    if (!this.closed) this.pc.restartIce();
  }

  async stats(): Promise<LinkStats> {
    const out: LinkStats = {
      bytesSent: 0,
      bytesReceived: 0,
      inboundLevel: 0,
      totalInboundEnergy: 0,
      packetsLost: 0,
      roundTripMs: null,
      candidateType: null,
      firstAudioAt: this.firstAudioAt,
    };
    if (this.closed) return out;
    const report = await this.pc.getStats();
    let pairId: string | undefined;
    report.forEach((s: Record<string, unknown>) => {
      if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string') pairId = s.selectedCandidatePairId;
    });
    report.forEach((s: Record<string, unknown>) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') {
        out.bytesReceived += num(s.bytesReceived);
        out.inboundLevel = Math.max(out.inboundLevel, num(s.audioLevel));
        out.totalInboundEnergy += num(s.totalAudioEnergy);
        out.packetsLost += num(s.packetsLost);
      } else if (s.type === 'outbound-rtp' && s.kind === 'audio') {
        out.bytesSent += num(s.bytesSent);
      } else if (
        s.type === 'candidate-pair' &&
        (s.id === pairId || (!pairId && s.nominated && s.state === 'succeeded'))
      ) {
        if (typeof s.currentRoundTripTime === 'number') out.roundTripMs = Math.round(s.currentRoundTripTime * 1000);
        const local = typeof s.localCandidateId === 'string' ? report.get(s.localCandidateId) : undefined;
        if (local && typeof local.candidateType === 'string') out.candidateType = local.candidateType;
      }
    });
    if (out.bytesReceived > 0) this.firstAudioAt ??= performance.now();
    out.firstAudioAt = this.firstAudioAt;
    return out;
  }

  get currentStatus(): LinkStatus {
    return this.lastStatus ?? 'connecting';
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.disconnectedTimer);
    clearTimeout(this.candidateTimer);
    this.pc.onnegotiationneeded = null;
    this.pc.onicecandidate = null;
    this.pc.ontrack = null;
    this.pc.onconnectionstatechange = null;
    this.pc.close();
    this.audio.srcObject = null;
    this.audio.remove();
    forgetLink(this);
    this.status('closed');
  }

  private direction(): RTCRtpTransceiverDirection {
    if (this.track) return this.receiving ? 'sendrecv' : 'sendonly';
    return this.receiving ? 'recvonly' : 'inactive';
  }

  /** Bring the transceiver to what this side wants; a new direction fires negotiationneeded by itself. */
  private apply(): void {
    if (this.closed || !this.transceiver) return;
    const t = this.transceiver;
    if (t.sender.track !== this.track) void t.sender.replaceTrack(this.track).catch(() => undefined);
    if (t.direction !== this.direction()) t.direction = this.direction();
  }

  /** The polite side takes the transceiver the first offer created, and answers with its own wishes. */
  private adopt(): void {
    if (!this.transceiver) {
      const found = this.pc.getTransceivers().find((t) => t.receiver.track.kind === 'audio');
      if (found) this.listen(found);
    }
    this.apply();
  }

  /**
   * Take the transceiver and play what it receives from the start. Its receiving track lives as long as it
   * does and carries their voice whenever the two sides negotiate it; waiting for the track event instead
   * loses their voice when that event does not come again (a direction that gained receiving later, after a
   * renegotiation that crossed another).
   */
  private listen(t: RTCRtpTransceiver): void {
    this.transceiver = t;
    this.play(t.receiver.track);
  }

  private play(track: MediaStreamTrack): void {
    const current = this.audio.srcObject;
    if (current instanceof MediaStream && current.getTracks().includes(track)) return;
    this.audio.srcObject = new MediaStream([track]);
    // A receiving track is muted until packets arrive: that is when their voice first reaches us.
    track.addEventListener('unmute', () => (this.firstAudioAt ??= performance.now()));
    void this.audio.play().catch(() => undefined); // autoplay may wait for a gesture; the call's buttons give one
  }

  private async negotiate(): Promise<void> {
    if (this.closed || !this.transceiver) return;
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      this.sendDescription();
    } catch (err) {
      if (!this.closed) console.warn('voice: could not make an offer', (err as Error).name);
    } finally {
      this.makingOffer = false;
    }
  }

  /** Keep a found candidate for the next batch, sent CANDIDATE_BATCH_MS after the first of it. */
  private queueCandidate(c: VoiceCandidate): void {
    this.pendingCandidates.push(c);
    this.candidateTimer ??= setTimeout(() => {
      this.candidateTimer = undefined;
      const all = this.pendingCandidates;
      this.pendingCandidates = [];
      for (let i = 0; i < all.length && !this.closed; i += VOICE_CANDIDATES_MAX) {
        this.opts.send({ candidates: all.slice(i, i + VOICE_CANDIDATES_MAX) });
      }
    }, CANDIDATE_BATCH_MS);
  }

  private sendDescription(): void {
    const d = this.pc.localDescription;
    if (this.closed || !d || (d.type !== 'offer' && d.type !== 'answer')) return;
    this.opts.send({ description: { type: d.type, sdp: d.sdp } });
  }

  private onConnectionState(): void {
    const state = this.pc.connectionState;
    clearTimeout(this.disconnectedTimer);
    if (state === 'connected') {
      this.everConnected = true;
      this.restarts = 0;
      this.status('connected');
    } else if (state === 'new' || state === 'connecting') {
      this.status(this.everConnected ? 'reconnecting' : 'connecting');
    } else if (state === 'disconnected') {
      // Often back by itself within a second or two (a brief loss); a network switch needs new candidates.
      this.status('reconnecting');
      this.disconnectedTimer = setTimeout(() => this.restartIfImpolite(), DISCONNECTED_GRACE_MS);
    } else if (state === 'failed') {
      this.restartIfImpolite();
    }
  }

  /**
   * The impolite side (the officer at a desk) restarts ICE; the polite side waits for its offer, so the two
   * never restart over each other. Too many restarts without success: the link has failed.
   */
  private restartIfImpolite(): void {
    if (this.closed) return;
    const state = this.pc.connectionState;
    if (state !== 'disconnected' && state !== 'failed') return;
    if (this.polite) return this.status('reconnecting');
    if (this.restarts >= MAX_ICE_RESTARTS) return this.status('failed');
    this.restarts++;
    this.status('reconnecting');
    this.pc.restartIce();
    // A restart that does not bring the connection back is tried again after the same grace.
    this.disconnectedTimer = setTimeout(() => this.restartIfImpolite(), DISCONNECTED_GRACE_MS * 2);
  }

  private status(s: LinkStatus): void {
    if (s === this.lastStatus) return;
    this.lastStatus = s;
    this.opts.onStatus?.(s);
  }
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function candidateOf(c: RTCIceCandidate): VoiceCandidate {
  const j = c.toJSON();
  return {
    candidate: j.candidate ?? '',
    sdpMid: j.sdpMid ?? null,
    sdpMLineIndex: j.sdpMLineIndex ?? null,
    usernameFragment: j.usernameFragment ?? null,
  };
}
