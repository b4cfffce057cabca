/** Matrix-product page: runs the worker and puts its report, as JSON, in #status's data-result. */
import type { MatMulEvent } from './messages';

const status = document.getElementById('status') as HTMLElement;
const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
worker.onmessage = (event: MessageEvent<MatMulEvent>) => {
  status.dataset.result = JSON.stringify(event.data);
  status.textContent = event.data.type === 'done' ? `Done: ${event.data.runsMs.length} runs` : `Error: ${event.data.message}`;
};
