/**
 * The interpolation between endpoints A and B: where each endpoint sits in the latent space (a test digit's code,
 * the drawn digit's code, or a point the page pinned) and the path between them. Plain numbers.
 */
import { lerp, pathPoints, quantilePath, slerp, type InterpolationKind } from '../math/interpolation';
import type { ProbeSelection } from './probes';

/** Line segments drawn per gap between two decoded frames, so a curved path looks curved. */
export const PATH_SUBDIVISIONS = 4;

export type EndpointRole = 'interpolationA' | 'interpolationB';

/**
 * The code of endpoint `role` → [dim]: its stand-in when it has a usable one (the drawn digit's code, or a pinned
 * point of length dim when `pointsAllowed`), else row selection[role] of the probe codes (rows × dim).
 */
export function endpointCode(role: EndpointRole, selection: ProbeSelection, codes: Float32Array, dim: number, drawnCode: Float32Array | null, pointsAllowed: boolean): Float32Array {
  const standIn = selection.standIns?.[role];
  if (standIn?.kind === 'drawn' && drawnCode) return drawnCode;
  if (standIn?.kind === 'point' && pointsAllowed && standIn.z.length === dim && standIn.z.every(Number.isFinite)) return Float32Array.from(standIn.z);
  const row = selection[role];
  return codes.slice(row * dim, (row + 1) * dim);
}

const PATH_AT: Record<InterpolationKind, (a: Float32Array, b: Float32Array, t: number) => Float32Array> = { linear: lerp, slerp, quantile: quantilePath };

/** The kind of path to take: the selection's when `offered` includes it, else linear. */
function pathKind(selection: ProbeSelection, offered: readonly InterpolationKind[]): InterpolationKind {
  const kind = selection.path ?? 'linear';
  return offered.includes(kind) ? kind : 'linear';
}

/** The point at t ∈ [0, 1] on the A→B path (kind as in interpolationPath) → [dim]. */
export function pathPointAt(selection: ProbeSelection, a: Float32Array, b: Float32Array, t: number, offered: readonly InterpolationKind[]): Float32Array {
  return PATH_AT[pathKind(selection, offered)](a, b, t);
}

/**
 * The A→B path of kind `selection.path` (linear when absent or not among the model's `offered` kinds): `frames` evenly spaced
 * points to decode → [frames × dim], and a finer line through them to draw → [((frames − 1)·PATH_SUBDIVISIONS + 1) × dim],
 * whose every PATH_SUBDIVISIONS-th point is a frame.
 */
export function interpolationPath(selection: ProbeSelection, a: Float32Array, b: Float32Array, frames: number, offered: readonly InterpolationKind[]): { frames: Float32Array; line: Float32Array } {
  const kind = pathKind(selection, offered);
  return { frames: pathPoints(kind, a, b, frames), line: pathPoints(kind, a, b, (frames - 1) * PATH_SUBDIVISIONS + 1) };
}
