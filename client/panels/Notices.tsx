import { useTranslation } from 'react-i18next';
import { useNotices, type Notice } from '../net/stores.ts';
import { Toast, ToastList } from '../ui/index.ts';

/** A notice in the person's language: news by its message key, or a refusal by its reason code. */
function useNoticeText(): (notice: Notice) => string {
  const { t } = useTranslation();
  return (n) =>
    n.message
      ? t(n.message.key, { ...n.message.values, context: undefined })
      : n.reason
        ? t(`reasons.${n.reason}`)
        : '';
}

/** Short, polite messages such as "you cannot walk there", each staying until it has been read. */
export function Notices() {
  const { t } = useTranslation();
  const notices = useNotices((s) => s.notices);
  const dismiss = useNotices((s) => s.dismiss);
  const text = useNoticeText();
  return (
    <ToastList>
      {notices.map((n) => (
        <Toast key={n.id} text={text(n)} closeLabel={t('dismiss')} onClose={() => dismiss(n.id)} />
      ))}
    </ToastList>
  );
}
