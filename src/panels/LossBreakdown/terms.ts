/** How the loss panel names, explains and formats each model's terms. */
import type { TermName } from '../../worker/protocol';

export interface TermInfo {
  /** Card heading with the term's formula. */
  label: string;
  /** Legend name of its curve. */
  short: string;
  unit: string;
  /** Symbol of its weight in the total (β, β_c), or a generic "w". */
  weightSymbol: string;
}

export const TERM_INFO: Readonly<Record<TermName, TermInfo>> = {
  rec: { label: 'Reconstruction', short: 'reconstruction', unit: 'nats per image, −log p(x|z)', weightSymbol: 'w' },
  kl: { label: 'KL(q‖p)', short: 'KL', unit: 'nats per image', weightSymbol: 'β' },
  codebook: { label: 'Codebook', short: 'codebook', unit: '‖sg[z_e] − e‖², squared distance per image', weightSymbol: 'w' },
  commitment: { label: 'Commitment', short: 'commitment', unit: '‖z_e − sg[e]‖², squared distance per image; β_c weights it in the total', weightSymbol: 'β_c' },
};

/** What the total is, e.g. "rec + β·KL" or "rec + codebook + β_c·commitment". */
export function totalFormula(names: readonly TermName[]): string {
  const part = (name: TermName) => (name === 'rec' ? 'rec' : name === 'kl' ? 'β·KL' : name === 'commitment' ? 'β_c·commitment' : name);
  return names.map(part).join(' + ');
}

/** Weighted curves' legend name, e.g. "β·KL". */
export function weightedName(name: TermName): string {
  return `${TERM_INFO[name].weightSymbol}·${TERM_INFO[name].short}`;
}

/**
 * A loss value short enough for a number card at any magnitude: "0.0123", "12.3", "9999.9",
 * then "5.2e8"; "—" when unknown or not finite. Negative values carry a real minus sign.
 */
export function formatLoss(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const size = Math.abs(value);
  let text: string;
  if (size === 0) text = '0';
  else if (size >= 1e5 || size < 1e-2) text = value.toExponential(1).replace('e+', 'e');
  else if (size >= 1000) text = value.toFixed(0);
  else if (size >= 100) text = value.toFixed(1);
  else text = value.toPrecision(3);
  return text.replaceAll('-', '−');
}
