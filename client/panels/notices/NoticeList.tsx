import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NoticeView } from '../../../shared/boardNotices.ts';
import { Button } from '../../ui/index.ts';
import { NoticeForm } from './NoticeForm.tsx';
import { NoticeItem } from './NoticeItem.tsx';
import { useMarkRead, useBoardNotices } from './noticeQueries.ts';

/**
 * Every notice this person may see, in full, pinned first then the newest. Shown, the ones not yet read are
 * marked read on the station; they stay marked new here until the list is closed, so the reader still sees
 * which were new. A keeper of the board posts and edits from here.
 */
export function NoticeList({ keeper }: { keeper: boolean }) {
  const { t } = useTranslation();
  const { notices, categories } = useBoardNotices();
  const markRead = useMarkRead();
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [editing, setEditing] = useState<NoticeView | 'new' | null>(null);
  const marking = useRef(new Set<string>());

  // Mounted only while the list is shown: what was new when it opened stays marked new until it closes.
  useEffect(() => {
    for (const n of notices) {
      if (n.read || marking.current.has(n.id)) continue;
      marking.current.add(n.id);
      markRead.mutate(n.id, { onSettled: () => setFresh((f) => new Set(f).add(n.id)) });
    }
    // Marked once per notice while shown; the mutation's identity changes every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [notices]);

  return (
    <div className="notice-list">
      {keeper &&
        (editing ? (
          <NoticeForm
            key={editing === 'new' ? 'new' : editing.id}
            categories={categories}
            editing={editing === 'new' ? undefined : editing}
            onDone={() => setEditing(null)}
          />
        ) : (
          <Button className="primary small" onClick={() => setEditing('new')}>
            {t('boardNotices.post')}
          </Button>
        ))}
      {notices.length === 0 ? (
        <p className="muted small">{t('boardNotices.none')}</p>
      ) : (
        <ul className="notices">
          {notices.map((n) => (
            <NoticeItem
              key={n.id}
              notice={n}
              categories={categories}
              isNew={fresh.has(n.id) || !n.read}
              keeper={keeper}
              onEdit={() => setEditing(n)}
            />
          ))}
        </ul>
      )}
    </div>
  );
}
