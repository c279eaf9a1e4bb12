import { keepPreviousData } from '@tanstack/react-query';
import { exactMerchant } from '../../../shared/accounts.ts';
import {
  MERCHANT_LOOKUP_MAX,
  type ActionItemInput,
  type MeetingMinutes,
  type ScheduleMeetingInput,
} from '../../../shared/meetings.ts';
import { meetingsApi } from '../../net/meetingsApi.ts';
import { features, type RefusedError } from '../../net/queries.ts';
import { useHallMutation, useHallQuery } from '../../net/useHallQuery.ts';

/** The keys of what the page keeps of sessions; each starts with the feature, so the hall's notices reach it. */
export const meetingKeys = {
  mine: [features.meetings, 'mine'],
  board: [features.meetings, 'board'],
  people: [features.meetings, 'people'],
  one: (id: string) => [features.meetings, id] as const,
  minutes: (id: string) => [features.meetings, id, 'minutes'] as const,
  /** The minutes as read for one item's editor: read afresh each time the writer picks an item. */
  minutesFor: (id: string, index: number) => [features.meetings, id, 'minutes', index] as const,
} as const;

/** "My meetings", read afresh each time the list is opened (and whenever the hall says a session changed). */
export function useMyMeetings(open: boolean) {
  return useHallQuery(meetingKeys.mine, (token) => meetingsApi.mine(token), { enabled: open, staleTime: 0 });
}

/** Who may be invited, by party. */
export function usePeople() {
  return useHallQuery(meetingKeys.people, (token) => meetingsApi.people(token));
}

/**
 * The merchant a text names exactly (their account id or whole phone number), for inviting someone the
 * station has never dealt with: asked only when the text could name one.
 */
export function useMerchantNamed(text: string) {
  const exact = exactMerchant(text);
  const named = text.trim().slice(0, MERCHANT_LOOKUP_MAX);
  return useHallQuery([...meetingKeys.people, named], (token) => meetingsApi.people(token, named), {
    enabled: exact.id !== null || exact.phoneDigits !== null,
  });
}

/** The notice board's sessions. Those not invited hear of no change, so the board looks again every minute. */
export function useBoard() {
  return useHallQuery(meetingKeys.board, (token) => meetingsApi.board(token), { refetchInterval: 60_000 });
}

/**
 * A session's minutes, read for the item a writer picked: another writer (the chair, a secretary) may have
 * added to it since. While the next item's read is under way the last one stays (`isPlaceholderData`), so
 * the item picker keeps its place; nothing is kept once no editor shows it.
 */
export function useMinutesFor(meetingId: string, index: number) {
  return useHallQuery(meetingKeys.minutesFor(meetingId, index), (token) => meetingsApi.minutes(token, meetingId), {
    placeholderData: keepPreviousData,
    staleTime: 0,
    gcTime: 0,
  });
}

export function useScheduleMeeting() {
  return useHallMutation(
    (token, { id, input }: { id?: string; input: ScheduleMeetingInput }) =>
      id ? meetingsApi.edit(token, id, input) : meetingsApi.schedule(token, input),
    [features.meetings],
  );
}

export function useCancelMeeting() {
  return useHallMutation((token, id: string) => meetingsApi.cancel(token, id), [features.meetings]);
}

export function useSetActionStatus(options: { onError?: (error: RefusedError) => void } = {}) {
  return useHallMutation(
    (token, { id, status }: { id: string; status: 'open' | 'done' }) => meetingsApi.setActionStatus(token, id, status),
    [features.meetings],
    { onError: options.onError },
  );
}

export function useAddAction(
  meetingId: string,
  options: { onSuccess?: (minutes: MeetingMinutes) => void; onError?: (error: RefusedError) => void } = {},
) {
  return useHallMutation(
    (token, input: ActionItemInput) => meetingsApi.addAction(token, meetingId, input),
    [features.meetings],
    { onSuccess: (m) => options.onSuccess?.(m), onError: options.onError },
  );
}

type Roles = { coHostIds: string[]; secretaryIds: string[] };

export function useSetRoles(meetingId: string, options: { onError?: (error: RefusedError) => void } = {}) {
  return useHallMutation((token, roles: Roles) => meetingsApi.setRoles(token, meetingId, roles), [features.meetings], {
    onError: options.onError,
  });
}
