/** Messages between the conv benchmark page and its workers (one worker per variant and model). */
import type { ConvBenchModel } from '../convModels';
import type { ProfileRow } from '../convProfile';

/** 'app': the lab's model and Trainer; 'plain': the tfjs-layers baseline (tests/bench/plainConv.ts). */
export type ConvVariant = 'app' | 'plain';

/** The benchmark is about wasm; the others are there to check that the same code trains on them. */
export type ConvBenchBackend = 'wasm' | 'webgl' | 'cpu';

export type ConvBenchRequest =
  | { type: 'start'; variant: ConvVariant; model: ConvBenchModel; backend: ConvBenchBackend; dataUrl: string }
  | { type: 'run'; seconds: number }
  /** Profiles `steps` steps of a fresh copy of the variant's model (tests/bench/convProfile.ts). */
  | { type: 'profile'; steps: number };

/** What one timed run did: whole steps only, timed in the worker from before the first to after the last. */
export interface ConvRun {
  steps: number;
  samples: number;
  ms: number;
  lastLoss: number;
}

export interface ConvWorkerInfo {
  backend: string;
  wasmThreads: number | null;
  crossOriginIsolated: boolean;
}

export type ConvBenchReply =
  | ({ type: 'ready' } & ConvWorkerInfo)
  | ({ type: 'ran' } & ConvRun)
  | { type: 'profiled'; rows: ProfileRow[] }
  | { type: 'error'; message: string };
