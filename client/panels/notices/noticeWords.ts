import { useTranslation } from 'react-i18next';
import { NOTICE_FIELD_LIMITS, type NoticeCategory, type NoticeFields } from '../../../shared/boardNotices.ts';
import { zhCN } from '../../i18n/zh-CN.ts';
import { hasWords } from '../../i18n/codes.ts';

const FIELD_LABELS = {
  title: 'boardNotices.title',
  text: 'boardNotices.text',
  category: 'boardNotices.category',
  validFrom: 'boardNotices.validFromLabel',
  validUntil: 'boardNotices.validUntilLabel',
  pinned: 'boardNotices.pinLabel',
} as const;

/** A category's name in the page's language; one the station has since dropped reads as its id. */
export function useNoticeCategoryName(categories: readonly NoticeCategory[]): (id: string) => string {
  const { i18n } = useTranslation();
  return (id) => {
    const c = categories.find((x) => x.id === id);
    if (!c) return id;
    return i18n.language === 'en' ? c.en : c.zh;
  };
}

/** Each refused field in words, with its name and limit, to show beside its input. */
export function useNoticeFieldText(): (fields: NoticeFields) => Record<string, string> {
  const { t } = useTranslation();
  return (fields) => {
    const out: Record<string, string> = {};
    for (const [field, code] of Object.entries(fields)) {
      const name = Object.hasOwn(FIELD_LABELS, field) ? t(FIELD_LABELS[field as keyof typeof FIELD_LABELS]) : field;
      const max = Object.hasOwn(NOTICE_FIELD_LIMITS, field)
        ? NOTICE_FIELD_LIMITS[field as keyof typeof NOTICE_FIELD_LIMITS]
        : 0;
      const values = { field: name, max };
      out[field] =
        code && hasWords(zhCN.boardNotices.errors, code)
          ? t(`boardNotices.errors.${code}`, values)
          : t('boardNotices.errors.unknown', values);
    }
    return out;
  };
}
