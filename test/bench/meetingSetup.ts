/**
 * The people and sessions of the bench's meeting phases, made through the hall as a station makes them: staff
 * accounts through the hall's admin route, sessions scheduled by their host through the meetings API.
 */
import { hashPassword } from '../../server/accounts/passwords.ts';
import { ADMIN_STAFF_ROUTE } from '../../server/accounts/adminHttp.ts';
import { hallHolding } from '../../server/store/dataDirLock.ts';
import { AccountsRoute } from '../../shared/accounts.ts';
import { stationClock } from '../../shared/dates.ts';
import { MeetingsRoute, type MeetingParty, type MeetingSummary } from '../../shared/meetings.ts';

/** The station's time zone the bench hall runs in: sessions are scheduled on its clock. */
export const MEETING_TZ = 'Asia/Shanghai';

/** Bounds one request to the hall (a phase's time left); unbounded when not given. */
export type Within = (request: Promise<Response>, what: string) => Promise<Response>;
const unbounded: Within = (request) => request;

/**
 * A staff account made as `npm run staff` makes it while the hall owns its embedded database (through the
 * hall's admin route, with the key it wrote into its data folder), then signed in like the page does: its token.
 */
export async function addStaff(
  dataDir: string,
  origin: string,
  account: { role: 'parkManager' | 'officer'; username: string; name: string; password: string },
  within: Within = unbounded,
): Promise<string> {
  const holder = hallHolding(dataDir);
  if (!holder?.port || !holder.adminKey) throw new Error('the bench hall cannot be reached to add staff');
  const { role, username, name, password } = account;
  const command = { op: 'add', role, username, name, passwordHash: await hashPassword(password) };
  const added = await within(
    fetch(`http://127.0.0.1:${holder.port}${ADMIN_STAFF_ROUTE}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Admin-Key': holder.adminKey },
      body: JSON.stringify({ command, actor: 'bench' }),
    }),
    'staff add',
  );
  if (!added.ok) throw new Error(`staff add refused: ${added.status}`);
  const res = await within(
    fetch(new URL(AccountsRoute.staffLogin, origin), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password }),
    }),
    'staff sign-in',
  );
  const body = (await res.json()) as { token?: string };
  if (!body.token) throw new Error(`staff sign-in refused: ${res.status}`);
  return body.token;
}

/** Person ids by name, as the scheduling page learns them: from the list of who can be invited. */
export async function invitableIds(origin: string, token: string): Promise<Map<string, string>> {
  const res = await fetch(new URL(MeetingsRoute.people, origin), { headers: { Authorization: `Bearer ${token}` } });
  const people = ((await res.json()) as { people: { id: string; name: string }[] }).people;
  return new Map(people.map((p) => [p.name, p.id]));
}

/** The host schedules a session of an hour, five minutes ahead on the station's clock: its door is already open. */
export async function scheduleSession(
  origin: string,
  hostToken: string,
  session: { title: string; agenda: string[]; invitees: { id: string; party: MeetingParty }[] },
  within: Within = unbounded,
): Promise<MeetingSummary> {
  const r = await within(
    fetch(new URL(MeetingsRoute.list, origin), {
      method: 'POST',
      headers: { Authorization: `Bearer ${hostToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...session, ...stationClock(Date.now() + 5 * 60_000, MEETING_TZ), minutes: 60 }),
    }),
    'scheduling',
  );
  const meeting = (await r.json()) as MeetingSummary;
  if (r.status !== 201) throw new Error(`scheduling refused: ${r.status} ${JSON.stringify(meeting)}`);
  return meeting;
}
