/**
 * "The lab is usable": Train became enabled for the first time. Work that is not needed to train
 * (Plotly's bundle, the service worker's downloads) waits for it, so it never delays the first step.
 */

let markUsable!: () => void;
const usable = new Promise<void>((resolve) => (markUsable = resolve));

/** Called when Train is first enabled; later calls do nothing. */
export function markLabUsable(): void {
  markUsable();
}

/** Resolves once the lab is usable, or after `deadlineMs` when given (so a failed load cannot hold work back for ever). */
export function whenLabUsable(deadlineMs?: number): Promise<void> {
  if (deadlineMs === undefined) return usable;
  return Promise.race([usable, new Promise<void>((resolve) => setTimeout(resolve, deadlineMs))]);
}
