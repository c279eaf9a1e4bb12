import { useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { focusAfter } from '../../ui/focus.ts';
import { StationPoster } from './StationPoster.tsx';

/** For staff: the way to the station's poster, its QR code to print and post at the door and the desks. */
export function StationPosterPanel() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  return (
    <section className="card" aria-labelledby="station-poster-heading">
      <h2 id="station-poster-heading">{t('stations.poster.heading')}</h2>
      <p className="muted small">{t('stations.poster.intro')}</p>
      <button ref={opener} type="button" onClick={() => setOpen(true)}>
        {t('stations.poster.open')}
      </button>
      {open &&
        // Beside the hall, not inside this card: on paper the page prints only the sheets at its top.
        createPortal(
          <StationPoster
            onClose={() => {
              setOpen(false);
              // Back where the person was: on the button that opened it.
              focusAfter(() => opener.current);
            }}
          />,
          document.querySelector('.app') ?? document.body,
        )}
    </section>
  );
}
