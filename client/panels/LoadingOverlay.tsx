import { useTranslation } from 'react-i18next';
import { useConnection } from '../net/stores.ts';

/**
 * Shown while the 3D hall downloads and the connection opens. The steps are real: scene code, then the
 * room. `value` reports which one is done.
 */
export function LoadingOverlay({ sceneReady }: { sceneReady: boolean }) {
  const { t } = useTranslation();
  const status = useConnection((s) => s.status);
  // Following the queue from the line is connected too: the panels work, without an avatar.
  const connected = status === 'connected' || status === 'line';
  if (sceneReady && connected) return null;
  const value = (sceneReady ? 1 : 0) + (connected ? 1 : 0);
  return (
    <div className="loading" role="status">
      <p>{sceneReady ? t('status.connecting') : t('loading.scene')}</p>
      <progress max={2} value={value} aria-label={t('loading.label')} />
    </div>
  );
}
