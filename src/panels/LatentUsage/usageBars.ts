/** Bar geometry for the KL per latent dimension. Plain numbers. */

export interface DimensionBar {
  dim: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Variance of μ over the digits above the threshold. */
  active: boolean;
}

/** One bar per dimension in a width × height box, heights proportional to the KL (the largest fills the box), a small gap between bars. */
export function usageBars(kl: ArrayLike<number>, variance: ArrayLike<number>, threshold: number, width: number, height: number): DimensionBar[] {
  const count = kl.length;
  const top = Math.max(...Array.from(kl), 1e-9);
  const slot = width / Math.max(1, count);
  const gap = Math.min(2, slot * 0.2);
  return Array.from({ length: count }, (_, dim) => {
    const barHeight = (Math.max(0, kl[dim]) / top) * height;
    return { dim, x: dim * slot + gap / 2, y: height - barHeight, width: slot - gap, height: barHeight, active: variance[dim] > threshold };
  });
}
