/** The page's handle on the training worker: a Comlink proxy of `TrainerApi` plus a way to stop it. */
import * as Comlink from 'comlink';
import type { TrainerApi } from './protocol';

export interface Trainer {
  api: Comlink.Remote<TrainerApi>;
  terminate(): void;
}

/**
 * Starts the training worker. `onProblem` hears what the worker could not report itself: its script failing
 * to load or an uncaught error (an `error` event: the message says which), or an unreadable message.
 */
export function createTrainer(onProblem?: (message: string) => void): Trainer {
  const worker = new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'vae-trainer' });
  if (onProblem) {
    worker.addEventListener('error', (event) =>
      onProblem(event.message ? `An error in the training worker: ${event.message}` : 'The training worker could not start (its script did not load).'),
    );
    worker.addEventListener('messageerror', () => onProblem('A message from the training worker could not be read.'));
  }
  const api = Comlink.wrap<TrainerApi>(worker);
  return {
    api,
    terminate: () => worker.terminate(),
  };
}
