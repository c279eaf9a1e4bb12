import { useTranslation } from 'react-i18next';
import { FILING_TEXT_MAX, IMAGE_MAX_BYTES, SIZE_LIMITS, type FilingField } from '../../../shared/filing.ts';
import { hasWords } from '../../i18n/codes.ts';
import { zhCN } from '../../i18n/zh-CN.ts';

const MB = 1024 * 1024;
/** The largest image a merchant may upload, in MB, as the hints and errors say it. */
export const IMAGE_MAX_MB = IMAGE_MAX_BYTES / MB;

/**
 * What a field's error message needs besides the field's name: its limits. The station's bounds on pixels
 * and on how much a merchant uploads are its settings, not the page's: those messages name the bound
 * without a figure.
 */
export function limitsOf(field: FilingField): Record<string, number> {
  if (field === 'width' || field === 'height') return { ...SIZE_LIMITS[field] };
  if (field in FILING_TEXT_MAX) return { max: FILING_TEXT_MAX[field as keyof typeof FILING_TEXT_MAX] };
  return field === 'designImage' || field === 'streetPhoto' ? { mb: IMAGE_MAX_MB } : {};
}

/** Every message names its field and what the field expects (its limits), in the merchant's language. */
export function useFilingErrorText(): (field: FilingField, code: string) => string {
  const { t } = useTranslation();
  return (field, code) =>
    hasWords(zhCN.filing.errors, code)
      ? t(`filing.errors.${code}`, { field: t(`filing.fieldNames.${field}`), ...limitsOf(field) })
      : t('filing.errors.unknown', { field: t(`filing.fieldNames.${field}`) });
}
