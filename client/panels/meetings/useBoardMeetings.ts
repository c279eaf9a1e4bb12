import type { PublicMeeting } from '../../../shared/meetings.ts';
import { useBoard } from './meetingQueries.ts';

const NONE: PublicMeeting[] = [];

/** The upcoming sessions, as the notice board shows them to everyone: what and when. */
export function useBoardMeetings(): PublicMeeting[] {
  return useBoard().data?.meetings ?? NONE;
}
