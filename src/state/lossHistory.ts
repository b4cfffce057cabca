/**
 * Smoothed per-step loss curves for the loss chart (nats per image), kept short enough to redraw fast.
 * Pure data: no React, no DOM.
 */
import type { StepTerms } from '../worker/protocol';

/** Running state of the exponential moving averages (before bias correction). */
export interface EmaState {
  /** Σ of the weights given so far, 1 − Πβᵢ; divides the raw averages (bias correction, as in Adam). */
  weight: number;
  rec: number;
  kl: number;
  betaKl: number;
}

/** Smoothed curves, one entry per kept step; older steps are thinned out. */
export interface LossHistory {
  steps: number[];
  /** Reconstruction −E_q[log p(x|z)], nats per image. */
  rec: number[];
  /** KL(q(z|x) ‖ p(z)), nats per image. */
  kl: number[];
  /** β·KL at each step (smoothed as a product, so changes of β show at once). */
  betaKl: number[];
  /** rec + β·KL. */
  total: number[];
  /** β in force at that step (not smoothed). */
  beta: number[];
  ema: EmaState;
}

/** At most this many points are kept; beyond it the older half is thinned to every second point. */
export const MAX_HISTORY_POINTS = 2000;

/** A history with no steps yet. */
export function emptyLossHistory(): LossHistory {
  return {
    steps: [],
    rec: [],
    kl: [],
    betaKl: [],
    total: [],
    beta: [],
    ema: { weight: 0, rec: 0, kl: 0, betaKl: 0 },
  };
}

type Series = Exclude<keyof LossHistory, 'ema'>;
const SERIES: readonly Series[] = ['steps', 'rec', 'kl', 'betaKl', 'total', 'beta'];

/** Keeps the newer half as is and every second point of the older half. */
function thin(values: number[]): number[] {
  const half = Math.floor(values.length / 2);
  const kept: number[] = [];
  for (let i = 0; i < half; i += 2) kept.push(values[i]);
  for (let i = half; i < values.length; i++) kept.push(values[i]);
  return kept;
}

/**
 * Appends one snapshot's steps, smoothed by a bias-corrected exponential moving average
 * (m ← s·m + (1−s)·x, shown as m / (1 − sᵗ)). Steps with a non-finite term are skipped so a
 * diverged step cannot poison the curves. Returns a new history; the same one when nothing was added.
 */
export function appendTerms(history: LossHistory, terms: StepTerms, smoothing = 0.9): LossHistory {
  const count = Math.min(terms.steps.length, terms.recNats.length, terms.klNats.length, terms.beta.length);
  if (count === 0) return history;
  const next: Record<Series, number[]> = {
    steps: history.steps.slice(),
    rec: history.rec.slice(),
    kl: history.kl.slice(),
    betaKl: history.betaKl.slice(),
    total: history.total.slice(),
    beta: history.beta.slice(),
  };
  let { weight, rec, kl, betaKl } = history.ema;
  const keep = 1 - smoothing;
  let added = 0;
  for (let i = 0; i < count; i++) {
    const stepRec = terms.recNats[i];
    const stepKl = terms.klNats[i];
    const stepBeta = terms.beta[i];
    if (!Number.isFinite(stepRec) || !Number.isFinite(stepKl) || !Number.isFinite(stepBeta)) continue;
    weight = smoothing * weight + keep;
    rec = smoothing * rec + keep * stepRec;
    kl = smoothing * kl + keep * stepKl;
    betaKl = smoothing * betaKl + keep * stepBeta * stepKl;
    next.steps.push(terms.steps[i]);
    next.rec.push(rec / weight);
    next.kl.push(kl / weight);
    next.betaKl.push(betaKl / weight);
    next.total.push((rec + betaKl) / weight);
    next.beta.push(stepBeta);
    added++;
  }
  if (added === 0) return history;
  while (next.steps.length > MAX_HISTORY_POINTS) {
    for (const series of SERIES) next[series] = thin(next[series]);
  }
  return { ...next, ema: { weight, rec, kl, betaKl } };
}
