/**
 * The analysis views' part of the worker protocol (types only; protocol.ts re-exports it). The page tells
 * the worker which views are open (`setViews`); the worker computes each open view that applies to the
 * active run, at its own pace, and sends `view` events. A view that does not apply says why.
 * A new view is a row in ViewRequests and ViewPayloads, a module in worker/views/, and a panel.
 */
import type { GridAxes } from '../ml/training/latentGrid';
import type {
  GradientVariancePayload,
  PitfallLabPayload,
  PitfallLabRequest,
  PosteriorPayload,
  RateDistortionPayload,
  RefinementPayload,
  RefinementRequest,
} from './boundProtocol';
import type { RunRef } from './protocol';

export type { GridAxes };
export type * from './boundProtocol';

export interface LatentGridRequest {
  /** Images per side, 8–24. */
  size: number;
  /** For a latent of more than 2 dimensions: the scatter's two PCA axes, or two chosen dimensions. */
  axes: GridAxes;
  /** Probe index of the digit whose code holds the other dimensions (latent > 2). */
  anchorIndex: number;
  /** For laying the grid under the scatter: evenly spaced axes over [−span, span] of the scatter's coordinates. */
  span?: number;
}

export interface LatentGridPayload {
  /** Grid coordinates along each axis, ascending (size each). */
  xs: Float32Array;
  ys: Float32Array;
  /** size² images of 784 bytes (0–255), row-major like a picture: row 0 at the top (largest y). */
  images: Uint8Array;
  size: number;
  /** Axis titles, e.g. "z₁", "PC 1 of μ", "z₇". */
  xTitle: string;
  yTitle: string;
  /** How the axes were placed: at the prior's quantiles, over the range of the codes (no prior), or evenly over the scatter's view. */
  coverage: 'prior' | 'codes' | 'view';
  /** True when the grid's coordinates are the scatter's, so it can be laid under it. */
  matchesScatter: boolean;
}

/** Every view the page can open, with what it asks for. */
export interface ViewRequests {
  latentGrid?: LatentGridRequest;
  /** The same grid, evenly spaced over the scatter's frame, for drawing under the scatter. */
  latentUnderlay?: LatentGridRequest;
  /** The selected digit's exact posterior (latent 2) and bound ladder. */
  posterior?: Record<string, never>;
  /** Reparameterised vs score-function gradient variance for the selected digit. */
  gradientVariance?: Record<string, never>;
  /** Refine q for the selected digit (on demand: a new requestId per click). */
  refinement?: RefinementRequest;
  /** The run's next point on the rate–distortion plane (a fixed test subset). */
  rateDistortion?: Record<string, never>;
  /** Train a pair of copies of the VAE, one with a mistake, and measure both. */
  pitfallLab?: PitfallLabRequest;
}

/** What each view computes. */
export interface ViewPayloads {
  latentGrid: LatentGridPayload;
  latentUnderlay: LatentGridPayload;
  posterior: PosteriorPayload;
  gradientVariance: GradientVariancePayload;
  refinement: RefinementPayload;
  rateDistortion: RateDistortionPayload;
  pitfallLab: PitfallLabPayload;
}

export type ViewKind = keyof ViewPayloads;

/** A view's result for a run at a step: its payload, or the reason it does not apply to this model. */
export type ViewResult<K extends ViewKind = ViewKind> = {
  kind: K;
  run: RunRef;
  step: number;
} & ({ status: 'ready'; payload: ViewPayloads[K] } | { status: 'notApplicable'; reason: string });

export type ViewEvent = { type: 'view' } & { [K in ViewKind]: ViewResult<K> }[ViewKind];

/**
 * On-demand computations for the active run (a pointer's decode, a drawn digit's code, a refinement …):
 * the page asks with `query(kind, args)`; a newer query of the same kind replaces one still waiting.
 * A new query is a row in QueryArgs and QueryResults and a module in worker/queries/.
 */
export interface QueryArgs {
  /** Decode one latent vector (length = the model's code size) → 784 pixel means in [0, 1]. */
  decodeLatent: { z: number[] };
}

export interface QueryResults {
  decodeLatent: { pixels: Float32Array };
}

export type QueryKind = keyof QueryArgs;

/** A query's answer: its result, or why it does not apply to the active model. */
export type QueryAnswer<K extends QueryKind> = { status: 'ready'; result: QueryResults[K] } | { status: 'notApplicable'; reason: string };
