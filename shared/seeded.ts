/**
 * The project's one seeded random source (mulberry32): the same seed gives the same sequence on every machine.
 * The wait estimate's replays draw from it (the same estimate for the same line), and so do the tests that
 * shuffle operations, the fuzz and the simulated days (a failing seed can be printed and kept).
 */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
