import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './panels/LanguageSwitch.tsx';
import { LoadingOverlay } from './panels/LoadingOverlay.tsx';
import { MeBar } from './panels/MeBar.tsx';
import { Notices } from './panels/Notices.tsx';
import { SignInScreen } from './panels/SignInScreen.tsx';
import { loadSignInChecks } from './panels/loadSignInChecks.ts';
import { useSession } from './net/session.ts';

/**
 * The signed-in hall (panels, connection, 3D scenes) is its own chunk: the page's first download is this
 * light shell and the sign-in form. A returning person's hall starts loading at once, beside the token check.
 */
const loadHall = () =>
  // The panels and the connection first, with the whole line to themselves; the scene's code (three.js, most
  // of the download) only once they have arrived, so on a slow line they never share it with the scene.
  import('./HallApp.tsx').then((m) => {
    void import('./hall/HallScene.tsx');
    return m;
  });
const HallApp = lazy(() => loadHall().then((m) => ({ default: m.HallApp })));

/** Fetch the form's checks and the hall's code once the form is on screen and the page is idle, so it never delays the form. */
function usePrefetchWhenIdle(enabled: boolean) {
  useEffect(() => {
    if (!enabled) return;
    // The form's checks first and alone (small, and the first thing a submit needs: on a slow line they
    // would otherwise share it with the hall's half megabyte), then the hall's code.
    const start = () => void loadSignInChecks().then(loadHall, loadHall);
    // Safari has no requestIdleCallback: a plain delay there.
    if (typeof window.requestIdleCallback === 'function') {
      const id = window.requestIdleCallback(start, { timeout: 5000 });
      return () => window.cancelIdleCallback(id);
    }
    const id = window.setTimeout(start, 2000);
    return () => window.clearTimeout(id);
  }, [enabled]);
}

export function App() {
  const { t } = useTranslation();
  const phase = useSession((s) => s.phase);
  const me = useSession((s) => s.me);
  usePrefetchWhenIdle(phase === 'signedOut');

  useEffect(() => {
    document.title = t('app.documentTitle');
  }, [t]);

  return (
    <div className="app">
      <a className="skip-link" href="#panels">
        {t('app.skipToPanels')}
      </a>
      <header className="topbar">
        <div className="brand">
          <h1>{t('app.title')}</h1>
          <p className="muted small">{t('app.subtitle')}</p>
        </div>
        <div className="topbar-actions">
          {me && <MeBar me={me} />}
          <LanguageSwitch />
        </div>
      </header>
      {phase === 'signedOut' ? (
        <main id="panels" className="panels panels-centre" tabIndex={-1}>
          <SignInScreen />
        </main>
      ) : (
        <Suspense fallback={<LoadingOverlay sceneReady={false} />}>
          <HallApp />
        </Suspense>
      )}
      <Notices />
    </div>
  );
}
