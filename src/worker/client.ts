/** The page's handle on the training worker: a Comlink proxy of `TrainerApi` plus a way to stop it. */
import * as Comlink from 'comlink';
import type { TrainerApi } from './protocol';

export interface Trainer {
  api: Comlink.Remote<TrainerApi>;
  terminate(): void;
}

/** Starts the training worker; `onCrash` hears about errors the worker could not report itself. */
export function createTrainer(onCrash?: (message: string) => void): Trainer {
  const worker = new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'vae-trainer' });
  if (onCrash) {
    worker.addEventListener('error', (event) => onCrash(event.message || 'The training worker failed to start.'));
    worker.addEventListener('messageerror', () => onCrash('A message from the training worker could not be read.'));
  }
  const api = Comlink.wrap<TrainerApi>(worker);
  return {
    api,
    terminate: () => worker.terminate(),
  };
}
