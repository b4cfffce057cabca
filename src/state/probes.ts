/** Which probe digits the page shows by default, chosen from the labels alone. */
import type { ProbeSelection } from '../worker/protocol';

/** Labels the interpolation prefers for its endpoints: a 3 morphing into an 8 shows a smooth path. */
export const PREFERRED_ENDPOINT_LABELS = [3, 8] as const;

/** First index holding `label`, or `fallback` when none does. */
function firstWithLabel(labels: Uint8Array, label: number, fallback: number): number {
  const index = labels.indexOf(label);
  return index >= 0 ? index : fallback;
}

/** Default probes: A = first 3, B = first 8 (else the first two digits), ELBO digit = the first digit. */
export function defaultProbeSelection(labels: Uint8Array): ProbeSelection {
  const [labelA, labelB] = PREFERRED_ENDPOINT_LABELS;
  const last = Math.max(0, labels.length - 1);
  return {
    elboIndex: 0,
    interpolationA: firstWithLabel(labels, labelA, 0),
    interpolationB: firstWithLabel(labels, labelB, Math.min(1, last)),
  };
}

/** A random probe index different from `current` (uniform over the others); `random` ∈ [0, 1). */
export function anotherProbe(current: number, count: number, random: number): number {
  if (count < 2) return 0;
  const pick = Math.floor(random * (count - 1));
  return pick >= current ? pick + 1 : pick;
}

/** Two random probe indices of different classes (falls back to any two when all share a label). */
export function randomPair(labels: Uint8Array, random: () => number): [number, number] {
  const count = labels.length;
  const a = Math.floor(random() * count);
  const others: number[] = [];
  labels.forEach((label, index) => {
    if (label !== labels[a]) others.push(index);
  });
  const b = others.length > 0 ? others[Math.floor(random() * others.length)] : anotherProbe(a, count, random());
  return [a, b];
}
