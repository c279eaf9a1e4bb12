import {
  BODY_SHAPES,
  CLOTHING_KEYS,
  defaultAppearance,
  HAIR_COLOUR_KEYS,
  HAIR_STYLES,
  INVALID_APPEARANCE,
  type Appearance,
  type ClothingColour,
  type HairColour,
} from './appearance.ts';
import { z } from './zod.ts';

// The checks of an appearance live apart from its lists, so the sign-up form can draw the chooser without
// loading the schema library.

const choice = <T extends string>(values: readonly [T, ...T[]]) => z.enum(values, { error: INVALID_APPEARANCE });

/** An appearance as a form sends it and the server stores it: exactly these four fields, each one of its list. */
export const appearanceSchema: z.ZodType<Appearance> = z.strictObject(
  {
    body: choice(BODY_SHAPES),
    hair: choice(HAIR_STYLES),
    hairColour: choice(HAIR_COLOUR_KEYS as [HairColour, ...HairColour[]]),
    clothing: choice(CLOTHING_KEYS as [ClothingColour, ...ClothingColour[]]),
  },
  { error: INVALID_APPEARANCE },
);

/** A stored appearance if it is still a valid one, else the person's default. */
export function appearanceOr(stored: unknown, id: string): Appearance {
  const parsed = appearanceSchema.safeParse(stored);
  return parsed.success ? parsed.data : defaultAppearance(id);
}
