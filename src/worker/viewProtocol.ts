/**
 * The analysis views' part of the worker protocol (types only; protocol.ts re-exports it). The page tells
 * the worker which views are open (`setViews`); the worker computes each open view that applies to the
 * active run, at its own pace, and sends `view` events. A view that does not apply says why.
 * A new view is a row in ViewRequests and ViewPayloads, a module in worker/views/, and a panel.
 */
import type { AggregatePosteriorSummary, DimensionHistograms, PlaneContours } from '../ml/training/aggregatePosterior';
import type { GridAxes } from '../ml/training/latentGrid';
import type { DigitValues } from '../ml/training/probes';
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

export type { AggregatePosteriorSummary, DigitValues, DimensionHistograms, GridAxes, PlaneContours };
export type * from './boundProtocol';

/** A digit the page names: a test digit (its probe index) or the drawn digit the worker keeps. */
export type ProbeRef = number | 'drawn';

export interface LatentGridRequest {
  /** Images per side, 8–24. */
  size: number;
  /** For a latent of more than 2 dimensions: the scatter's two PCA axes, or two chosen dimensions. */
  axes: GridAxes;
  /** The digit whose code holds the other dimensions (latent > 2). */
  anchor: ProbeRef;
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
  /**
   * The A→B interpolation path over the picture as (u, v) fractions of its width and height from the top left →
   * [points × 2]; empty unless the grid shows the scatter's plane.
   */
  path: Float32Array;
}

/** The drawn digit as the model sees it, live: nothing is asked beyond the drawing the worker keeps. */
export type DrawnDigitRequest = Record<string, never>;

export interface DrawnDigitPayload {
  /** Null until the page draws something (and after Clear). */
  drawn: {
    /** The drawing preprocessed like MNIST, as the encoder sees it → 784 values in [0, 1]. */
    input: Float32Array;
    /** Decoded from its code → 784 pixel means. */
    reconstruction: Float32Array;
    /** Its code: z, μ, or the flattened z_e grid. */
    code: Float32Array;
    /** Where it sits on the latent scatter (the scatter's coordinates); null for a codebook model. */
    position: [number, number] | null;
    terms: DigitValues;
  } | null;
}

export interface TraversalRequest {
  /** The digit whose code the traversal starts from. */
  anchor: ProbeRef;
  /** The sliders' values as [dimension, value] pairs; the other dimensions stay at the anchor's code. */
  values: [number, number][];
  /** Images per strip. */
  steps: number;
}

export interface TraversalPayload {
  /** The model's code size. */
  dim: number;
  /** The dimensions shown, ascending: all of them, or the 32 the codes spread most along. */
  dims: number[];
  /** [low, high] of each shown dimension → [dims.length × 2]: ±3 of the prior N(0, 1), or the codes' mean ± 3 sd without a prior. */
  ranges: Float32Array;
  /** The latent point: the anchor's code with the sliders' values → [dim]. */
  point: Float32Array;
  /** Decoded at `point` → 784 bytes (0–255). */
  image: Uint8Array;
  /** Strip k varies dims[k] evenly over its range, the rest at `point` → dims.length × steps images of 784 bytes. */
  strips: Uint8Array;
  steps: number;
}

/** The aggregate posterior against the prior; nothing to ask. */
export type AggregatePosteriorRequest = Record<string, never>;
export type AggregatePosteriorPayload = AggregatePosteriorSummary;

/** The KL per latent dimension and the active units; nothing to ask. */
export type LatentUsageRequest = Record<string, never>;

export interface LatentUsagePayload {
  /** Test-average KL(q(zᵢ | x) ‖ N(0, 1)) per dimension, nats → [dim]. */
  kl: Float32Array;
  /** Cov_x(E_q[zᵢ]): the variance of μᵢ over the test digits → [dim]. */
  variance: Float32Array;
  /** A dimension is active when its variance exceeds this (Burda et al. 2015: 0.01). */
  threshold: number;
  activeCount: number;
}

/** Every view the page can open, with what it asks for. */
export interface ViewRequests {
  latentGrid?: LatentGridRequest;
  /** The same grid, evenly spaced over the scatter's frame, for drawing under the scatter. */
  latentUnderlay?: LatentGridRequest;
  drawnDigit?: DrawnDigitRequest;
  traversals?: TraversalRequest;
  aggregatePosterior?: AggregatePosteriorRequest;
  latentUsage?: LatentUsageRequest;
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
  drawnDigit: DrawnDigitPayload;
  traversals: TraversalPayload;
  aggregatePosterior: AggregatePosteriorPayload;
  latentUsage: LatentUsagePayload;
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
  /** Decode the latent point under a point (x, y) of the scatter: itself for a 2-D latent, else lifted off the PCA plane through `anchor`'s code. */
  decodeScatter: { x: number; y: number; anchor: ProbeRef };
}

export interface QueryResults {
  decodeLatent: { pixels: Float32Array };
  /** The pixel means (784) and the latent point they were decoded from (code size). */
  decodeScatter: { pixels: Float32Array; z: Float32Array };
}

export type QueryKind = keyof QueryArgs;

/** A query's answer: its result, or why it does not apply to the active model. */
export type QueryAnswer<K extends QueryKind> = { status: 'ready'; result: QueryResults[K] } | { status: 'notApplicable'; reason: string };
