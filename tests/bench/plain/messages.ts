/** Messages between the plain benchmark page and its worker. */
import type { BackendName } from '../../../src/worker/protocol';

export interface PlainStart {
  backend: BackendName;
  batchSize: number;
  hiddenUnits: number;
  latentDim: number;
  /** URL of raw MNIST training images: count × 784 bytes, no header. */
  dataUrl: string;
}

export type PlainEvent =
  | { type: 'ready'; backend: string; images: number }
  | { type: 'step'; step: number; loss: number; tensors: number }
  | { type: 'error'; message: string };
