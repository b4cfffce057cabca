/** The bound ladder's rows, from the posterior view's payload: ELBO ≤ IWAE-10 ≤ IWAE-100 ≤ IWAE-1000 ≤ log p(x). */
import type { PosteriorPayload } from '../../worker/protocol';

export interface LadderRow {
  name: string;
  /** Nats; null when not computed (log p(x) beyond a 2-D latent). */
  value: number | null;
  /** One standard error (Monte Carlo), or the quadrature's estimated error for log p(x). */
  error: number | null;
  /** How the value was obtained, for the third column. */
  how: string;
  k: number | null;
}

/** One row per rung (k = 1 is the ELBO), then exact log p(x) when the quadrature ran. */
export function ladderRows(payload: PosteriorPayload): LadderRow[] {
  const rungs = payload.ladder.map((rung) => ({
    name: rung.k === 1 ? 'ELBO' : `IWAE-${rung.k}`,
    value: rung.mean,
    error: rung.standardError,
    how: `${rung.estimates.toLocaleString('en-US')} estimates × ${rung.k} draw${rung.k === 1 ? '' : 's'}`,
    k: rung.k,
  }));
  const { quadrature } = payload;
  const top: LadderRow = quadrature
    ? { name: 'log p(x)', value: quadrature.logPx, error: quadrature.logPxError, how: 'grid quadrature (exact)', k: null }
    : { name: 'log p(x)', value: null, error: null, how: 'exact only for a 2-D latent', k: null };
  return [...rungs, top];
}

/**
 * True when no row falls below the one above it by more than `sigmas` combined standard errors (the rungs share
 * their draws, so a small dip is Monte Carlo noise, not a broken bound).
 */
export function ladderRises(rows: LadderRow[], sigmas = 3): boolean {
  const known = rows.filter((row) => row.value !== null);
  return known.every((row, i) => i === 0 || (row.value as number) >= (known[i - 1].value as number) - sigmas * Math.hypot(row.error ?? 0, known[i - 1].error ?? 0));
}
