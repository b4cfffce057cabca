import { useEffect, useRef, useState } from 'react';
import type { Config, Data, Layout, PlotHoverEvent, PlotMouseEvent } from 'plotly.js-dist-min';
import { exportButtonName, exportFileName } from './exportImage';
import { ThrottledChart, type ChartHandlers } from './plotly';

export interface PlotlyChartProps {
  data: Data[];
  /** Set `uirevision` to keep the user's zoom and legend choices across updates. */
  layout: Partial<Layout>;
  config?: Partial<Config>;
  onClick?: (event: PlotMouseEvent) => void;
  onHover?: (event: PlotHoverEvent) => void;
  onUnhover?: (event: PlotMouseEvent) => void;
  /** data-testid of the wrapper; the Plotly graph div (.js-plotly-plot) is inside it. */
  testId?: string;
  className?: string;
  ariaLabel: string;
  /** Minimum time between redraws; 250 ms means at most 4 redraws per second. */
  minRedrawIntervalMs?: number;
  /** CSS height of the plot (Plotly fills its box; e.g. a clamp() that follows the viewport). */
  height?: string;
  /** Offer "Save PNG" and "Save SVG" buttons saving the chart under this title (with `exportStep` in the name). */
  exportTitle?: string;
  exportStep?: number | null;
}

const DEFAULT_CONFIG: Partial<Config> = {
  displaylogo: false,
  responsive: false,
  modeBarButtonsToRemove: ['select2d', 'lasso2d', 'toImage'],
};

/**
 * WebGL charts draw at the screen's own pixel ratio (between 1 and 2). Plotly's default is 2 everywhere, which on a
 * 1× screen gives each of its three WebGL canvases four times the pixels shown: with software GL, handing them to
 * the compositor then blocked the main thread for about 60 ms per frame.
 */
function glPixelRatio(): number {
  return Math.min(2, Math.max(1, window.devicePixelRatio || 1));
}

/** A Plotly chart: lazily loaded, throttled `Plotly.react` updates, resized with its box, purged on unmount. */
export function PlotlyChart({
  data,
  layout,
  config,
  onClick,
  onHover,
  onUnhover,
  testId,
  className,
  ariaLabel,
  minRedrawIntervalMs = 250,
  height = '300px',
  exportTitle,
  exportStep = null,
}: PlotlyChartProps) {
  const graphRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<ThrottledChart | null>(null);
  const handlersRef = useRef<ChartHandlers>({});
  const [status, setStatus] = useState<'loading' | 'ready' | 'error'>('loading');

  useEffect(() => {
    handlersRef.current = { onClick, onHover, onUnhover };
  });

  useEffect(() => {
    const graph = graphRef.current;
    if (!graph) return;
    const chart = new ThrottledChart(graph, minRedrawIntervalMs, () => handlersRef.current, setStatus);
    chartRef.current = chart;
    return () => {
      chart.dispose();
      if (chartRef.current === chart) chartRef.current = null;
    };
  }, [minRedrawIntervalMs]);

  useEffect(() => {
    chartRef.current?.update({ data, layout, config: { ...DEFAULT_CONFIG, plotGlPixelRatio: glPixelRatio(), ...config } });
  }, [data, layout, config, minRedrawIntervalMs]);

  return (
    <div role="figure" aria-label={ariaLabel} data-testid={testId} className={className} style={{ position: 'relative' }}>
      {status !== 'ready' && (
        <p style={{ position: 'absolute', inset: 0, margin: 0, display: 'grid', placeItems: 'center', color: '#555' }}>
          {status === 'loading' ? 'Loading chart…' : 'The chart library failed to load; reload the page.'}
        </p>
      )}
      <div ref={graphRef} style={{ width: '100%', height }} />
      {exportTitle && status === 'ready' && (
        <div className="chart-export">
          {(['png', 'svg'] as const).map((format) => (
            <button
              key={format}
              type="button"
              aria-label={exportButtonName(format, exportTitle)}
              onClick={() => void chartRef.current?.download(format, exportFileName(exportTitle, exportStep, format))}
            >
              Save {format.toUpperCase()}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
