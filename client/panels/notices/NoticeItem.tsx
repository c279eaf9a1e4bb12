import { useTranslation } from 'react-i18next';
import { NoticeAction, type NoticeCategory, type NoticeView } from '../../../shared/boardNotices.ts';
import { Button, ConfirmButton } from '../../ui/index.ts';
import { useNoticeAction } from './noticeQueries.ts';
import { useNoticeCategoryName } from './noticeWords.ts';

/**
 * One notice in full: its category, title, days and text (plain text, its line breaks kept; never read as
 * HTML). A notice this person had not read when the list was opened is marked new. A keeper of the board sees
 * where it stands and may edit, pin, unpin or retire it.
 */
export function NoticeItem({
  notice,
  categories,
  isNew,
  keeper,
  onEdit,
}: {
  notice: NoticeView;
  categories: readonly NoticeCategory[];
  isNew: boolean;
  keeper: boolean;
  onEdit: () => void;
}) {
  const { t } = useTranslation();
  const categoryName = useNoticeCategoryName(categories);
  const act = useNoticeAction(notice.id);
  const days = notice.validUntil
    ? t('boardNotices.validFromTo', { from: notice.validFrom, until: notice.validUntil })
    : t('boardNotices.validFrom', { from: notice.validFrom });
  const live = notice.state !== 'retired';
  return (
    <li className={isNew ? 'notice unread' : 'notice'}>
      <h3 className="notice-title">
        {isNew && <span className="badge">{t('boardNotices.new')}</span>}{' '}
        {notice.pinned && <span className="badge muted">{t('boardNotices.pinned')}</span>} {notice.title}
      </h3>
      <p className="muted small">
        {categoryName(notice.category)} · {days}
        {keeper && <> · {t(`boardNotices.state.${notice.state}`)}</>}
      </p>
      <p className="notice-text">{notice.text}</p>
      {keeper && live && (
        <div className="row">
          <Button className="small" onClick={onEdit}>
            {t('boardNotices.edit')}
          </Button>
          <Button
            className="small"
            busy={act.isPending}
            onClick={() => act.mutate(notice.pinned ? NoticeAction.unpin : NoticeAction.pin)}
          >
            {notice.pinned ? t('boardNotices.unpin') : t('boardNotices.pin')}
          </Button>
          <ConfirmButton
            label={t('boardNotices.retire')}
            confirmLabel={t('boardNotices.retireConfirm')}
            keepLabel={t('boardNotices.cancel')}
            onConfirm={() => act.mutateAsync(NoticeAction.retire).then(() => undefined)}
          />
        </div>
      )}
    </li>
  );
}
