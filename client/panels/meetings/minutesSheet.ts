import { create } from 'zustand';
import type { MeetingMinutes, MeetingSummary } from '../../../shared/meetings.ts';
import { meetingsApi } from '../../net/meetingsApi.ts';
import { queryClient, settled } from '../../net/queries.ts';
import { meetingKeys } from './meetingQueries.ts';

export type Sheet = { meeting: MeetingSummary; minutes: MeetingMinutes };

/** Published minutes shown as a printable page (see styles.css, .print-sheet). */
export const useMinutesSheet = create<{ sheet: Sheet | null; show(sheet: Sheet | null): void }>((set) => ({
  sheet: null,
  show: (sheet) => set({ sheet }),
}));

/**
 * Open a session's published minutes as a page, however long ago it was; false when they cannot be read
 * (yet). Read afresh: an action item may have been marked done since.
 */
export async function openMinutesSheet(token: string, meetingId: string): Promise<boolean> {
  try {
    const [meeting, minutes] = await Promise.all([
      queryClient.fetchQuery({
        queryKey: meetingKeys.one(meetingId),
        queryFn: () => settled(meetingsApi.one(token, meetingId)),
        staleTime: 0,
      }),
      queryClient.fetchQuery({
        queryKey: meetingKeys.minutes(meetingId),
        queryFn: () => settled(meetingsApi.minutes(token, meetingId)),
        staleTime: 0,
      }),
    ]);
    useMinutesSheet.getState().show({ meeting, minutes });
    return true;
  } catch {
    return false;
  }
}
