/**
 * The index of the first NaN or ±∞ in `values`, or −1. A plain loop: `findIndex` / `every` with a callback box each
 * float32 into a new heap number (about 10 MB of garbage for the default VAE's 805,000 weights, at every autosave).
 */
export function firstNonFinite(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}
