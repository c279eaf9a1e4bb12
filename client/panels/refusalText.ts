import type { i18n as I18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Refusal } from '../net/http.ts';

export interface RefusalWording {
  /** Where the panel keeps its own words for reasons only it meets (`visits.errors`): `${scope}.${reason}`. */
  scope?: string;
  /** Values the scope's words need besides the refusal's own numbers. */
  values?: Record<string, unknown>;
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
  const t = i18n.t.bind(i18n);
  const shared = `refusals.reasons.${r.error}`;
  const own = scope ? `${scope}.${r.error}` : '';
  let reason: string;
  if (!i18n.exists(shared) && own && i18n.exists(own)) {
    reason = t(own, { ...values, ...r.limit, field });
  } else {
    const unworded = r.error === 'network' ? t('errors.network') : (r.message ?? fallback ?? t('errors.refused'));
    reason = i18n.exists(shared) ? t(shared) : unworded;
    if (field) reason = t('refusals.onField', { field, text: reason });
  }
  const parts = [reason];
  const bound = `refusals.limits.${r.error}`;
  if (r.limit && i18n.exists(bound)) parts.push(t(bound, { ...r.limit }));
  if (r.retryAfter !== undefined) parts.push(t('refusals.tryAgainIn', { wait: waitText(i18n, r.retryAfter) }));
  return parts.reduce((first, next) => t('refusals.then', { first, next }));
}

/** `refusalText` in the page's current language, for a panel. */
export function useRefusalText(): (r: Refusal, wording?: RefusalWording) => string {
  const { i18n } = useTranslation();
  return (r, wording) => refusalText(i18n, r, wording);
}
