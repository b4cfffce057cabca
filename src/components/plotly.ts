/**
 * Plotly without React: a lazy loader for the dist bundle and a throttled drawer for one graph div.
 * Plotly redraws everything on each update, so the drawer keeps only the latest figure and draws it
 * at most once per interval, on an animation frame.
 */
import type {
  Config,
  Data,
  Layout,
  PlotHoverEvent,
  PlotlyHTMLElement,
  PlotMouseEvent,
} from 'plotly.js-dist-min';
import { whenLabSettled } from './labUsable';

export type PlotlyApi = typeof import('plotly.js-dist-min').default;

/** What one Plotly.react call draws. */
export interface Figure {
  data: Data[];
  layout: Partial<Layout>;
  config: Partial<Config>;
}

/** Event callbacks, read at event time so the latest ones run. */
export interface ChartHandlers {
  onClick?: (event: PlotMouseEvent) => void;
  onHover?: (event: PlotHoverEvent) => void;
  onUnhover?: (event: PlotMouseEvent) => void;
}

/** Fonts for projector use: ticks and legends ≥ 14 px. */
export const CHART_FONT = {
  family: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  size: 14,
  color: '#222',
} as const;

let plotlyPromise: Promise<PlotlyApi> | null = null;

/** Plotly waits this long after Train is enabled unless training starts first, and at most the deadline. */
const PLOTLY_IDLE_MS = 1_500;
const PLOTLY_DEADLINE_MS = 15_000;

/**
 * Loads the Plotly bundle once (a separate chunk), when the lab has settled: its 0.56 MB (gzipped) and
 * the second its parsing takes on a slow machine never delay Train or the first training step.
 */
export function loadPlotly(): Promise<PlotlyApi> {
  plotlyPromise ??= whenLabSettled(PLOTLY_IDLE_MS, PLOTLY_DEADLINE_MS)
    .then(() => import('./plotlyGl2dStrict'))
    .then(
      (module) => module.default,
      (error: unknown) => {
        plotlyPromise = null;
        throw error;
      },
    );
  return plotlyPromise;
}

/** Draws the latest figure into `graphDiv` at most once per `minIntervalMs`; `dispose()` purges it. */
export class ThrottledChart {
  private plotly: PlotlyApi | null = null;
  private pending: Figure | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private frame: number | null = null;
  private resizeFrame: number | null = null;
  private lastDrawAt = Number.NEGATIVE_INFINITY;
  private drawing = false;
  private drawn = false;
  private disposed = false;
  private readonly resizeObserver: ResizeObserver;

  constructor(
    private readonly graphDiv: HTMLDivElement,
    private readonly minIntervalMs: number,
    private readonly handlers: () => ChartHandlers,
    private readonly onStatus: (status: 'ready' | 'error') => void,
  ) {
    this.resizeObserver = new ResizeObserver(() => this.scheduleResize());
    this.resizeObserver.observe(graphDiv);
    loadPlotly().then(
      (plotly) => {
        this.plotly = plotly;
        this.schedule();
      },
      () => {
        if (!this.disposed) this.onStatus('error');
      },
    );
  }

  /** Replaces the figure to draw next (older undrawn figures are dropped). */
  update(figure: Figure): void {
    this.pending = figure;
    this.schedule();
  }

  /** Stops drawing and frees the graph div (its WebGL contexts and listeners). */
  dispose(): void {
    this.disposed = true;
    this.resizeObserver.disconnect();
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    if (this.resizeFrame !== null) cancelAnimationFrame(this.resizeFrame);
    this.plotly?.purge(this.graphDiv);
  }

  private schedule(): void {
    if (this.disposed || !this.plotly || !this.pending || this.drawing) return;
    if (this.timer !== null || this.frame !== null) return;
    const waitMs = Math.max(0, this.lastDrawAt + this.minIntervalMs - performance.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.frame = requestAnimationFrame(() => {
        this.frame = null;
        void this.draw();
      });
    }, waitMs);
  }

  private async draw(): Promise<void> {
    const plotly = this.plotly;
    const figure = this.pending;
    if (this.disposed || !plotly || !figure) return;
    this.pending = null;
    this.drawing = true;
    this.lastDrawAt = performance.now();
    try {
      const graph = await plotly.react(this.graphDiv, figure.data, figure.layout, figure.config);
      if (this.disposed) {
        plotly.purge(this.graphDiv);
        return;
      }
      if (!this.drawn) {
        this.drawn = true;
        this.listen(graph);
        this.onStatus('ready');
      }
    } catch (error) {
      console.error('Plotly could not draw the chart', error);
    } finally {
      this.drawing = false;
      this.schedule();
    }
  }

  private listen(graph: PlotlyHTMLElement): void {
    graph.on('plotly_click', (event) => {
      if (!this.disposed) this.handlers().onClick?.(event);
    });
    graph.on('plotly_hover', (event) => {
      if (!this.disposed) this.handlers().onHover?.(event);
    });
    graph.on('plotly_unhover', (event) => {
      if (!this.disposed) this.handlers().onUnhover?.(event);
    });
  }

  private scheduleResize(): void {
    if (this.disposed || !this.drawn || this.resizeFrame !== null) return;
    this.resizeFrame = requestAnimationFrame(() => {
      this.resizeFrame = null;
      if (this.disposed || !this.plotly) return;
      Promise.resolve(this.plotly.Plots.resize(this.graphDiv)).catch(() => undefined);
    });
  }
}
