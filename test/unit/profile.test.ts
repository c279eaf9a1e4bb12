import { describe, expect, it } from 'vitest';
import { merchantProfileSchema, NAME_MAX, profileErrors, SHOP_MAX } from '../../shared/profile.ts';

describe('merchant sign-in validation', () => {
  it('accepts a name and shop, tidying spaces', () => {
    expect(merchantProfileSchema.parse({ name: '  王 女士 ', shop: '老王\t面馆' })).toEqual({
      name: '王 女士',
      shop: '老王 面馆',
    });
  });

  it('names each missing or blank field', () => {
    expect(profileErrors({ name: '', shop: '   ' })).toEqual({ name: 'required', shop: 'required' });
    expect(profileErrors({})).toEqual({ name: 'required', shop: 'required' });
    expect(profileErrors(null)).toEqual({});
    expect(merchantProfileSchema.safeParse(null).success).toBe(false);
  });

  it('counts characters, not bytes, at the limits', () => {
    expect(profileErrors({ name: '王'.repeat(NAME_MAX), shop: '店'.repeat(SHOP_MAX) })).toEqual({});
    expect(profileErrors({ name: '王'.repeat(NAME_MAX + 1), shop: '店'.repeat(SHOP_MAX + 1) })).toEqual({
      name: 'too_long',
      shop: 'too_long',
    });
    // An emoji is one character even though it is two UTF-16 units.
    expect(profileErrors({ name: '😀'.repeat(NAME_MAX), shop: 'x' })).toEqual({});
  });

  it('refuses control and direction-override characters', () => {
    expect(profileErrors({ name: 'a\u0000b', shop: 'x' }).name).toBe('invalid_chars');
    expect(profileErrors({ name: 'evil\u202Egnp.exe', shop: 'x' }).name).toBe('invalid_chars');
    expect(profileErrors({ name: 'zero\u200Bwidth', shop: 'x' }).name).toBe('invalid_chars');
  });

  it('keeps markup- and SQL-shaped text verbatim: it is only ever shown as text', () => {
    const hostile = { name: '<b>王</b>&amp;', shop: "x'); DROP TABLE shops;--" };
    expect(merchantProfileSchema.parse(hostile)).toEqual(hostile);
  });

  it('refuses non-strings', () => {
    expect(profileErrors({ name: 42, shop: ['a'] })).toEqual({ name: 'required', shop: 'required' });
  });
});
