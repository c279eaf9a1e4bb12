import type { PeerLink } from './peerLink.ts';
import { useVoice } from './voiceStore.ts';

/** How often levels are read, ms (about 5 times a second: enough for an indicator, cheap on a phone). */
export const LEVEL_POLL_MS = 200;
/** A level (0..1, linear amplitude) above which a person counts as speaking. Speech is ~0.05–0.3. */
export const SPEAKING_LEVEL = 0.02;
/** How long "speaking" holds after the level falls, ms, so the indicator does not flicker between words. */
export const SPEAKING_HOLD_MS = 700;

/**
 * Samples of one's own microphone looked at on each read: about 170 ms at 48 kHz, most of the time between two
 * reads, so a short word (or a short sound) between reads is not missed, as it was with a 21 ms window.
 */
const OWN_WINDOW_SAMPLES = 8192;
/** The stretch whose level counts, samples: about 21 ms, so a short word is not averaged away by the silence. */
const STRETCH_SAMPLES = 1024;

/** The level (RMS) of the loudest stretch of STRETCH_SAMPLES in `samples`. */
export function loudestStretch(samples: Float32Array): number {
  let loudest = 0;
  for (let start = 0; start < samples.length; start += STRETCH_SAMPLES) {
    const end = Math.min(samples.length, start + STRETCH_SAMPLES);
    let sum = 0;
    for (let i = start; i < end; i++) sum += samples[i]! * samples[i]!;
    loudest = Math.max(loudest, Math.sqrt(sum / (end - start)));
  }
  return loudest;
}

export interface LevelSource {
  /** One's own person id and microphone track (null while muted or not open). */
  self(): { id: string; track: MediaStreamTrack | null } | null;
  /** The links whose inbound audio is watched, keyed by the other person's id. */
  links(): Iterable<PeerLink>;
}

/**
 * Watch who speaks: one's own microphone through an AnalyserNode, the others from each link's inbound audio
 * level (getStats). Writes `useVoice().speaking` for the ids it knows and forgets them when stopped. Returns
 * the way to stop.
 */
export function watchLevels(source: LevelSource): () => void {
  const loudAt = new Map<string, number>();
  const known = new Set<string>();
  let ctx: AudioContext | null = null;
  let analyser: AnalyserNode | null = null;
  let analysed: MediaStreamTrack | null = null;
  let node: MediaStreamAudioSourceNode | null = null;
  let samples: Float32Array<ArrayBuffer> | null = null;
  let stopped = false;

  function ownLevel(track: MediaStreamTrack | null): number {
    if (!track || !track.enabled || track.readyState !== 'live') return 0;
    if (track !== analysed) {
      node?.disconnect();
      ctx ??= new AudioContext();
      analyser ??= Object.assign(ctx.createAnalyser(), { fftSize: OWN_WINDOW_SAMPLES });
      node = ctx.createMediaStreamSource(new MediaStream([track]));
      node.connect(analyser); // not to the destination: one's own voice is not played back
      analysed = track;
      samples = new Float32Array(analyser.fftSize);
    }
    if (!analyser || !samples) return 0;
    if (ctx?.state === 'suspended') void ctx.resume().catch(() => undefined);
    analyser.getFloatTimeDomainData(samples);
    return loudestStretch(samples);
  }

  async function tick(): Promise<void> {
    const now = performance.now();
    const levels = new Map<string, number>();
    const self = source.self();
    if (self) levels.set(self.id, ownLevel(self.track));
    const links = [...source.links()];
    const stats = await Promise.all(links.map((l) => l.stats().catch(() => null)));
    links.forEach((l, i) => levels.set(l.peerId, stats[i]?.inboundLevel ?? 0));
    if (stopped) return;
    const changes: Record<string, boolean> = {};
    for (const [id, level] of levels) {
      known.add(id);
      if (level > SPEAKING_LEVEL) loudAt.set(id, now);
      changes[id] = now - (loudAt.get(id) ?? -Infinity) < SPEAKING_HOLD_MS;
    }
    // Someone no longer watched (their link closed) stops speaking at once.
    const gone = [...known].filter((id) => !levels.has(id));
    for (const id of gone) known.delete(id);
    useVoice.getState().setSpeaking(changes);
    if (gone.length > 0) useVoice.getState().forget(gone);
  }

  let busy = false;
  const timer = setInterval(() => {
    if (busy) return; // a slow getStats on a busy phone: skip a beat rather than pile up
    busy = true;
    void tick().finally(() => (busy = false));
  }, LEVEL_POLL_MS);

  return () => {
    stopped = true;
    clearInterval(timer);
    node?.disconnect();
    void ctx?.close().catch(() => undefined);
    useVoice.getState().forget(known);
  };
}
