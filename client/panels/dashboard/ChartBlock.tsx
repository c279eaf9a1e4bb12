import { Component, lazy, Suspense, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DashboardTable } from '../../../shared/dashboard.ts';
import { chartData, chartOption, chartSummary, type ChartSpec, type Lang } from './charts.ts';

// Apache ECharts comes with the first chart a lead sees, never with the hall.
const EChart = lazy(() => import('./EChart.tsx'));

/** A chart whose code could not be fetched (offline, a new release) gives way to a sentence; its table stays. */
class ChartBoundary extends Component<{ children: ReactNode; fallback: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }
  override render(): ReactNode {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

const reducedMotion = () =>
  typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;

/** One chart with its summary in words; its table follows it on the page (the accessible form). */
export function ChartBlock({ spec, table, lang }: { spec: ChartSpec; table: DashboardTable; lang: Lang }) {
  const { t } = useTranslation();
  const data = useMemo(() => chartData(spec, table, lang), [spec, table, lang]);
  const unit = t(`dashboard.units.${spec.unit}`);
  const option = useMemo(() => chartOption(spec, data, !reducedMotion()), [spec, data]);
  const summary = chartSummary(spec, data);
  const title = t(`dashboard.charts.${spec.key as 'byHour'}`);
  const words =
    summary.kind === 'none'
      ? t('dashboard.summary.none')
      : summary.kind === 'one'
        ? t('dashboard.summary.one', {
            series: summary.series,
            label: summary.label,
            value: `${summary.value} ${unit}`,
          })
        : summary.kind === 'highLow'
          ? t('dashboard.summary.highLow', {
              ...summary,
              highValue: `${summary.highValue} ${unit}`,
              lowValue: `${summary.lowValue} ${unit}`,
            })
          : t('dashboard.summary.totals', {
              list: summary.totals
                .map((x) => t('dashboard.summary.total', { name: x.name, value: x.value }))
                .join(t('dashboard.summary.separator')),
            });
  return (
    <figure className="dash-chart-block" data-chart={spec.key}>
      <figcaption>
        <h4>{title}</h4>
        <p className="small dash-summary">{words}</p>
      </figcaption>
      {summary.kind !== 'none' && (
        <ChartBoundary fallback={<p className="muted small">{t('dashboard.chartFailed')}</p>}>
          <Suspense fallback={<p className="muted small dash-chart-wait">{t('dashboard.chartLoading')}</p>}>
            <EChart option={option} lang={lang} label={`${title}：${words}`} />
          </Suspense>
        </ChartBoundary>
      )}
    </figure>
  );
}
