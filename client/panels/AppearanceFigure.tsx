import { CLOTHING_COLOURS, HAIR_COLOURS, type Appearance, type BodyShape } from '../../shared/appearance.ts';

/** Drawn as the hall draws people (client/hall/figure.ts), in two dimensions: skin and trousers alike. */
const SKIN = '#f1c7a0';
const TROUSERS = '#3d4350';
const OUTLINE = '#1d232b';

/** Each body shape's outline: where the head sits, the torso, and how far down the legs reach. */
const BODIES: Record<BodyShape, { headY: number; torso: string; shoulderX: number; shoulderY: number; hipY: number }> =
  {
    average: { headY: 12, torso: 'M13 21 L27 21 L29 40 L11 40 Z', shoulderX: 7, shoulderY: 22, hipY: 40 },
    slim: { headY: 10, torso: 'M15.5 19 L24.5 19 L25.5 41 L14.5 41 Z', shoulderX: 5, shoulderY: 20, hipY: 41 },
    broad: { headY: 12, torso: 'M7 21 L33 21 L27 40 L13 40 Z', shoulderX: 13, shoulderY: 22, hipY: 40 },
    short: { headY: 18, torso: 'M20 25 C33 25 33 44 20 44 C7 44 7 25 20 25 Z', shoulderX: 10, shoulderY: 28, hipY: 44 },
  };

/**
 * A small picture of a person as they will look in the hall: body shape, hair and clothes. Decorative: the
 * chooser's labels say in words what it shows.
 */
export function AppearanceFigure({
  appearance,
  size = 48,
  neutral = false,
}: {
  appearance: Appearance;
  /** Height in CSS pixels. */
  size?: number;
  /** Grey clothes and hair, for an option that is about the shape alone. */
  neutral?: boolean;
}) {
  const b = BODIES[appearance.body];
  const clothes = neutral ? '#b8c0ca' : CLOTHING_COLOURS[appearance.clothing];
  const hair = neutral ? '#5b6470' : HAIR_COLOURS[appearance.hairColour];
  const y = b.headY;
  return (
    <svg viewBox="0 0 40 60" width={(size * 2) / 3} height={size} aria-hidden="true" focusable="false">
      {appearance.hair === 'long' ? <rect x="12.5" y={y - 2} width="15" height="14" rx="3" fill={hair} /> : null}
      <rect x="14.5" y={b.hipY - 1} width="4.5" height={57 - b.hipY} fill={TROUSERS} />
      <rect x="21" y={b.hipY - 1} width="4.5" height={57 - b.hipY} fill={TROUSERS} />
      <path
        d={`M${20 - b.shoulderX} ${b.shoulderY} l-3 15 M${20 + b.shoulderX} ${b.shoulderY} l3 15`}
        stroke={clothes}
        strokeWidth="3.5"
        strokeLinecap="round"
      />
      <path d={b.torso} fill={clothes} stroke={OUTLINE} strokeWidth="0.6" />
      <circle cx="20" cy={y} r="7" fill={SKIN} stroke={OUTLINE} strokeWidth="0.6" />
      {appearance.hair !== 'bald' ? <path d={`M12.6 ${y} A7.4 7.4 0 0 1 27.4 ${y} Z`} fill={hair} /> : null}
      {appearance.hair === 'bun' ? <circle cx="20" cy={y - 8.5} r="3.4" fill={hair} /> : null}
    </svg>
  );
}
