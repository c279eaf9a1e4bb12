import { z } from './zod.ts';

/**
 * Voice (语音): a desk call between the officer and the merchant being served, and the voice of a three-party
 * session. Audio goes peer to peer (WebRTC, Opus); the rooms carry the signalling (offers, answers, ICE
 * candidates) and relay it only between two people who may talk right now, checking each description on the
 * way: audio only, Opus, and no sending from someone who may not speak. Nothing is recorded anywhere.
 */

/** Largest session description a page may send, in characters (an audio-only one is 2–5 KB). */
export const VOICE_SDP_MAX = 16 * 1024;
/** Largest ICE candidate line, in characters (a real one is under 200). */
export const VOICE_CANDIDATE_MAX = 1024;
/**
 * How long an unanswered "Talk" asks the other side, ms: after it the ask lapses and either side may ask
 * again (a phone in a pocket is not left ringing forever).
 */
export const DESK_CALL_RING_MS = 60_000;
/**
 * Least time between two asks of one person, ms: an ask that ended without a call (withdrawn, declined or
 * unanswered) holds its asker back until this long after it was made, so asking and hanging up in a loop (a
 * restless tap, or a script) rings the other side at most once in this time. Answering the other side's ask,
 * by "Talk" too, is never held back.
 */
export const VOICE_ASK_COOLDOWN_MS = 5_000;
/**
 * Most people connected by voice in one session by default (MEETING_VOICE_MAX). Voice is a full mesh:
 * each page holds a connection to every other voice participant, and whoever may speak sends one Opus
 * stream (about 32 kbit/s) to each. At 16 a speaker sends about 0.5 Mbit/s and a page holds 15 connections,
 * which a mid-range phone on 4G carries; beyond it, people follow the session by text and see who speaks.
 */
export const MEETING_VOICE_MAX = 16;

const personId = z.string().min(1).max(64);

/** A session description as a page hands it over (`RTCSessionDescriptionInit` without rollback). */
export const voiceDescriptionSchema = z.strictObject({
  type: z.enum(['offer', 'answer']),
  sdp: z.string().min(1).max(VOICE_SDP_MAX),
});
export type VoiceDescription = z.infer<typeof voiceDescriptionSchema>;

/** An ICE candidate as a page hands it over (`RTCIceCandidateInit`); an empty candidate ends the gathering. */
export const voiceCandidateSchema = z.strictObject({
  candidate: z.string().max(VOICE_CANDIDATE_MAX),
  sdpMid: z.string().max(32).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(15).nullable().optional(),
  usernameFragment: z.string().max(256).nullable().optional(),
});
export type VoiceCandidate = z.infer<typeof voiceCandidateSchema>;

/**
 * Most ICE candidates one signalling message carries: a page sends the candidates it finds within a few
 * milliseconds together (an audio link finds 2–8), so joining a voice of many people costs a few messages per
 * person, not one per candidate.
 */
export const VOICE_CANDIDATES_MAX = 16;
/**
 * Signalling messages a connection may send per second, counted apart from its other intents
 * (MAX_MESSAGES_PER_SECOND): a page joining a session's voice at its largest (24) sends each of the 23
 * others an offer and a batch or two of candidates at once, about 70; beyond this the sender is shown out as a
 * flood. Each message is relayed to one person only, and is at most VOICE_SDP_MAX long. The default of the
 * station's `ROOM_VOICE_SIGNALS_PER_SECOND` (server/config.ts).
 */
export const VOICE_SIGNALS_PER_SECOND = 100;

/**
 * One signalling message for one person: a description, one candidate or a batch of them — exactly one. `epoch` names the
 * connection it belongs to (see {@link VoicePeer.epoch}): a message for an older connection is dropped by
 * the page that receives it.
 */
export const voiceSignalSchema = z
  .strictObject({
    to: personId,
    epoch: z.number().int().min(0).max(1_000_000),
    description: voiceDescriptionSchema.optional(),
    candidate: voiceCandidateSchema.optional(),
    candidates: z.array(voiceCandidateSchema).min(1).max(VOICE_CANDIDATES_MAX).optional(),
  })
  .refine((s) => [s.description, s.candidate, s.candidates].filter((part) => part !== undefined).length === 1, {
    error: 'description_or_candidate',
  });
export type VoiceSignalIntent = z.infer<typeof voiceSignalSchema>;

/** A signalling message as delivered: who it comes from instead of whom it is for. */
export interface VoiceSignalNotice {
  from: string;
  epoch: number;
  description?: VoiceDescription;
  candidate?: VoiceCandidate;
  candidates?: VoiceCandidate[];
}

/** A checked signal as its receiver gets it: who it is from instead of whom it is for, nothing else added. */
export function relayedSignal(from: string, s: VoiceSignalIntent): VoiceSignalNotice {
  if (s.description) return { from, epoch: s.epoch, description: s.description };
  if (s.candidates) return { from, epoch: s.epoch, candidates: s.candidates };
  return { from, epoch: s.epoch, candidate: s.candidate };
}

export const voiceAnswerSchema = z.strictObject({ accept: z.boolean() });
export const voiceMuteSchema = z.strictObject({ muted: z.boolean() });
export type VoiceAnswerIntent = z.infer<typeof voiceAnswerSchema>;
export type VoiceMuteIntent = z.infer<typeof voiceMuteSchema>;

