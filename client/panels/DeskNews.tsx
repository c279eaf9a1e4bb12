import { useTranslation } from 'react-i18next';
import { useQueue } from '../net/queueStore.ts';
import { Button } from '../ui/index.ts';

/**
 * What happened at the desk the merchant is called to or served at, said at once: the officer's connection
 * dropped (the place is kept, and until when), they came back, they did not (the desk closed and the merchant
 * is first in line again), or they stepped into the meeting room. Announced to a screen reader as it comes.
 */
export function DeskNews() {
  const { t, i18n } = useTranslation();
  const news = useQueue((s) => s.deskNews);
  const dismiss = useQueue((s) => s.deskChanged);
  if (!news) return null;
  const until =
    news.until === null
      ? ''
      : new Date(news.until).toLocaleTimeString(i18n.language === 'en' ? 'en-GB' : 'zh-CN', {
          hour: '2-digit',
          minute: '2-digit',
        });
  const urgent = news.change === 'dropped' || news.change === 'closed';
  return (
    <div className={`desk-news desk-news-${news.change}`} role={urgent ? 'alert' : 'status'}>
      <p>
        <strong>{news.number}</strong> {t(`deskTruth.${news.change}`)}
      </p>
      {news.change === 'dropped' && until && <p className="small">{t('deskTruth.droppedUntil', { time: until })}</p>}
      <Button className="small" onClick={() => dismiss(null)}>
        {t('deskTruth.newsDismiss')}
      </Button>
    </div>
  );
}
