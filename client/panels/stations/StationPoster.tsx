import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StationsRoute } from '../../../shared/stations.ts';
import { loadEnglish } from '../../i18n/index.ts';
import { apiUrl } from '../../net/http.ts';
import { pageStation } from '../../net/stationSlug.ts';
import { useStation } from '../../net/stations.ts';
import { useFocusOnChange } from '../../ui/focus.ts';
import { usePrintPage } from '../printPage.ts';

/** The QR code as the hall drew it, and the link it carries (the hall's public address, PUBLIC_URL, may differ from this page's). */
type Qr = { state: 'loading' } | { state: 'failed' } | { state: 'ready'; image: string; link: string };

function useStationQr(slug: string, attempt: number): Qr {
  // Each answer is kept with what it answered: a new slug or attempt shows as loading until its own arrives.
  const asked = `${slug}#${attempt}`;
  const [answer, setAnswer] = useState<{ asked: string; qr: Qr } | null>(null);
  useEffect(() => {
    let image = '';
    let live = true;
    void fetch(apiUrl(StationsRoute.qr(slug)))
      .then(async (res) => {
        if (!res.ok) throw new Error(String(res.status));
        const svg = await res.text();
        const link = new DOMParser().parseFromString(svg, 'image/svg+xml').querySelector('title')?.textContent;
        if (!live) return;
        image = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
        const qr: Qr = { state: 'ready', image, link: link || `${location.origin}${StationsRoute.page(slug)}` };
        setAnswer({ asked, qr });
      })
      .catch(() => {
        if (live) setAnswer({ asked, qr: { state: 'failed' } });
      });
    return () => {
      live = false;
      if (image) URL.revokeObjectURL(image);
    };
  }, [slug, asked]);
  return answer?.asked === asked ? answer.qr : { state: 'loading' };
}

/**
 * The station's poster: its name, address, link and QR code on one A4 page, in Chinese and English whatever
 * the page's language (a poster at a door speaks to everyone who passes). On screen with Print and Back.
 */
export function StationPoster({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const station = useStation((s) => s.station);
  const slug = station?.slug ?? pageStation();
  const name = station?.name || t('app.title');
  const [attempt, setAttempt] = useState(0);
  const qr = useStationQr(slug, attempt);
  const [english, setEnglish] = useState(i18n.hasResourceBundle('en', 'translation'));
  const heading = useFocusOnChange<HTMLHeadingElement>(true, { onMount: true, always: true });
  usePrintPage(true);
  useEffect(() => {
    if (!english) void loadEnglish().then(() => setEnglish(true));
  }, [english]);
  const zh = i18n.getFixedT('zh-CN');
  const en = english ? i18n.getFixedT('en') : null;
  useEffect(() => {
    const close = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', close);
    return () => window.removeEventListener('keydown', close);
  }, [onClose]);

  return (
    <section className="print-sheet station-poster" aria-label={t('stations.poster.sheetLabel', { station: name })}>
      <div className="print-actions row">
        <button type="button" className="primary" disabled={qr.state !== 'ready'} onClick={() => window.print()}>
          {t('stations.poster.print')}
        </button>
        <button type="button" onClick={onClose}>
          {t('stations.poster.back')}
        </button>
      </div>
      <h1 ref={heading}>{name}</h1>
      {station?.address && <p className="poster-address">{station.address}</p>}
      <p className="poster-scan">
        <span lang="zh-CN">{zh('stations.poster.scan')}</span>
        {en && <span lang="en">{en('stations.poster.scan')}</span>}
      </p>
      <div className="poster-qr">
        {qr.state === 'ready' ? (
          <img src={qr.image} alt={t('stations.poster.qrAlt', { station: name, link: qr.link })} />
        ) : qr.state === 'loading' ? (
          <p role="status">{t('stations.poster.loading')}</p>
        ) : (
          <p role="alert">
            {t('stations.poster.failed')}{' '}
            <button type="button" onClick={() => setAttempt((n) => n + 1)}>
              {t('stations.poster.retry')}
            </button>
          </p>
        )}
      </div>
      {qr.state === 'ready' && (
        <p className="poster-link">
          <span className="muted">{t('stations.poster.linkLabel')}</span> <span translate="no">{qr.link}</span>
        </p>
      )}
      <p className="poster-hint">
        <span lang="zh-CN">{zh('stations.poster.scanHint')}</span>
        {en && <span lang="en">{en('stations.poster.scanHint')}</span>}
      </p>
    </section>
  );
}
