import type { SessionParts, SpeakingTable } from '../../../shared/meetingRules.ts';
import type { MeetingView } from '../../net/meetingConnection.ts';

/**
 * The session's parts as the room shows them: the room marks who chairs and who keeps the minutes by the
 * shared rules, and the page asks the same rules what that lets this person do.
 */
export function partsAtTable(view: MeetingView): SessionParts {
  return {
    hostId: view.host,
    coHostIds: view.participants.filter((p) => p.chair).map((p) => p.id),
    secretaryIds: view.participants.filter((p) => p.secretary).map((p) => p.id),
    invitees: view.participants,
  };
}

/** A participant's name, as the room shows it; empty for someone no longer at the table. */
export function nameOf(view: MeetingView, id: string): string {
  return view.participants.find((p) => p.id === id)?.name ?? '';
}

/**
 * What of the table decides who may be heard (shared/meetingRules.ts `maySpeak`): the room drops a removed
 * person from its participants, so nobody at the table is removed.
 */
export function speakingTable(view: MeetingView): SpeakingTable {
  return {
    ...partsAtTable(view),
    phase: view.phase,
    speakerId: view.speaker || null,
    muted: view.participants.filter((p) => p.muted).map((p) => p.id),
    removed: [],
    discussion: view.discussion,
  };
}