/** Why a voice intent or a signal was refused (hall and meeting alike). */
export const VoiceReason = {
  /** Nobody is being served at the sender's desk (a desk call needs a visit under way). */
  noVisit: 'voice_not_serving',
  /** There is no call (or no ask) to answer, hang up, carry or signal in. */
  noCall: 'voice_no_call',
  /** A call is already asked or under way at this desk. */
  callBusy: 'voice_call_busy',
  /** Only the other side answers an ask. */
  ownAsk: 'voice_own_ask',
  /** The message is for someone the sender may not talk to now, or offers to send while they may not speak. */
  notAllowed: 'voice_not_allowed',
  /** The description is not audio with Opus only (video, data, another codec). */
  badDescription: 'voice_bad_description',
  /** Another of the person's connections carries their side of the call; this one may take it over. */
  elsewhere: 'voice_elsewhere',
  /** The session's voice is full (MEETING_VOICE_MAX): follow it by text. */
  voiceFull: 'voice_full',
  /** The sender's last ask, made under VOICE_ASK_COOLDOWN_MS ago, ended without a call: wait a few seconds. */
  askTooSoon: 'voice_ask_too_soon',
} as const;
export type VoiceReason = (typeof VoiceReason)[keyof typeof VoiceReason];

/** Why a desk call ended. */
export const CallEnd = {
  declined: 'declined',
  /** Nobody answered within DESK_CALL_RING_MS. */
  unanswered: 'unanswered',
  hungUp: 'hung_up',
  /** The visit was completed (or the ticket transferred, or marked a no-show). */
  visitOver: 'visit_over',
  deskClosed: 'desk_closed',
  /** One side left the hall for good (their held place ran out, or they signed out). */
  left: 'left',
} as const;
export type CallEnd = (typeof CallEnd)[keyof typeof CallEnd];

/** The other person of a call, as one side sees them. */
export interface VoicePeer {
  personId: string;
  name: string;
  /** The key of their avatar in the hall's state (to show them speaking), null when they follow from the line. */
  avatar: string | null;
  /** Their connection to the hall is up (false while it is lost and their place held). */
  online: boolean;
  /** A connection of theirs carries the call (false until they accept, and after a reload until the page takes it up again). */
  here: boolean;
  /** They muted their own microphone. */
  muted: boolean;
  /**
   * Counts the call's connections between the two pages: it grows each time either side's carrying
   * connection changes (a reload, another tab taking over). Both pages build a new peer connection for a
   * new epoch and drop signals of an older one.
   */
  epoch: number;
}

/**
 * A desk call as one side sees it, sent to both the officer and the served merchant whenever it changes,
 * and again when either (re)joins. `state` is `ended` once, with the reason, then the desk has no call.
 */
export interface DeskCallNotice {
  ticketId: string;
  deskId: string;
  state: 'ringing' | 'live' | 'ended';
  /** Who asked: this side ('you') or the other ('peer'). */
  askedBy: 'you' | 'peer';
  /** This side: whether one of its connections carries the call, and which (the receiving one or another). */
  you: { here: boolean; hereOnThisConnection: boolean; muted: boolean };
  peer: VoicePeer;
  /** The officer offers, the merchant answers a clash (the officer is the "impolite" side). */
  polite: boolean;
  /** When an unanswered ask lapses (ms since the epoch); null once live. */
  ringsUntil: number | null;
  ended?: CallEnd;
}

/** A chair switches the session between the floor rules and open discussion. */
export const discussionSchema = z.strictObject({ open: z.boolean() });
export type DiscussionIntent = z.infer<typeof discussionSchema>;

/** What a session description says about audio, as the rooms check it. */
export interface DescriptionFacts {
  /** Every media section is audio (no video, no data channel). */
  audioOnly: boolean;
  /** Every audio section offers Opus. */
  opus: boolean;
  /** Some audio section's direction lets its author send. */
  sends: boolean;
  /** How many media sections it has. */
  sections: number;
}

/**
 * Read a session description the way the rooms check it. A section's direction is its own attribute, else
 * the session's, else sendrecv (RFC 4566); a port of 0 means the section is rejected and sends nothing.
 */
export function describeDescription(sdp: string): DescriptionFacts {
  const lines = sdp.split(/\r?\n/);
  let sessionDirection = 'sendrecv';
  const sections: { kind: string; port: string; direction: string | null; opus: boolean }[] = [];
  for (const line of lines) {
    if (line.startsWith('m=')) {
      const [kind = '', port = ''] = line.slice(2).split(' ');
      sections.push({ kind, port, direction: null, opus: false });
      continue;
    }
    const direction = /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/.exec(line)?.[1];
    const current = sections.at(-1);
    if (direction) {
      if (current) current.direction = direction;
      else sessionDirection = direction;
    } else if (current && /^a=rtpmap:\d+ opus\/48000/i.test(line)) current.opus = true;
  }
  const audio = sections.filter((s) => s.kind === 'audio');
  return {
    audioOnly: sections.length > 0 && audio.length === sections.length,
    opus: audio.every((s) => s.opus || s.port === '0'),
    sends: audio.some((s) => s.port !== '0' && /^send/.test(s.direction ?? sessionDirection)),
    sections: sections.length,
  };
}

/**
 * Whether a description may go from its author: audio with Opus only, and sending only if the author may
 * speak now. Returns the refusal, or null when it may go.
 */
export function descriptionRefusal(sdp: string, maySend: boolean): VoiceReason | null {
  const facts = describeDescription(sdp);
  if (!facts.audioOnly || !facts.opus) return VoiceReason.badDescription;
  if (facts.sends && !maySend) return VoiceReason.notAllowed;
  return null;
}

/** ICE servers the page uses, as the server's configuration gives them (ICE_SERVERS, TURN_SECRET). */
export interface IceConfig {
  iceServers: { urls: string | string[]; username?: string; credential?: string }[];
  /** `relay` forces every call through the TURN server (ICE_TRANSPORT_POLICY). */
  iceTransportPolicy: 'all' | 'relay';
}

/** Where a signed-in page reads its ICE servers (short-lived TURN credentials are made per request). */
export const ICE_CONFIG_PATH = '/api/voice/ice';
