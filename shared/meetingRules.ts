/**
 * Who may do what in a three-party session (三方会谈): who plans it, who chairs it, who writes its minutes,
 * who updates an action item, who continues its series and who takes part in it. Each rule lives here once,
 * in plain functions over plain data: the server's service and meeting room decide with them, the page shows
 * its buttons with them, and the one query that filters by them for scale is tested against them.
 *
 * A role the host named counts only while its holder is still invited: a co-host or secretary dropped from
 * the invitation no longer chairs or writes, whatever the record still lists (the lists are cleaned on the
 * next save, but nothing relies on that).
 */

/** The people a session names, as its record has them (a MeetingSummary fits, and so does a meeting run). */
export interface SessionParts {
  hostId: string;
  /** Invitees the host named to chair with them. */
  coHostIds: readonly string[];
  /** Invitees the host named to write the minutes. */
  secretaryIds: readonly string[];
  invitees: readonly { id: string }[];
}

/** Who sat at a session's table without an invitation, and whom the chair removed from it. */
export interface SessionTable {
  attended: readonly { id: string }[];
  removed: readonly string[];
}

function invited(session: SessionParts, personId: string): boolean {
  return session.invitees.some((i) => i.id === personId);
}

/**
 * Whether someone plans a session: edits it, cancels it and names its co-hosts and secretaries. Only its
 * host: a co-host chairs the talk but does not change who is invited to it.
 */
export function plans(session: Pick<SessionParts, 'hostId'>, personId: string): boolean {
  return session.hostId === personId;
}

/**
 * Whether someone chairs a session: its host always; a co-host the host named only while they are still
 * invited — a co-host removed from the invitation no longer chairs.
 */
export function chairs(session: SessionParts, personId: string): boolean {
  if (session.hostId === personId) return true;
  return session.coHostIds.includes(personId) && invited(session, personId);
}

/** Whether someone is a secretary of a session: named by the host and still invited. */
export function keepsMinutes(session: SessionParts, personId: string): boolean {
  return session.secretaryIds.includes(personId) && invited(session, personId);
}

/** Minutes are written by whoever chairs, or a secretary the host named (both only while still invited). */
export function mayWriteMinutes(session: SessionParts, personId: string): boolean {
  return chairs(session, personId) || keepsMinutes(session, personId);
}

/**
 * Who may mark an action item done (or open again): its owner — even staff who only sat in, and even once
 * they are no longer invited, since the item is theirs to do — or whoever chairs its session.
 */
export function mayUpdateAction(session: SessionParts, item: { ownerId: string }, personId: string): boolean {
  return item.ownerId === personId || chairs(session, personId);
}

/**
 * Whether someone may add a session to a series (and so carry its open action items, with owners' names and
 * due dates, into an agenda others read): only someone who chairs one of its sessions.
 */
export function mayContinueSeries(sessions: readonly SessionParts[], personId: string): boolean {
  return sessions.some((s) => chairs(s, personId));
}

/**
 * Whether someone takes part in a session, and so may see it and read its published minutes: the host, the
 * invitees, and station staff who sat in uninvited — unless the chair removed them, when they lose the
 * minutes with the seat. `table` is null for a session nobody sat at yet.
 */
export function takesPart(session: SessionParts, table: SessionTable | null, personId: string): boolean {
  if (session.hostId === personId || invited(session, personId)) return true;
  if (!table || table.removed.includes(personId)) return false;
  return table.attended.some((a) => a.id === personId);
}

/**
 * Whether someone may read a session's minutes: those who write them at any time, everyone else who takes
 * part once they are published.
 */
export function mayReadMinutes(
  session: SessionParts,
  table: SessionTable | null,
  personId: string,
  published: boolean,
): boolean {
  if (mayWriteMinutes(session, personId)) return true;
  return published && takesPart(session, table, personId);
}

/** How a session's table speaks: the floor rules, or open discussion (a chair's switch). */
export type Discussion = 'moderated' | 'open';

/** What of a session's table decides who may be heard. */
export interface SpeakingTable extends SessionParts {
  phase: string;
  speakerId: string | null;
  muted: readonly string[];
  removed: readonly string[];
  discussion: Discussion;
}

/**
 * Whether someone may be heard in a session's voice now: never once it is over, nor someone muted or
 * removed; otherwise whoever chairs, whoever has the floor, and everyone in open discussion. The server
 * relays a description that sends audio only from someone this allows, and every page negotiates to
 * receive only from them.
 */
export function maySpeak(table: SpeakingTable, personId: string): boolean {
  if (table.phase === 'ended' || table.phase === 'cancelled') return false;
  if (table.muted.includes(personId) || table.removed.includes(personId)) return false;
  return table.discussion === 'open' || chairs(table, personId) || table.speakerId === personId;
}
