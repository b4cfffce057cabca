/**
 * When the lab can spare the main thread and the network: work that is not needed to train (Plotly's
 * bundle, the service worker's downloads) waits for it, so it never delays Train or the first step.
 * "Settled" is the first training step, or a while after Train was first enabled with no step yet.
 */

let markUsable!: () => void;
const usable = new Promise<void>((resolve) => (markUsable = resolve));
let markStepped!: () => void;
const stepped = new Promise<void>((resolve) => (markStepped = resolve));

/** Called when Train is first enabled; later calls do nothing. */
export function markLabUsable(): void {
  markUsable();
}

/** Called when the page first shows a training step; later calls do nothing. */
export function markLabStepped(): void {
  markStepped();
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Resolves at the first training step, or `idleMs` after Train was first enabled if nobody trained by
 * then, or after `deadlineMs` in any case (a failed data load must not hold work back for ever).
 */
export function whenLabSettled(idleMs: number, deadlineMs: number): Promise<void> {
  return Promise.race([stepped, usable.then(() => delay(idleMs)), delay(deadlineMs)]);
}
