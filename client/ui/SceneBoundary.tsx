import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './Button.tsx';

interface Props {
  children: ReactNode;
  /** Called once the scene has failed: the page stops waiting for it, and the panels become the hall. */
  onFailed: () => void;
}

/**
 * Around a 3D scene: a device that cannot draw it (no WebGL, a lost graphics context, its code not
 * fetched) keeps everything else. The scene gives way to nothing here; the page shows
 * {@link SceneUnavailable} among its panels, which never depended on the scene. Mount it again (a new key)
 * to try once more.
 */
export class SceneBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    console.warn('the 3D scene could not be shown', error instanceof Error ? error.message : error);
    this.props.onFailed();
  }

  override render(): ReactNode {
    return this.state.failed ? null : this.props.children;
  }
}

/** One line in the panels saying the 3D view could not be shown, and that nothing else is lost. */
export function SceneUnavailable({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="card scene-unavailable" role="status">
      <p>{t('scene.unavailable')}</p>
      <Button onClick={onRetry}>{t('scene.retry')}</Button>
    </section>
  );
}
