import { stationClock } from '../../../shared/dates.ts';

/** A moment on the station's clock, YYYY-MM-DD HH:MM: the day the station kept, whatever the phone's zone. */
export function onStationClock(at: string, zone: string): string {
  const { date, time } = stationClock(at, zone);
  return `${date} ${time}`;
}
