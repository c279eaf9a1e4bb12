import type { PeriodQuery } from '../../../shared/dashboard.ts';

/** The periods a lead picks with one press; each ends today, on the station's calendar. */
export const PRESETS = ['week', 'month', 'last30'] as const;
export type Preset = (typeof PRESETS)[number];

/** A calendar day `days` after `day` (before, when negative), YYYY-MM-DD. */
export function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The preset's period ending on `today` (the station's day): 本周 from its Monday, 本月 from the first of the
 * month, 近30天 the thirty days up to today.
 */
export function presetPeriod(preset: Preset, today: string): PeriodQuery {
  if (preset === 'week') {
    const weekday = new Date(`${today}T00:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday
    return { from: shiftDay(today, -((weekday + 6) % 7)), to: today };
  }
  if (preset === 'month') return { from: `${today.slice(0, 8)}01`, to: today };
  return { from: shiftDay(today, -29), to: today };
}

/** The preset a period is, if it is one (so its button shows pressed). */
export function presetOf(q: PeriodQuery, today: string): Preset | null {
  return (
    PRESETS.find((p) => {
      const r = presetPeriod(p, today);
      return r.from === q.from && r.to === q.to;
    }) ?? null
  );
}
