import { useTranslation } from 'react-i18next';
import type { VisitSlot } from '../../../shared/visits.ts';
import type { Refusal } from '../../net/http.ts';
import { useLabels } from '../labels.ts';
import { useRefusalText } from '../refusalText.ts';

/** A visit window in the person's words: "11/25 09:00–10:00". */
export function useWindow() {
  const { t } = useTranslation();
  const { time, lang } = useLabels();
  return (s: Pick<VisitSlot, 'startsAt' | 'endsAt'>) =>
    t('visits.window', {
      from: time(s.startsAt),
      // The same locale as the start's, so both ends read on one clock (not 10:00–11:00 AM).
      to: new Date(s.endsAt).toLocaleTimeString(lang === 'en' ? 'en-GB' : 'zh-CN', {
        hour: '2-digit',
        minute: '2-digit',
      }),
    });
}

/** A refused visit request in the person's words, a request limit's wait included. */
export function useVisitError() {
  const refusal = useRefusalText();
  return (r: Refusal) => refusal(r, { scope: 'visits.errors' });
}

/** A day on this device's calendar, YYYY-MM-DD, `offsetDays` from today. */
export function localDay(offsetDays = 0): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
