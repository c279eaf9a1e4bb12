import { describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import { deskSignAt, deskSignLabel } from '../../client/hall/Desk.tsx';
import { en } from '../../client/i18n/en.ts';
import { compactLayout } from '../../shared/layouts/compact.ts';
import type { HallLayout } from '../../shared/layout.ts';

/** The English messages by dotted key, as the page's `t` reads them. */
const t = ((key: string, o?: { n?: number }) => {
  const value = key.split('.').reduce<unknown>((at, k) => (at as Record<string, unknown>)[k], en);
  return String(value).replace('{{n}}', String(o?.n ?? ''));
}) as unknown as TFunction;

/** A layout whose desks offer services with no short name on a sign (and ids like an object's own keys). */
const other: HallLayout = {
  ...compactLayout,
  services: [{ id: 'permits', prefix: 'P', name: { zh: '临时占道许可', en: 'Street permits' } }],
  desks: compactLayout.desks.map((d, i) => ({ ...d, services: [['permits', '__proto__', 'toString'][i]!] })),
};

describe('a desk’s sign in any layout', () => {
  it('hangs on the layout’s own north wall', () => {
    for (const desk of compactLayout.desks)
      expect(deskSignAt(compactLayout, desk).z).toBeCloseTo(compactLayout.bounds.minZ + 0.075);
  });

  it('says a service without a short name by its own name in the page’s language, or else its id', () => {
    expect(deskSignLabel(other, other.desks[0]!, 1, '#000', 'open', t, 'en').lines[0]!.text).toBe('Street permits');
    expect(deskSignLabel(other, other.desks[0]!, 1, '#000', 'open', t, 'zh').lines[0]!.text).toBe('临时占道许可');
    expect(deskSignLabel(other, other.desks[1]!, 2, '#000', 'open', t, 'en').lines[0]!.text).toBe('__proto__');
    expect(deskSignLabel(other, other.desks[2]!, 3, '#000', 'closed', t, 'en').band!.text).toBe('Desk 3 · toString');
    const known = deskSignLabel(compactLayout, compactLayout.desks[0]!, 1, '#000', 'paused', t, 'en');
    expect([known.lines[0]!.text, known.band!.text]).toEqual(['Paused', 'Desk 1 · Signboards']);
  });
});
