import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './panels/LanguageSwitch.tsx';
import { LoadingOverlay } from './panels/LoadingOverlay.tsx';
import { MeBar } from './panels/MeBar.tsx';
import { Notices } from './panels/Notices.tsx';
import { SignInScreen } from './panels/SignInScreen.tsx';
import { StationStart } from './panels/stations/StationStart.tsx';
import { UnknownStation } from './panels/stations/UnknownStation.tsx';
import { useStationTitle } from './panels/stations/useStationTitle.ts';
import { loadSignInChecks } from './panels/loadSignInChecks.ts';
import { useSession } from './net/session.ts';
import { useStation, type StationPhase } from './net/stations.ts';

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
  const stationPhase = useStation((s) => s.phase);
  const stationName = useStation((s) => s.station?.name ?? '');
  usePrefetchWhenIdle(phase === 'signedOut' && stationPhase === 'ready');

  const title = useStationTitle();
  useEffect(() => {
    document.title = stationPhase === 'unknown' ? `${t('stations.unknownHeading')} · ${title}` : title;
  }, [t, title, stationPhase]);

  return (
    <div className="app">
      <a className="skip-link" href="#panels">
        {t('app.skipToPanels')}
      </a>
      <header className="topbar">
        <div className={stationName ? 'brand brand-with-station' : 'brand'}>
          <h1>{t('app.title')}</h1>
          <p className={stationName ? 'small brand-station' : 'muted small'}>{stationName || t('app.subtitle')}</p>
        </div>
        <div className="topbar-actions">
          {me && <MeBar me={me} />}
          <LanguageSwitch />
        </div>
      </header>
      {stationPhase !== 'ready' ? (
        <main id="panels" className="panels panels-centre" tabIndex={-1}>
          <BeforeStation phase={stationPhase} />
        </main>
      ) : phase === 'signedOut' ? (
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

/** What the page shows until it knows its station: the list to choose from, or that the link names none. */
function BeforeStation({ phase }: { phase: Exclude<StationPhase, 'ready'> }) {
  const { t } = useTranslation();
  if (phase === 'choose') return <StationStart />;
  if (phase === 'unknown') return <UnknownStation />;
  return (
    <p className="card" role="status">
      {t('stations.loading')}
    </p>
  );
}
