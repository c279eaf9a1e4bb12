import { describe, expect, it } from 'vitest';
import { merchantSignUpSchema } from '../../shared/accounts.ts';
import { appearanceOr, appearanceSchema } from '../../shared/appearanceSchema.ts';
import {
  BODY_SHAPES,
  CLOTHING_COLOURS,
  decodeLook,
  defaultAppearance,
  encodeLook,
  HAIR_COLOURS,
  HAIR_STYLES,
  INVALID_APPEARANCE,
  type Appearance,
} from '../../shared/appearance.ts';

const every: Appearance[] = BODY_SHAPES.flatMap((body) =>
  HAIR_STYLES.flatMap((hair) =>
    (Object.keys(HAIR_COLOURS) as Appearance['hairColour'][]).flatMap((hairColour) =>
      (Object.keys(CLOTHING_COLOURS) as Appearance['clothing'][]).map((clothing) => ({
        body,
        hair,
        hairColour,
        clothing,
      })),
    ),
  ),
);

describe('an appearance', () => {
  it('offers a few body shapes and hair styles, and eight clothing colours none of which is a uniform', () => {
    expect(BODY_SHAPES.length).toBeGreaterThanOrEqual(3);
    expect(HAIR_STYLES.length).toBeGreaterThanOrEqual(3);
    expect(Object.keys(CLOTHING_COLOURS)).toHaveLength(8);
    // The officer's navy and the park manager's green are the uniforms (client/hall/palette.ts).
    expect(Object.values(CLOTHING_COLOURS)).not.toContain('#1f4e8c');
    expect(Object.values(CLOTHING_COLOURS)).not.toContain('#2f8a5b');
  });

  it('is exactly four fields, each one of its list; anything else is refused with one code', () => {
    expect(appearanceSchema.parse(every[0])).toEqual(every[0]);
    const bad: unknown[] = [
      { ...every[0], body: 'giant' },
      { ...every[0], clothing: 'navy' },
      { ...every[0], hair: '' },
      { ...every[0], uniform: true },
      { body: 'slim' },
      'slim',
      null,
      [],
    ];
    for (const input of bad) {
      const r = appearanceSchema.safeParse(input);
      expect(r.success, JSON.stringify(input)).toBe(false);
      expect(
        r.error!.issues.every((i) => i.message === INVALID_APPEARANCE),
        JSON.stringify(r.error!.issues),
      ).toBe(true);
    }
  });

  it('travels as one small number and comes back the same, for every combination', () => {
    const looks = new Set<number>();
    for (const a of every) {
      const look = encodeLook(a);
      expect(look).toBeGreaterThanOrEqual(0);
      expect(look).toBeLessThan(1 << 16); // the state's uint16
      expect(decodeLook(look)).toEqual(a);
      looks.add(look);
    }
    expect(looks.size).toBe(every.length);
    // Whatever number arrives, it draws a valid figure.
    for (const n of [0, 511, 512, 65_535]) expect(appearanceSchema.safeParse(decodeLook(n)).success).toBe(true);
  });

  it('defaults from the account id: the same person alike every day, a crowd of them varied', () => {
    expect(defaultAppearance('m-123')).toEqual(defaultAppearance('m-123'));
    const crowd = Array.from({ length: 200 }, (_, i) => defaultAppearance(`m-${i}-${i * 7919}`));
    for (const key of ['body', 'hair', 'hairColour'] as const) {
      expect(new Set(crowd.map((a) => a[key])).size, key).toBe(key === 'body' ? BODY_SHAPES.length : 4);
    }
    expect(new Set(crowd.map((a) => a.clothing)).size).toBe(8);
    // No one look takes over: the most common of the 512 combinations is worn by a handful at most.
    const counts = new Map<number, number>();
    for (const a of crowd) counts.set(encodeLook(a), (counts.get(encodeLook(a)) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(4);
  });

  it('stored, is read back as stored, or as the default when it no longer fits', () => {
    expect(appearanceOr(every[5], 'm-1')).toEqual(every[5]);
    expect(appearanceOr(null, 'm-1')).toEqual(defaultAppearance('m-1'));
    expect(appearanceOr({ body: 'giant' }, 'm-1')).toEqual(defaultAppearance('m-1'));
  });

  it('is optional at sign-up, and a bad one refuses the sign-up on the appearance field', () => {
    expect(merchantSignUpSchema.parse({ name: '王', shop: '店' }).appearance).toBeUndefined();
    const r = merchantSignUpSchema.safeParse({ name: '王', shop: '店', appearance: { ...every[0], body: 'x' } });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path[0], i.message])).toEqual([['appearance', INVALID_APPEARANCE]]);
  });
});
