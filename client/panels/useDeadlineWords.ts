import { useTranslation } from 'react-i18next';
import { dayWords, deadlineLanguage, deadlineWords } from '../i18n/deadlines.ts';

/**
 * Deadlines in the reader's language, for a sentence that says 前 / "by" around them: `by` for a moment on the
 * station's clock (a concern's), which at midnight is the end of the day before; `day` for a station day that
 * ends the deadline (an item to follow).
 */
export function useDeadlineWords() {
  const { i18n } = useTranslation();
  const lang = deadlineLanguage(i18n.language);
  return {
    by: (moment: { date: string; time: string }) => deadlineWords(moment, lang),
    day: (day: string) => dayWords(day, lang),
  };
}
