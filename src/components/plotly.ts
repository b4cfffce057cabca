/**
 * Plotly without React: a lazy loader for the dist bundle and a throttled drawer for one graph div.
 * Plotly redraws everything on each update, so the drawer keeps only the latest figure and draws it
 * at most once per interval, while the page is shown, taking turns with the other charts (drawQueue.ts).
 */
import type {
  Config,
  Data,
  Layout,
  PlotHoverEvent,
  PlotlyHTMLElement,
  PlotMouseEvent,
} from 'plotly.js-dist-min';
import { chartDraws } from './drawQueue';
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

/**
 * The layout with every font size multiplied by `factor` (lecture mode enlarges charts' text with the
 * page's): fonts nested anywhere in the layout (axes, ticks, titles, legend, annotations). Returns the
 * layout itself when factor is 1.
 */
export function scaleFonts<T>(layout: T, factor: number): T {
  if (factor === 1) return layout;
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>).map(([name, inner]) => {
      if (/font$/.test(name) && inner && typeof inner === 'object') {
        const font = inner as { size?: number };
        return [name, typeof font.size === 'number' ? { ...font, size: Math.round(font.size * factor) } : font];
      }
      return [name, visit(inner)];
    });
    return Object.fromEntries(entries);
  };
  return visit(layout) as T;
}

/** The page's chart font scale (CSS variable --chart-font-scale on the root; 1 unless lecture mode sets it). */
function chartFontScale(): number {
  const value = Number.parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--chart-font-scale'));
  return Number.isFinite(value) && value > 0 ? value : 1;
}

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

/** Wait after a lost WebGL context before drawing again: the browser restarts its GPU process meanwhile. */
const CONTEXT_RESTORE_DELAY_MS = 1_000;
const CONTEXT_RESTORE_ATTEMPTS = 5;

/** Draws the latest figure into `graphDiv` at most once per `minIntervalMs`; `dispose()` purges it. */
export class ThrottledChart {
  private plotly: PlotlyApi | null = null;
  private pending: Figure | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private frame: number | null = null;
  private resizeFrame: number | null = null;
  private lastDrawAt = Number.NEGATIVE_INFINITY;
  /** The figure last handed to Plotly, redrawn from scratch when the GPU loses the chart's WebGL context. */
  private lastFigure: Figure | null = null;
  private restoreTimer: ReturnType<typeof setTimeout> | null = null;
  private failedDraws = 0;
  private drawing = false;
  /** True while the redraw waits its turn in the page's draw queue. */
  private queued = false;
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
    // The event does not bubble; a capturing listener on the graph sees it for every canvas Plotly makes.
    graphDiv.addEventListener('webglcontextlost', this.onContextLost, true);
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

  /** Saves the chart as drawn, as a PNG or an SVG file (no-op before the first draw). */
  async download(format: 'png' | 'svg', fileName: string): Promise<void> {
    if (!this.plotly || !this.drawn) return;
    await this.plotly.downloadImage(this.graphDiv, { format, filename: fileName.replace(/\.(png|svg)$/, ''), width: this.graphDiv.clientWidth, height: this.graphDiv.clientHeight });
  }

  /** Stops drawing and frees the graph div (its WebGL contexts and listeners). */
  dispose(): void {
    this.disposed = true;
    this.resizeObserver.disconnect();
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    chartDraws.cancel(this.draw);
    if (this.resizeFrame !== null) cancelAnimationFrame(this.resizeFrame);
    if (this.restoreTimer !== null) clearTimeout(this.restoreTimer);
    this.graphDiv.removeEventListener('webglcontextlost', this.onContextLost, true);
    this.plotly?.purge(this.graphDiv);
  }

  /**
   * A lost WebGL context (GPU process crash, driver reset, GPU switch) leaves a WebGL chart blank for good;
   * once the GPU is back, draw the chart from scratch on new canvases. A draw that fails while the GPU is
   * still down is retried.
   */
  private readonly onContextLost = (): void => {
    if (this.disposed || this.restoreTimer !== null) return;
    this.restoreTimer = setTimeout(() => {
      this.restoreTimer = null;
      if (this.disposed || !this.plotly) return;
      this.plotly.purge(this.graphDiv);
      this.drawn = false;
      this.pending ??= this.lastFigure;
      this.schedule();
    }, CONTEXT_RESTORE_DELAY_MS);
  };

  private schedule(): void {
    if (this.disposed || !this.plotly || !this.pending || this.drawing) return;
    if (this.timer !== null || this.frame !== null || this.queued) return;
    const waitMs = Math.max(0, this.lastDrawAt + this.minIntervalMs - performance.now());
    // The animation frame only says the page is shown (no redraws pile up in a hidden tab); the redraw itself
    // waits its turn in a task of its own.
    this.timer = setTimeout(() => {
      this.timer = null;
      this.frame = requestAnimationFrame(() => {
        this.frame = null;
        this.queued = true;
        chartDraws.enqueue(this.draw);
      });
    }, waitMs);
  }

  private readonly draw = async (): Promise<void> => {
    this.queued = false;
    const plotly = this.plotly;
    const figure = this.pending;
    if (this.disposed || !plotly || !figure) return;
    this.pending = null;
    this.lastFigure = figure;
    this.drawing = true;
    this.lastDrawAt = performance.now();
    try {
      const graph = await plotly.react(this.graphDiv, figure.data, scaleFonts(figure.layout, chartFontScale()), figure.config);
      if (this.disposed) {
        plotly.purge(this.graphDiv);
        return;
      }
      if (!this.drawn) {
        this.drawn = true;
        this.listen(graph);
        this.onStatus('ready');
      }
      this.failedDraws = 0;
    } catch (error) {
      // While the GPU restarts, a WebGL chart cannot be drawn: try again a few times before giving up.
      if (!this.drawn && ++this.failedDraws <= CONTEXT_RESTORE_ATTEMPTS) this.onContextLost();
      else console.error('Plotly could not draw the chart', error);
    } finally {
      this.drawing = false;
      this.schedule();
    }
  };

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

/** The parts of a drawn Plotly axis that map pixels to data (Plotly's own fields, not in its typings). */
interface DrawnAxis {
  /** Pixel offset of the axis from the graph's left (x) or top (y) edge, and its length in pixels. */
  _offset: number;
  _length: number;
  /** Pixel along the axis (from its start) → data value. */
  p2d(pixel: number): number;
}

/**
 * The data coordinates (x, y) under a pointer at (clientX, clientY) over a drawn Plotly graph, or null outside its
 * plot area (or before it is drawn). Reads Plotly's laid-out axes, so it follows zoom and the equal-aspect frame.
 */
export function pointerData(graph: Element, clientX: number, clientY: number): { x: number; y: number } | null {
  const layout = (graph as Element & { _fullLayout?: { xaxis?: DrawnAxis; yaxis?: DrawnAxis } })._fullLayout;
  const [xaxis, yaxis] = [layout?.xaxis, layout?.yaxis];
  if (!xaxis || !yaxis || typeof xaxis.p2d !== 'function' || typeof yaxis.p2d !== 'function') return null;
  const box = graph.getBoundingClientRect();
  const [px, py] = [clientX - box.left - xaxis._offset, clientY - box.top - yaxis._offset];
  if (!(px >= 0 && px <= xaxis._length && py >= 0 && py <= yaxis._length)) return null;
  const [x, y] = [xaxis.p2d(px), yaxis.p2d(py)];
  return Number.isFinite(x) && Number.isFinite(y) ? { x, y } : null;
}
