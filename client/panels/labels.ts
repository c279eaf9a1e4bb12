import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SERVICE_CATALOGUE } from '../../shared/layouts/registry.ts';
import { useHallLayout } from '../net/layoutStore.ts';
import { local } from '../net/localWalker.ts';

/** Names of services and desks in the person's language. */
export function useLabels() {
  const { t, i18n } = useTranslation();
  const lang: 'zh' | 'en' = i18n.language === 'en' ? 'en' : 'zh';
  const { desks } = useHallLayout();
  return {
    lang,
    // Any station's service by name: a merchant's cases and tickets may come from another station's hall.
    service: (id: string) => SERVICE_CATALOGUE.find((s) => s.id === id)?.name[lang] ?? id,
    desk: (id: string | null) => {
      const i = desks.findIndex((d) => d.id === id);
      return i < 0 ? '' : t('deskName', { n: i + 1 });
    },
    time: (at: number | string) =>
      new Date(at).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', {
        month: 'numeric',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      }),
  };
}

/** How close to a desk's service or staff point counts as "at the desk", metres. */
const NEAR = 1.6;

/**
 * The desk the local person is standing at (in front for a merchant, behind for an officer), so walking
 * up to a desk in 3D selects it in the 2D panel.
 */
export function useNearDesk(side: 'servicePoint' | 'staffPoint'): string | null {
  const [near, setNear] = useState<string | null>(null);
  const { desks } = useHallLayout();
  useEffect(() => {
    const timer = setInterval(() => {
      const w = local.walker;
      const desk = w ? desks.find((d) => Math.hypot(d[side].x - w.x, d[side].z - w.z) < NEAR) : undefined;
      setNear(desk?.id ?? null);
    }, 500);
    return () => clearInterval(timer);
  }, [side, desks]);
  return near;
}
