import { useTranslation } from 'react-i18next';
import { destinations } from '../../shared/layout.ts';
import { useHallLayout } from '../net/layoutStore.ts';
import { walkTo } from '../net/walk.ts';
import { useCoarsePointer } from './useCoarsePointer.ts';

/** Every place in the hall one keypress away: the 2D door to what a tap on the floor does in 3D. */
export function GoToPanel() {
  const layout = useHallLayout();
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  // A phone walks with the on-screen stick, not keys it does not have.
  const touch = useCoarsePointer();
  return (
    <nav className="card go-to" aria-labelledby="go-to-heading">
      <h2 id="go-to-heading">{t('goTo.heading')}</h2>
      <ul>
        {destinations(layout).map((p) => (
          <li key={p.id}>
            <button type="button" onClick={() => walkTo(p.x, p.z)}>
              {p.name[lang]}
            </button>
          </li>
        ))}
      </ul>
      <p className="muted small">{t(touch ? 'goTo.hintTouch' : 'goTo.hint')}</p>
    </nav>
  );
}
