import type { TFunction } from 'i18next';
import {
  AGENDA_ITEM_MAX,
  AGENDA_MAX_ITEMS,
  INVITEES_MAX,
  stationClock,
  TITLE_MAX,
  type MeetingSummary,
} from '../../../shared/meetings.ts';

/** What the form starts from: a new session, a session being changed, or the next one of a series. */
export type Plan =
  { kind: 'new' } | { kind: 'edit'; meeting: MeetingSummary } | { kind: 'next'; meeting: MeetingSummary };

/**
 * The form as it starts, in the station's clock (the server reads the date and time in its zone, whatever
 * the browser's): the session being changed as planned, else next week — at the series' usual hour, or 14:30.
 */
export function initialForm(plan: Plan, zone: string) {
  const nextWeek = stationClock(Date.now() + 7 * 86_400_000, zone);
  if (plan.kind === 'edit') {
    const m = plan.meeting;
    return {
      title: m.title,
      date: m.stationDate,
      time: m.stationTime,
      minutes: m.minutes,
      // Follow-ups are the hall's to work out again; the host changes only their own items.
      agenda: m.agenda
        .filter((a) => !a.followUpOf)
        .map((a) => a.title)
        .join('\n'),
    };
  }
  const from = plan.kind === 'next' ? plan.meeting : null;
  return {
    title: from?.title ?? '',
    date: nextWeek.date,
    time: from?.stationTime ?? '14:30',
    minutes: from?.minutes ?? 90,
    agenda: '',
  };
}

export type ScheduleField = 'title' | 'date' | 'time' | 'minutes' | 'agenda' | 'invitees';
export type FieldErrors = Partial<Record<ScheduleField, string>>;
export const SCHEDULE_FIELDS: readonly ScheduleField[] = ['title', 'date', 'time', 'minutes', 'agenda', 'invitees'];

/** Each wrong field once, with what it expects, in the person's language. */
export function fieldErrors(issues: readonly { path: readonly PropertyKey[] }[], t: TFunction): FieldErrors {
  const limits = { title: TITLE_MAX, agenda: AGENDA_ITEM_MAX, invitees: INVITEES_MAX };
  const out: FieldErrors = {};
  for (const issue of issues) {
    const field = SCHEDULE_FIELDS.find((f) => f === issue.path[0]);
    if (field && !out[field])
      out[field] = t(`meetings.fieldErrors.${field}`, {
        max: limits[field as keyof typeof limits],
        items: AGENDA_MAX_ITEMS,
      });
  }
  return out;
}
