export type Quality = 'high' | 'low';

/**
 * Low power (lower pixel ratio, no shadows) on devices that are likely to struggle: few cores, little
 * memory, or a small touch screen. `?quality=low|high` overrides, for testing and for people who know.
 */
export function initialQuality(): Quality {
  const forced = new URLSearchParams(window.location.search).get('quality');
  if (forced === 'low' || forced === 'high') return forced;
  const nav = navigator as Navigator & { deviceMemory?: number };
  const cores = nav.hardwareConcurrency ?? 4;
  const memory = nav.deviceMemory ?? 8;
  const smallTouch = window.matchMedia('(pointer: coarse)').matches && Math.min(screen.width, screen.height) < 500;
  return cores <= 4 || memory <= 4 || smallTouch ? 'low' : 'high';
}

export function qualityIsForced(): boolean {
  return new URLSearchParams(window.location.search).has('quality');
}
