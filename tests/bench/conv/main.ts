/**
 * Conv benchmark page: no UI of its own. tests/bench/conv.ts calls window.convBench.measure(), which runs one
 * variant's worker for a while and resolves with what it did. Each (variant, model) pair gets its own worker,
 * started on first use; only one runs at a time.
 */
import type { ConvBenchModel } from '../convModels';
import type { ProfileRow } from '../convProfile';
import type { ConvBenchBackend, ConvBenchReply, ConvBenchRequest, ConvRun, ConvVariant, ConvWorkerInfo } from './messages';

interface Handle {
  info: ConvWorkerInfo;
  request(message: ConvBenchRequest): Promise<ConvBenchReply>;
}

/** The page's `?backend=` (wasm when absent). */
const backend = (new URLSearchParams(location.search).get('backend') ?? 'wasm') as ConvBenchBackend;

function spawn(variant: ConvVariant, model: ConvBenchModel): Promise<Handle> {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  let pending: ((reply: ConvBenchReply) => void) | null = null;
  worker.onmessage = (event: MessageEvent<ConvBenchReply>) => pending?.(event.data);
  worker.onerror = (event) => pending?.({ type: 'error', message: event.message });
  const request = (message: ConvBenchRequest) =>
    new Promise<ConvBenchReply>((resolve) => {
      pending = resolve;
      worker.postMessage(message);
    });
  const dataUrl = new URL('./mnist-train.u8', location.href).href;
  return request({ type: 'start', variant, model, backend, dataUrl }).then((reply) => {
    if (reply.type !== 'ready') throw new Error(reply.type === 'error' ? reply.message : `unexpected ${reply.type}`);
    const { backend, wasmThreads, crossOriginIsolated } = reply;
    return { info: { backend, wasmThreads, crossOriginIsolated }, request };
  });
}

const handles = new Map<string, Promise<Handle>>();

function handle(variant: ConvVariant, model: ConvBenchModel): Promise<Handle> {
  const key = `${variant}/${model}`;
  if (!handles.has(key)) handles.set(key, spawn(variant, model));
  return handles.get(key) as Promise<Handle>;
}

async function measure(variant: ConvVariant, model: ConvBenchModel, seconds: number): Promise<ConvRun & ConvWorkerInfo> {
  const worker = await handle(variant, model);
  const reply = await worker.request({ type: 'run', seconds });
  if (reply.type !== 'ran') throw new Error(reply.type === 'error' ? reply.message : `unexpected ${reply.type}`);
  const { steps, samples, ms, lastLoss } = reply;
  return { steps, samples, ms, lastLoss, ...worker.info };
}

async function profile(variant: ConvVariant, model: ConvBenchModel, steps: number): Promise<ProfileRow[]> {
  const reply = await (await handle(variant, model)).request({ type: 'profile', steps });
  if (reply.type !== 'profiled') throw new Error(reply.type === 'error' ? reply.message : `unexpected ${reply.type}`);
  return reply.rows;
}

(window as unknown as { convBench: { measure: typeof measure; profile: typeof profile } }).convBench = { measure, profile };
