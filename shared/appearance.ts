/**
 * How a person looks in the hall: a body shape, a hair style and colour, and (for merchants) the colour of
 * their clothes. Merchants choose at sign-up and may change it in their profile; staff always wear their
 * role's uniform, whatever is stored. Everything is a short enum, so it travels in the hall's state as one
 * small number ({@link encodeLook}) and nobody can make an avatar out of arbitrary values.
 */

/** Body shapes; the silhouette differs, so people differ by more than colour. Order is part of the wire. */
export const BODY_SHAPES = ['average', 'slim', 'broad', 'short'] as const;
export type BodyShape = (typeof BODY_SHAPES)[number];

/** Hair styles; "bald" draws none. Order is part of the wire. */
export const HAIR_STYLES = ['short', 'long', 'bun', 'bald'] as const;
export type HairStyle = (typeof HAIR_STYLES)[number];

/** Hair colours and how they are drawn. Order is part of the wire. */
export const HAIR_COLOURS = {
  black: '#1f1b1a',
  brown: '#6b4226',
  grey: '#a7a4a0',
  auburn: '#a2482a',
} as const;
export type HairColour = keyof typeof HAIR_COLOURS;
export const HAIR_COLOUR_KEYS = Object.keys(HAIR_COLOURS) as HairColour[];

/**
 * Clothing a merchant may wear: eight colours far apart in hue and lightness, none of them a uniform's navy
 * or green, so a merchant never passes for staff. Order is part of the wire.
 */
export const CLOTHING_COLOURS = {
  red: '#c8322d',
  orange: '#ef8a2c',
  yellow: '#f2c531',
  lime: '#8cc63f',
  sky: '#5fb7e8',
  purple: '#8a55c4',
  pink: '#ec7fb0',
  white: '#f3f0ea',
} as const;
export type ClothingColour = keyof typeof CLOTHING_COLOURS;
export const CLOTHING_KEYS = Object.keys(CLOTHING_COLOURS) as ClothingColour[];

/** The code a refused appearance is answered with, in the field's place (`fields.appearance`). */
export const INVALID_APPEARANCE = 'invalid_appearance';

/** An appearance as a form sends it and the server stores it: exactly these four fields, each one of its list. */
export interface Appearance {
  body: BodyShape;
  hair: HairStyle;
  hairColour: HairColour;
  clothing: ClothingColour;
}

/** A small, stable hash of an id (FNV-1a, 32 bits): the same person always gets the same default. */
function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * How someone looks who never chose (staff, merchants from before the choice existed): derived from their
 * account id, so a crowd of them is varied rather than all alike, and the same person looks the same every
 * day.
 */
export function defaultAppearance(id: string): Appearance {
  const h = hashId(id);
  return {
    body: BODY_SHAPES[h % BODY_SHAPES.length]!,
    hair: HAIR_STYLES[(h >>> 4) % HAIR_STYLES.length]!,
    hairColour: HAIR_COLOUR_KEYS[(h >>> 8) % HAIR_COLOUR_KEYS.length]!,
    clothing: CLOTHING_KEYS[(h >>> 12) % CLOTHING_KEYS.length]!,
  };
}

/** An appearance as the hall's state carries it: 2 bits each for body, hair and hair colour, 3 for clothing. */
export function encodeLook(a: Appearance): number {
  return (
    BODY_SHAPES.indexOf(a.body) |
    (HAIR_STYLES.indexOf(a.hair) << 2) |
    (HAIR_COLOUR_KEYS.indexOf(a.hairColour) << 4) |
    (CLOTHING_KEYS.indexOf(a.clothing) << 6)
  );
}

/** The appearance a state's number stands for; any number gives a valid one. */
export function decodeLook(look: number): Appearance {
  return {
    body: BODY_SHAPES[look & 3]!,
    hair: HAIR_STYLES[(look >>> 2) & 3]!,
    hairColour: HAIR_COLOUR_KEYS[(look >>> 4) & 3]!,
    clothing: CLOTHING_KEYS[(look >>> 6) & 7]!,
  };
}
