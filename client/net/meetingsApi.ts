import {
  MeetingsRoute,
  MinutesRoute,
  type ActionItemInput,
  type MeetingMinutes,
  type MinutesInput,
  type MeetingSummary,
  type PublicMeeting,
  type ScheduleMeetingInput,
} from '../../shared/meetings.ts';
import { apiUrl, call } from './accountsApi.ts';

const one = (route: string, id: string) => route.replace(':id', encodeURIComponent(id));

/** Three-party sessions over the hall's HTTP API. */
export const meetingsApi = {
  mine: (token: string) => call<{ meetings: MeetingSummary[] }>('GET', MeetingsRoute.list, undefined, token),
  board: (token: string) => call<{ meetings: PublicMeeting[] }>('GET', MeetingsRoute.board, undefined, token),
  people: (token: string) =>
    call<{ people: { id: string; name: string; party: 'officer' | 'property' | 'merchant'; shop?: string }[] }>(
      'GET',
      MeetingsRoute.people,
      undefined,
      token,
    ),
  schedule: (token: string, input: ScheduleMeetingInput) =>
    call<MeetingSummary>('POST', MeetingsRoute.list, input, token),
  edit: (token: string, id: string, input: ScheduleMeetingInput) =>
    call<MeetingSummary>('PUT', one(MeetingsRoute.one, id), input, token),
  cancel: (token: string, id: string) => call<MeetingSummary>('POST', one(MeetingsRoute.cancel, id), undefined, token),
  minutes: (token: string, id: string) => call<MeetingMinutes>('GET', one(MinutesRoute.minutes, id), undefined, token),
  writeMinutes: (token: string, id: string, index: number, input: MinutesInput, keepalive = false) =>
    call<MeetingMinutes>('PUT', one(MinutesRoute.item, id).replace(':index', String(index)), input, token, {
      keepalive,
    }),
  addAction: (token: string, id: string, input: ActionItemInput) =>
    call<MeetingMinutes>('POST', one(MinutesRoute.actions, id), input, token),
  setActionStatus: (token: string, actionId: string, status: 'open' | 'done') =>
    call<{ ok: true }>('PUT', one(MinutesRoute.action, actionId), { status }, token),
  setRoles: (token: string, id: string, roles: { coHostIds: string[]; secretaryIds: string[] }) =>
    call<MeetingSummary>('PUT', one(MinutesRoute.roles, id), roles, token),
  /** The published minutes as a Markdown file, saved through the browser's download. */
  async downloadMarkdown(token: string, id: string, title: string): Promise<boolean> {
    const res = await fetch(apiUrl(`${one(MinutesRoute.minutes, id)}?format=markdown`), {
      headers: { Authorization: `Bearer ${token}` },
    }).catch(() => null);
    if (!res?.ok) return false;
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `${title.replace(/[\\/:*?"<>|]/g, '_')}.md`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return true;
  },
};
