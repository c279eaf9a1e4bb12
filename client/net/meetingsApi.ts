import {
  MeetingsRoute,
  type MeetingSummary,
  type PublicMeeting,
  type ScheduleMeetingInput,
} from '../../shared/meetings.ts';
import { call } from './accountsApi.ts';

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
};
