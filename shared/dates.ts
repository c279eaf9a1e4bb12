/** A YYYY-MM-DD string naming a day that exists (not 2026-02-30). */
export function isCalendarDay(d: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return false;
  const at = Date.parse(`${d}T00:00:00Z`);
  return Number.isFinite(at) && new Date(at).toISOString().startsWith(d);
}

/** The station's wall clock at an instant: the day (YYYY-MM-DD) and the time (HH:MM) in `timeZone`. */
export function stationClock(at: number | string, timeZone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/** The day a moment belongs to in the station's time zone, YYYY-MM-DD. */
export function stationDay(at: number, timeZone: string): string {
  return stationClock(at, timeZone).date;
}
