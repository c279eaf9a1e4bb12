import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNotices, type Notice } from '../net/stores.ts';

const SHOW_MS = 4000;

function NoticeItem({ notice }: { notice: Notice }) {
  const { t } = useTranslation();
  const dismiss = useNotices((s) => s.dismiss);
  useEffect(() => {
    const timer = setTimeout(() => dismiss(notice.id), SHOW_MS);
    return () => clearTimeout(timer);
  }, [notice.id, dismiss]);
  return (
    <li className="toast">
      <span>
        {notice.message
          ? t(notice.message.key, { ...notice.message.values, context: undefined })
          : notice.reason && t(`reasons.${notice.reason}`)}
      </span>
      <button type="button" aria-label={t('dismiss')} onClick={() => dismiss(notice.id)}>
        ×
      </button>
    </li>
  );
}

/** Short, polite messages such as "you cannot walk there". */
export function Notices() {
  const notices = useNotices((s) => s.notices);
  return (
    <ul className="toasts" aria-live="polite">
      {notices.map((n) => (
        <NoticeItem key={n.id} notice={n} />
      ))}
    </ul>
  );
}
