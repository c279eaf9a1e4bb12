import { useTranslation } from 'react-i18next';
import { useHallDownload } from '../net/hallDownload.ts';
import { useConnection } from '../net/stores.ts';

const kb = (bytes: number) => Math.round(bytes / 1024);

/**
 * Shown while the hall's code downloads and the connection opens. The figures are real: the kilobytes of the
 * hall's chunks that have arrived out of all of them (as the build listed them), then the room.
 */
export function LoadingOverlay({ sceneReady }: { sceneReady: boolean }) {
  const { t } = useTranslation();
  const status = useConnection((s) => s.status);
  const { loaded, total } = useHallDownload();
  // Following the queue from the line is connected too: the panels work, without an avatar.
  const connected = status === 'connected' || status === 'line';
  if (sceneReady && connected) return null;
  const downloading = !sceneReady && total > 0;
  return (
    <div className="loading" role="status">
      <p>{sceneReady ? t('status.connecting') : t('loading.scene')}</p>
      {downloading ? (
        <>
          <progress max={total} value={Math.min(loaded, total)} aria-label={t('loading.label')} />
          <p className="small">{t('loading.bytes', { loaded: kb(Math.min(loaded, total)), total: kb(total) })}</p>
        </>
      ) : (
        <progress max={2} value={(sceneReady ? 1 : 0) + (connected ? 1 : 0)} aria-label={t('loading.label')} />
      )}
    </div>
  );
}
