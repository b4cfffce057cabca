/**
 * Colour-blind-safe categorical colours for the ten classes and the loss curves.
 * Classes 0–7: Okabe & Ito, "Color Universal Design" (2008), https://jfly.uni-koeln.de/color/ —
 * the eight-colour set, reordered so neighbouring legend entries differ in lightness.
 * Classes 8–9: Paul Tol's "wine" (#882255, muted scheme) and "grey" (#BBBBBB, bright scheme),
 * https://personal.sron.nl/~pault/ — dark and pale enough to stay apart from the Okabe–Ito hues.
 * No ten-colour set is safe for every viewer: legends and hover cards name the class as well.
 */
import type { TermName } from '../worker/protocol';

export const CLASS_PALETTE: readonly string[] = [
  '#0072B2', // blue
  '#E69F00', // orange
  '#009E73', // bluish green
  '#D55E00', // vermillion
  '#56B4E9', // sky blue
  '#CC79A7', // reddish purple
  '#F0E442', // yellow
  '#000000', // black
  '#882255', // Tol wine
  '#BBBBBB', // Tol grey
];

/** Colour of class `index` (wraps around for more than ten classes). */
export function classColor(index: number): string {
  const size = CLASS_PALETTE.length;
  return CLASS_PALETTE[((index % size) + size) % size];
}

/** Colours of the loss terms (weighted curves reuse their term's colour, dashed), the total and β(t). */
export const LOSS_COLORS: Readonly<Record<TermName | 'total' | 'beta', string>> = {
  rec: '#0072B2', // blue
  kl: '#D55E00', // vermillion
  codebook: '#009E73', // bluish green
  commitment: '#CC79A7', // reddish purple
  total: '#000000',
  beta: '#5A5A5A', // dark grey, dash-dot, on its own axis: no term shares it
};
