import { useTranslation } from 'react-i18next';
import { FILING_ITEM_LIMITS, type FilingItemField } from '../../../shared/filingItems.ts';
import { hasWords } from '../../i18n/codes.ts';
import { zhCN } from '../../i18n/zh-CN.ts';
import { IMAGE_MAX_MB } from '../signboard/errorText.ts';

/** What a field's message needs besides its name: the limit it is held to. */
function limitsOf(field: FilingItemField): Record<string, number> {
  const max = FILING_ITEM_LIMITS[field];
  if (max !== undefined) return { max };
  return field === 'imageId' ? { mb: IMAGE_MAX_MB } : {};
}

/** A refused field of a hand-in or an answer in the reader's words, naming the field and its limit. */
export function useFollowUpFieldText(): (field: string, code: string) => string {
  const { t } = useTranslation();
  return (field, code) => {
    const known = hasWords(zhCN.followUp.fieldNames, field) ? (field as FilingItemField) : 'kind';
    const values = { field: t(`followUp.fieldNames.${known}`), ...limitsOf(known) };
    return hasWords(zhCN.followUp.errors, code)
      ? t(`followUp.errors.${code}`, values)
      : t('followUp.errors.invalid_choice', values);
  };
}
