import { describe, expect, it } from 'vitest';
import { loudestStretch, SPEAKING_LEVEL } from '../../client/voice/levels.ts';

const RATE = 48_000;

/** `ms` of audio at 48 kHz: silence, with a tone of `amplitude` from `fromMs` for `forMs`. */
function audio(ms: number, fromMs = 0, forMs = 0, amplitude = 0): Float32Array {
  const out = new Float32Array(Math.round((ms / 1000) * RATE));
  const from = Math.round((fromMs / 1000) * RATE);
  const to = Math.min(out.length, from + Math.round((forMs / 1000) * RATE));
  for (let i = from; i < to; i++) out[i] = amplitude * Math.sin((2 * Math.PI * 440 * i) / RATE);
  return out;
}

describe('one’s own speaking level', () => {
  it('is silent for silence and for a hiss far below speech', () => {
    expect(loudestStretch(audio(170))).toBe(0);
    expect(loudestStretch(audio(170, 0, 170, 0.01))).toBeLessThan(SPEAKING_LEVEL);
  });

  it('counts a short word anywhere in the window, not averaged away by the silence round it', () => {
    // 20 ms at a quiet speaking amplitude, at the start, the middle or the end of ~170 ms read at once.
    for (const at of [0, 75, 150]) expect(loudestStretch(audio(170, at, 20, 0.1))).toBeGreaterThan(SPEAKING_LEVEL);
    // Averaged over the whole window the same word would read as silence.
    const whole = audio(170, 75, 20, 0.05);
    const rms = Math.sqrt(whole.reduce((s, v) => s + v * v, 0) / whole.length);
    expect(rms).toBeLessThan(SPEAKING_LEVEL);
    expect(loudestStretch(whole)).toBeGreaterThan(SPEAKING_LEVEL);
  });

  it('reads a window that is not a whole number of stretches', () => {
    expect(loudestStretch(audio(30, 25, 5, 0.5))).toBeGreaterThan(SPEAKING_LEVEL);
  });
});
