import {
  MeetingError,
  MeetingsRoute,
  MinutesRoute,
  type ActionItemInput,
  type MeetingMinutes,
  type MinutesClash,
  type MinutesInput,
  type MeetingSummary,
  type MyMeetings,
  type PublicMeeting,
  type ScheduleMeetingInput,
} from '../../shared/meetings.ts';
import type { GateError } from '../../shared/accounts.ts';
import { apiUrl, callFor, refusalOf, unreachable, type ApiResult } from './http.ts';
import { stationHeader } from './stationSlug.ts';

/** What a meetings refusal carries: one of the meetings API's codes (or the gate's, or the transport's). */
type MeetingRefusal = MeetingError | GateError;
const call = callFor<MeetingError>();

const one = (route: string, id: string) => route.replace(':id', encodeURIComponent(id));

/** Three-party sessions over the hall's HTTP API. */
export const meetingsApi = {
  mine: (token: string) => call<MyMeetings>('GET', MeetingsRoute.list, undefined, token),
  /** One session, for whoever may read its minutes (also long after it ended). */
  one: (token: string, id: string) => call<MeetingSummary>('GET', one(MeetingsRoute.one, id), undefined, token),
  board: (token: string) => call<{ meetings: PublicMeeting[] }>('GET', MeetingsRoute.board, undefined, token),
  /** The station's staff and the merchants known there; with `merchant`, the one merchant it names exactly. */
  people: (token: string, merchant?: string) =>
    call<{ people: { id: string; name: string; party: 'officer' | 'property' | 'merchant'; shop?: string }[] }>(
      'GET',
      merchant === undefined
        ? MeetingsRoute.people
        : `${MeetingsRoute.people}?merchant=${encodeURIComponent(merchant)}`,
      undefined,
      token,
    ),
  schedule: (token: string, input: ScheduleMeetingInput) =>
    call<MeetingSummary>('POST', MeetingsRoute.list, input, token),
  edit: (token: string, id: string, input: ScheduleMeetingInput) =>
    call<MeetingSummary>('PUT', one(MeetingsRoute.one, id), input, token),
  cancel: (token: string, id: string) => call<MeetingSummary>('POST', one(MeetingsRoute.cancel, id), undefined, token),
  minutes: (token: string, id: string) => call<MeetingMinutes>('GET', one(MinutesRoute.minutes, id), undefined, token),
  /** Save an item's minutes; refused with MeetingError.minutesChanged and the other writer's text (`clash`) if it moved on. */
  async writeMinutes(
    token: string,
    id: string,
    index: number,
    input: MinutesInput,
    keepalive = false,
  ): Promise<ApiResult<MeetingMinutes, MeetingRefusal> & { clash?: MinutesClash }> {
    const path = one(MinutesRoute.item, id).replace(':index', String(index));
    const r = await call<MeetingMinutes>('PUT', path, input, token, { keepalive });
    if (r.ok || r.error !== MeetingError.minutesChanged) return r;
    return { ...r, clash: r.fields as unknown as MinutesClash };
  },
  addAction: (token: string, id: string, input: ActionItemInput) =>
    call<MeetingMinutes>('POST', one(MinutesRoute.actions, id), input, token),
  setActionStatus: (token: string, actionId: string, status: 'open' | 'done') =>
    call<{ ok: true }>('PUT', one(MinutesRoute.action, actionId), { status }, token),
  setRoles: (token: string, id: string, roles: { coHostIds: string[]; secretaryIds: string[] }) =>
    call<MeetingSummary>('PUT', one(MinutesRoute.roles, id), roles, token),
  /** The published minutes as a Markdown file, saved through the browser's download. */
  async downloadMarkdown(
    token: string,
    id: string,
    title: string,
    lang: 'zh' | 'en',
  ): Promise<ApiResult<true, MeetingRefusal>> {
    const res = await fetch(apiUrl(`${one(MinutesRoute.minutes, id)}?format=markdown&lang=${lang}`), {
      headers: { ...stationHeader(), Authorization: `Bearer ${token}` },
    }).catch(() => null);
    if (!res) return unreachable();
    if (!res.ok) return refusalOf<MeetingRefusal>(res);
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `${title.replace(/[\\/:*?"<>|]/g, '_')}.md`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return { ok: true, value: true };
  },
};
