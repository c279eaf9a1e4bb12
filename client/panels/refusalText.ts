import type { i18n as I18n, TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { hasWords } from '../i18n/codes.ts';
import { zhCN } from '../i18n/zh-CN.ts';
import type { Refusal } from '../net/http.ts';

type Values = Record<string, unknown>;
/** The catalogue groups where panels keep words for reasons only they meet, each saying a code it has. */
const SCOPES = {
  'accounts.errors': (t: TFunction, c: string, v: Values) =>
    hasWords(zhCN.accounts.errors, c) ? t(`accounts.errors.${c}`, v) : null,
  'boardNotices.refused': (t: TFunction, c: string, v: Values) =>
    hasWords(zhCN.boardNotices.refused, c) ? t(`boardNotices.refused.${c}`, v) : null,
  'cases.errors': (t: TFunction, c: string, v: Values) =>
    hasWords(zhCN.cases.errors, c) ? t(`cases.errors.${c}`, v) : null,
  'concerns.refused': (t: TFunction, c: string, v: Values) =>
    hasWords(zhCN.concerns.refused, c) ? t(`concerns.refused.${c}`, v) : null,
  'dashboard.refused': (t: TFunction, c: string, v: Values) =>
    hasWords(zhCN.dashboard.refused, c) ? t(`dashboard.refused.${c}`, v) : null,
  'filing.errors': (t: TFunction, c: string, v: Values) =>
    hasWords(zhCN.filing.errors, c) ? t(`filing.errors.${c}`, v) : null,
  'filing.refused': (t: TFunction, c: string, v: Values) =>
    hasWords(zhCN.filing.refused, c) ? t(`filing.refused.${c}`, v) : null,
  'followUp.errors': (t: TFunction, c: string, v: Values) =>
    hasWords(zhCN.followUp.errors, c) ? t(`followUp.errors.${c}`, v) : null,
  'guidance.errors': (t: TFunction, c: string, v: Values) =>
    hasWords(zhCN.guidance.errors, c) ? t(`guidance.errors.${c}`, v) : null,
  'meetings.errors': (t: TFunction, c: string, v: Values) =>
    hasWords(zhCN.meetings.errors, c) ? t(`meetings.errors.${c}`, v) : null,
  'review.errors': (t: TFunction, c: string, v: Values) =>
    hasWords(zhCN.review.errors, c) ? t(`review.errors.${c}`, v) : null,
  'staff.errors': (t: TFunction, c: string, v: Values) =>
    hasWords(zhCN.staff.errors, c) ? t(`staff.errors.${c}`, v) : null,
  'visits.errors': (t: TFunction, c: string, v: Values) =>
    hasWords(zhCN.visits.errors, c) ? t(`visits.errors.${c}`, v) : null,
} as const;
export type RefusalScope = keyof typeof SCOPES;

export interface RefusalWording {
  /** Where the panel keeps its own words for reasons only it meets (`visits.errors`): `${scope}.${reason}`. */
  scope?: RefusalScope;
  /** Values the scope's words need besides the refusal's own numbers. */
  values?: Values;
  /** The field it concerns, named before the words (an upload's). The scope's words name it themselves. */
  field?: string;
  /** The panel's words for a reason nobody words, instead of the general "that did not work". */
  fallback?: string;
}

/** A wait in the largest unit that still reads exactly enough: 45 seconds, 3 minutes, 20 hours. */
export function waitText(i18n: I18n, seconds: number): string {
  if (seconds < 60) return i18n.t('refusals.wait.seconds', { count: Math.max(1, Math.ceil(seconds)) });
  if (seconds <= 90 * 60) return i18n.t('refusals.wait.minutes', { count: Math.ceil(seconds / 60) });
  return i18n.t('refusals.wait.hours', { count: Math.ceil(seconds / 3600) });
}

/**
 * A refusal in the person's language: why (the bounds and the request limits worded alike in every panel,
 * anything else in the panel's own words, else the hall's own message), then the bound that refused it
 * ("at most 30 pictures…") and when to try again, when the hall said.
 */
export function refusalText(
  i18n: I18n,
  r: Refusal,
  { scope, values = {}, field, fallback }: RefusalWording = {},
): string {
  const t: TFunction = i18n.t.bind(i18n);
  const error = r.error;
  const shared = hasWords(zhCN.refusals.reasons, error);
  const own = !shared && scope ? SCOPES[scope](t, error, { ...values, ...r.limit, field }) : null;
  let reason: string;
  if (own !== null) {
    reason = own;
  } else {
    const unworded = error === 'network' ? t('errors.network') : (r.message ?? fallback ?? t('errors.refused'));
    reason = hasWords(zhCN.refusals.reasons, error) ? t(`refusals.reasons.${error}`) : unworded;
    if (field) reason = t('refusals.onField', { field, text: reason });
  }
  const parts = [reason];
  if (r.limit && hasWords(zhCN.refusals.limits, error)) parts.push(t(`refusals.limits.${error}`, { ...r.limit }));
  if (r.retryAfter !== undefined) parts.push(t('refusals.tryAgainIn', { wait: waitText(i18n, r.retryAfter) }));
  return parts.reduce((first, next) => t('refusals.then', { first, next }));
}

/** `refusalText` in the page's current language, for a panel. */
export function useRefusalText(): (r: Refusal, wording?: RefusalWording) => string {
  const { i18n } = useTranslation();
  return (r, wording) => refusalText(i18n, r, wording);
}
