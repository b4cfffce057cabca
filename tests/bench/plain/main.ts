/** Plain benchmark page: starts the worker with the URL's backend and mirrors its step counter into #status. */
import type { BackendName } from '../../../src/worker/protocol';
import type { PlainEvent, PlainStart } from './messages';

const params = new URLSearchParams(location.search);
const status = document.getElementById('status') as HTMLElement;
const start: PlainStart = {
  backend: (params.get('backend') ?? 'wasm') as BackendName,
  batchSize: Number(params.get('batch') ?? 128),
  hiddenUnits: Number(params.get('hidden') ?? 512),
  latentDim: Number(params.get('latent') ?? 2),
  dataUrl: new URL('./mnist-train.u8', location.href).href,
};

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
worker.onmessage = (event: MessageEvent<PlainEvent>) => {
  const message = event.data;
  switch (message.type) {
    case 'ready':
      status.dataset.backend = message.backend;
      status.textContent = `Training on ${message.backend}, ${message.images} images`;
      break;
    case 'step':
      status.dataset.step = String(message.step);
      status.dataset.tensors = String(message.tensors);
      status.textContent = `Step ${message.step}, loss ${message.loss.toFixed(2)}`;
      break;
    case 'error':
      status.dataset.error = message.message;
      status.textContent = `Error: ${message.message}`;
      break;
    default: {
      const unknown: never = message;
      throw new Error(`unknown message ${JSON.stringify(unknown)}`);
    }
  }
};
worker.postMessage(start);
