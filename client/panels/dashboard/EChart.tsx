import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use as register, type ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { ChartOption, Lang } from './charts.ts';

// Only what the dashboard draws: bars and lines on a grid, with a legend and a tooltip, on a canvas.
register([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/**
 * One chart, drawn by Apache ECharts on a canvas that follows its box's width (a phone turned, a panel
 * widened). Its own chunk with the library: only a lead's page that shows a period ever downloads it. The
 * canvas is an image for screen readers, named by the chart's summary; the table beside it holds the figures.
 */
export default function EChart({ option, lang, label }: { option: ChartOption; lang: Lang; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);

  // A new chart when the language changes: ECharts words its own parts (the tooltip's) at init.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const c = init(el, null, { renderer: 'canvas', locale: lang === 'en' ? 'EN' : 'ZH' });
    chart.current = c;
    const resized = new ResizeObserver(() => c.resize());
    resized.observe(el);
    return () => {
      resized.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [lang]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option, lang]);

  return <div ref={box} className="dash-chart" role="img" aria-label={label} />;
}
