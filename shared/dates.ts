/** A YYYY-MM-DD string naming a day that exists (not 2026-02-30). */
export function isCalendarDay(d: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return false;
  const at = Date.parse(`${d}T00:00:00Z`);
  return Number.isFinite(at) && new Date(at).toISOString().startsWith(d);
}
