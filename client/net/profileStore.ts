import { DEFAULT_STATION_SLUG } from '../../shared/stations.ts';
import { pageStation } from './stationSlug.ts';

const TOKEN_KEY = 'hall.token';
const RECONNECT_KEY = 'hall.reconnectionToken';

function storage(kind: 'local' | 'session'): Storage | null {
  try {
    return kind === 'local' ? window.localStorage : window.sessionStorage;
  } catch {
    return null; // private mode or storage disabled: the hall still works, it just forgets
  }
}

/** The token the hall issued to this browser: a merchant's identity, or a staff member's session. */
export function loadToken(): string | null {
  return storage('local')?.getItem(TOKEN_KEY) ?? null;
}

/** Store a value, or forget it when there is none. */
function keep(kind: 'local' | 'session', key: string, value: string | null): void {
  const s = storage(kind);
  if (!s) return;
  if (value) s.setItem(key, value);
  else s.removeItem(key);
}

export function saveToken(token: string | null): void {
  keep('local', TOKEN_KEY, token);
}

/**
 * The seat the hall holds for this tab. Kept per tab (session storage) so a reload takes the same avatar
 * back while a second tab walks in as a second person.
 */
export function loadReconnectionToken(): string | null {
  return storage('session')?.getItem(reconnectKey()) ?? null;
}

export function saveReconnectionToken(token: string | null): void {
  keep('session', reconnectKey(), token);
}

/**
 * One held seat per station: a tab that goes from one station's link to another's walks into the second
 * station's hall afresh, not back into the first's. The default station keeps the key it always had.
 */
function reconnectKey(): string {
  const station = pageStation();
  return station === DEFAULT_STATION_SLUG ? RECONNECT_KEY : `${RECONNECT_KEY}.${station}`;
}

const MEETING_KEY = 'hall.meeting';

/** The meeting room this tab is in, and its held seat, so a reload goes straight back to the table. */
export function loadMeetingSeat(): { meetingId: string; reconnectionToken: string } | null {
  try {
    const raw = storage('session')?.getItem(MEETING_KEY);
    return raw ? (JSON.parse(raw) as { meetingId: string; reconnectionToken: string }) : null;
  } catch {
    return null;
  }
}

export function saveMeetingSeat(seat: { meetingId: string; reconnectionToken: string } | null): void {
  keep('session', MEETING_KEY, seat ? JSON.stringify(seat) : null);
}
