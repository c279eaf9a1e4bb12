import { useTranslation } from 'react-i18next';
import {
  CONCERN_FIELD_LIMITS,
  CONCERN_VISIT_DAYS_AHEAD,
  type ConcernCategory,
  type ConcernFields,
  type StationMoment,
} from '../../../shared/concerns.ts';
import { hasWords } from '../../i18n/codes.ts';
import { zhCN } from '../../i18n/zh-CN.ts';
import { IMAGE_MAX_MB } from '../signboard/errorText.ts';

/** A moment as the station's clock read it, YYYY-MM-DD HH:MM: the day the station kept, whatever the phone's zone. */
export const atStation = (m: StationMoment) => `${m.date} ${m.time}`;

/** A category in the reader's language, as it was named when the concern was raised. */
export function useCategoryName(): (c: ConcernCategory) => string {
  const { i18n } = useTranslation();
  return (c) => (i18n.language === 'en' ? c.en : c.zh);
}

/** What a field's message says besides its name: its limit (characters, photos and their size, days ahead). */
function limitsOf(field: string): Record<string, number> {
  if (field === 'photos') return { max: CONCERN_FIELD_LIMITS.photos, mb: IMAGE_MAX_MB };
  if (field === 'date') return { days: CONCERN_VISIT_DAYS_AHEAD };
  return Object.hasOwn(CONCERN_FIELD_LIMITS, field)
    ? { max: CONCERN_FIELD_LIMITS[field as keyof typeof CONCERN_FIELD_LIMITS] }
    : {};
}

/** The field's name in the reader's language; a field the page does not know is named as sent. */
export function useFieldName(): (field: string) => string {
  const { t } = useTranslation();
  return (field) => (hasWords(zhCN.concerns.fieldNames, field) ? t(`concerns.fieldNames.${field}`) : field);
}

/**
 * Each refused field's message, naming the field and its limit ("地点：最多 80 个字"), in the reader's language,
 * from the codes the shared checks (or the hall) gave.
 */
export function useConcernFieldText(): (fields: ConcernFields) => Record<string, string> {
  const { t } = useTranslation();
  const name = useFieldName();
  return (fields) => {
    const out: Record<string, string> = {};
    for (const [field, given] of Object.entries(fields)) {
      // A list left on its first line asks to choose, not to fill in.
      const code = field === 'category' && given === 'required' ? 'invalid_choice' : given;
      const values = { field: name(field), ...limitsOf(field) };
      out[field] = hasWords(zhCN.concerns.errors, code)
        ? t(`concerns.errors.${code}`, values)
        : t('concerns.errors.unknown', values);
    }
    return out;
  };
}
