import { useEffect } from 'react';
import type { PeriodQuery } from '../../../shared/dashboard.ts';
import { dashboardApi } from '../../net/dashboardApi.ts';
import { features, queryClient } from '../../net/queries.ts';
import { useBoard } from '../../net/queueStore.ts';
import { useHallQuery } from '../../net/useHallQuery.ts';

/** However quiet the hall, today is read again this often while the dashboard is open (ms). */
export const TODAY_REFRESH_MS = 30_000;
/** A burst of changes on the board (a desk calls, a line moves) reads today once, this long after the first (ms). */
export const TODAY_SETTLE_MS = 1_500;

const todayKey = [features.dashboard, 'today'] as const;

/**
 * Today at a glance while the dashboard is open: read again when the hall's board changes (a desk opens,
 * calls or pauses, a line grows or shrinks), when a concern, a filing or a visit changes (the hall's notices
 * invalidate the dashboard feature), and at least every {@link TODAY_REFRESH_MS}.
 */
export function useToday(open: boolean) {
  useEffect(() => {
    if (!open) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = useBoard.subscribe((s, before) => {
      if ((s.desks === before.desks && s.waiting === before.waiting) || timer) return;
      timer = setTimeout(() => {
        timer = null;
        void queryClient.invalidateQueries({ queryKey: todayKey });
      }, TODAY_SETTLE_MS);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [open]);
  return useHallQuery(todayKey, (token) => dashboardApi.today(token), {
    enabled: open,
    refetchInterval: TODAY_REFRESH_MS,
    staleTime: 0,
  });
}

/** A period's tables, read when the lead asks for them (each read is in the station's audit log). */
export const usePeriod = (q: PeriodQuery | null) =>
  useHallQuery([features.dashboardPeriod, q?.from, q?.to], (token) => dashboardApi.period(token, q!), {
    enabled: q !== null,
    staleTime: 5 * 60_000,
  });
