import { isWorkingDay } from '../../shared/workingDays.ts';

/**
 * Deadlines as people say them. The station keeps a deadline as a moment on its own clock; one falling at the
 * station's midnight is the end of the day before, so "2026-12-08 00:00" is said "12月7日（周一）" / "Mon 7 Dec"
 * and the sentence around it says 前 / "by". Dates are the station's calendar days (already in its time zone),
 * so no reading of the phone's zone comes into it.
 */

/** The two ways the page speaks: Chinese by default, English one click away. */
export type DeadlineLanguage = 'zh' | 'en';

const ZH_WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'] as const;
const EN_WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** A calendar day's noon in UTC: its weekday and its neighbours, whatever the zone it was kept in. */
const noonOf = (day: string) => new Date(`${day}T12:00:00Z`);

/** The station day before `day` (both YYYY-MM-DD). */
export function dayBefore(day: string): string {
  return new Date(noonOf(day).getTime() - 86_400_000).toISOString().slice(0, 10);
}

/** A station day (YYYY-MM-DD) with its weekday: "12月7日（周一）" / "Mon 7 Dec". Anything else is shown as given. */
export function dayWords(day: string, lang: DeadlineLanguage): string {
  const at = noonOf(day);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(at.getTime())) return day;
  const weekday = at.getUTCDay();
  const month = at.getUTCMonth();
  const date = at.getUTCDate();
  return lang === 'zh'
    ? `${month + 1}月${date}日（${ZH_WEEKDAYS[weekday]}）`
    : `${EN_WEEKDAYS[weekday]} ${date} ${EN_MONTHS[month]}`;
}

/**
 * The working day a deadline at `day`'s midnight ends: the day before, or the Friday before a Monday. Working
 * days count no weekend time, so "within 5 working days" from a Saturday ends with Friday's work, and that is
 * how a merchant is told it, not "by Sunday".
 */
function lastWorkingDayBefore(day: string): string {
  let before = dayBefore(day);
  for (let i = 0; i < 7 && !isWorkingDay(before); i++) before = dayBefore(before);
  return before;
}

/**
 * By when a deadline kept as a moment on the station's clock falls, for a sentence that says 前 / "by" around
 * it: at midnight the (working) day before, whole ("12月7日（周一）"); at any other time that day and time
 * ("12月7日（周一）17:30" / "Mon 7 Dec, 17:30").
 */
export function deadlineWords(by: { date: string; time: string }, lang: DeadlineLanguage): string {
  if (by.time === '00:00') return dayWords(lastWorkingDayBefore(by.date), lang);
  return lang === 'zh' ? `${dayWords(by.date, lang)}${by.time}` : `${dayWords(by.date, lang)}, ${by.time}`;
}

/** The page's language as the deadline words take it. */
export const deadlineLanguage = (language: string | undefined): DeadlineLanguage => (language === 'en' ? 'en' : 'zh');
