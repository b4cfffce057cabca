/** Plain-number summaries of the gradient-variance view: parameter labels and the variance ratio in one number. */

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';
const subscript = (n: number) => String(n).replace(/\d/g, (d) => SUBSCRIPTS[Number(d)]);

/** 'mu[0]' → '∂/∂μ₁', 'logVar[3]' → '∂/∂log σ₄²' (dimensions count from 1 on the page). */
export function parameterLabel(parameter: string): string {
  const match = /^(mu|logVar)\[(\d+)\]$/.exec(parameter);
  if (!match) return parameter;
  const j = subscript(Number(match[2]) + 1);
  return match[1] === 'mu' ? `∂/∂μ${j}` : `∂/∂log σ${j}²`;
}

/** Median of the finite ratios and their range (null when none is finite). */
export function ratioSummary(ratios: ArrayLike<number>): { median: number; min: number; max: number } | null {
  const finite = Array.from(ratios).filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0) return null;
  const middle = finite.length / 2;
  const median = finite.length % 2 === 1 ? finite[Math.floor(middle)] : (finite[middle - 1] + finite[middle]) / 2;
  return { median, min: finite[0], max: finite[finite.length - 1] };
}

/** "1,240×" — a ratio to three significant figures, with thousands separators. */
export function formatRatio(ratio: number): string {
  const rounded = Number(ratio.toPrecision(3));
  return `${rounded.toLocaleString('en-US', { maximumFractionDigits: 2 })}×`;
}
