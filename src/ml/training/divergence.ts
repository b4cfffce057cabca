/**
 * Divergence as a loss that explodes, not only one that turns NaN. At a far too high learning rate an
 * autoencoder's loss jumps from hundreds to 1e4–1e11 nats and stays finite, so a NaN check never fires.
 * Plain numbers only: the trainer feeds it the terms it already read back.
 */

/** Why a step counts as diverged. */
export type DivergenceReason = 'nonFinite' | 'exploded';

export interface DivergenceVerdict {
  reason: DivergenceReason;
  /** The step's weighted objective Σ wᵢ·termᵢ, nats (or squared distances) per image; NaN or ±∞ for 'nonFinite'. */
  total: number;
  /** The most the objective could have been and still count as healthy (∞ for 'nonFinite'). */
  limit: number;
}

/** Healthy steps remembered: the recent range the next step is judged against. */
const WINDOW_STEPS = 50;
/** A step may exceed the recent median by this many times the recent typical size |objective| … */
const RELATIVE_ALLOWANCE = 2;
/** … and always by this much (per image), so objectives near zero (KL only, a Gaussian NLL crossing 0) have room. */
const ABSOLUTE_ALLOWANCE = 200;

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Judges each step's weighted objective against the recent healthy steps. The recent terms are re-weighted
 * with the current step's weights, so a β change, a schedule or a loss preset moves the yardstick with the
 * objective. A step diverges when a term or the objective is not finite, or when the objective exceeds
 * median + max(2 · median |objective|, 200) of the last 50 healthy steps: a loss that grows 1.5× per step is
 * caught within a few steps, batch noise and negative Gaussian NLLs are not. Medians, not extremes, so the
 * first steps of a blow-up do not widen the range they are judged by.
 */
export class DivergenceDetector {
  /** Unweighted terms of recent healthy steps, oldest first. */
  private recent: number[][] = [];

  /** Null (and the step is remembered) when healthy, else why not (not remembered). */
  observe(terms: readonly number[], weights: readonly number[]): DivergenceVerdict | null {
    const total = weightedTotal(terms, weights);
    if (!terms.every(Number.isFinite) || !Number.isFinite(total)) return { reason: 'nonFinite', total, limit: Infinity };
    if (this.recent.length > 0) {
      const totals = this.recent.map((past) => weightedTotal(past, weights));
      const limit = median(totals) + Math.max(RELATIVE_ALLOWANCE * median(totals.map(Math.abs)), ABSOLUTE_ALLOWANCE);
      if (total > limit) return { reason: 'exploded', total, limit };
    }
    this.recent.push(terms.slice());
    if (this.recent.length > WINDOW_STEPS) this.recent.shift();
    return null;
  }

  /** Forgets the recent steps: after a rollback, or when the objective changes scale (new corruption settings). */
  reset(): void {
    this.recent = [];
  }
}

function weightedTotal(terms: readonly number[], weights: readonly number[]): number {
  return terms.reduce((sum, term, i) => sum + term * weights[i], 0);
}
