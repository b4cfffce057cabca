/**
 * Smoothed per-step curves of a model's named loss terms for the loss chart, kept short enough to redraw fast.
 * Units are the terms' own (rec and kl in nats per image, codebook and commitment squared distances per image).
 * Pure data: no React, no DOM.
 */
import type { StepTerms, TermName } from '../worker/protocol';

/** Running sums of the exponential moving averages (before bias correction), one per term. */
export interface EmaState {
  /** 1 − sⁿ after n accepted steps; divides the raw averages (bias correction, as in Adam). */
  weight: number;
  values: number[];
  weighted: number[];
}

/** Smoothed curves, one entry per kept step; older steps are thinned out. */
export interface LossHistory {
  steps: number[];
  /** The model's terms in the worker's order; every per-term array below follows it. */
  names: TermName[];
  /** values[t][k]: smoothed unweighted term t at steps[k]. */
  values: number[][];
  /** weighted[t][k]: smoothed weight·value of term t (smoothed as a product, so a change of β shows at once). */
  weighted: number[][];
  /** Σₜ weighted[t]: the smoothed objective the optimiser sees. */
  total: number[];
  /** weights[t][k]: raw weight of term t at steps[k] (β(t) for kl, β_c for commitment), not smoothed. */
  weights: number[][];
  ema: EmaState;
}

/** At most this many points are kept; beyond it the older half is thinned to every second point. */
export const MAX_HISTORY_POINTS = 2000;

/** A history with no steps yet for the given terms. */
export function emptyLossHistory(names: TermName[] = []): LossHistory {
  const perTerm = () => names.map((): number[] => []);
  return {
    steps: [],
    names: names.slice(),
    values: perTerm(),
    weighted: perTerm(),
    total: [],
    weights: perTerm(),
    ema: { weight: 0, values: names.map(() => 0), weighted: names.map(() => 0) },
  };
}

function sameNames(a: readonly TermName[], b: readonly TermName[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

/** Keeps the newer half as is and every second point of the older half. */
function thin(values: number[]): number[] {
  const half = Math.floor(values.length / 2);
  const kept: number[] = [];
  for (let i = 0; i < half; i += 2) kept.push(values[i]);
  for (let i = half; i < values.length; i++) kept.push(values[i]);
  return kept;
}

/** True when every term's value and weight at entry i is finite. */
function finiteAt(terms: StepTerms, termCount: number, i: number): boolean {
  for (let t = 0; t < termCount; t++) {
    if (!Number.isFinite(terms.values[t][i]) || !Number.isFinite(terms.weights[t][i])) return false;
  }
  return Number.isFinite(terms.steps[i]);
}

/**
 * Appends one snapshot's steps, smoothed by a bias-corrected exponential moving average
 * (m ← s·m + (1−s)·x, shown as m / (1 − sⁿ)). A different list of term names (another model)
 * starts a fresh history. Steps with a non-finite value or weight are skipped so a diverged step
 * cannot poison the curves. Returns a new history; the same one when nothing changed.
 */
export function appendTerms(history: LossHistory, terms: StepTerms, smoothing = 0.9): LossHistory {
  const base = sameNames(history.names, terms.names) ? history : emptyLossHistory(terms.names);
  const termCount = base.names.length;
  let count = terms.steps.length;
  for (let t = 0; t < termCount; t++) count = Math.min(count, terms.values[t]?.length ?? 0, terms.weights[t]?.length ?? 0);
  let steps = base.steps.slice();
  let values = base.values.map((series) => series.slice());
  let weighted = base.weighted.map((series) => series.slice());
  let weights = base.weights.map((series) => series.slice());
  let total = base.total.slice();
  let weight = base.ema.weight;
  const emaValues = base.ema.values.slice();
  const emaWeighted = base.ema.weighted.slice();
  const keep = 1 - smoothing;
  let added = 0;
  for (let i = 0; i < count; i++) {
    if (!finiteAt(terms, termCount, i)) continue;
    weight = smoothing * weight + keep;
    let stepTotal = 0;
    for (let t = 0; t < termCount; t++) {
      const value = terms.values[t][i];
      const termWeight = terms.weights[t][i];
      emaValues[t] = smoothing * emaValues[t] + keep * value;
      emaWeighted[t] = smoothing * emaWeighted[t] + keep * termWeight * value;
      values[t].push(emaValues[t] / weight);
      weighted[t].push(emaWeighted[t] / weight);
      weights[t].push(termWeight);
      stepTotal += emaWeighted[t] / weight;
    }
    steps.push(terms.steps[i]);
    total.push(stepTotal);
    added++;
  }
  if (added === 0) return base;
  while (steps.length > MAX_HISTORY_POINTS) {
    steps = thin(steps);
    total = thin(total);
    values = values.map(thin);
    weighted = weighted.map(thin);
    weights = weights.map(thin);
  }
  return {
    steps,
    names: base.names,
    values,
    weighted,
    total,
    weights,
    ema: { weight, values: emaValues, weighted: emaWeighted },
  };
}

/**
 * The history without the steps after `step` (a divergence rollback undid them). The smoothing restarts
 * from the last kept point: its smoothed values become the running averages, fully bias-corrected, so the
 * curves continue from the restored state instead of from the spike.
 */
export function dropAfter(history: LossHistory, step: number): LossHistory {
  const kept = history.steps.findIndex((s) => s > step);
  if (kept < 0) return history;
  if (kept === 0) return emptyLossHistory(history.names);
  const cut = (series: number[]) => series.slice(0, kept);
  const values = history.values.map(cut);
  const weighted = history.weighted.map(cut);
  return {
    steps: cut(history.steps),
    names: history.names,
    values,
    weighted,
    total: cut(history.total),
    weights: history.weights.map(cut),
    ema: { weight: 1, values: values.map((series) => series[kept - 1]), weighted: weighted.map((series) => series[kept - 1]) },
  };
}
