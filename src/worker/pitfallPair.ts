/**
 * The pitfall lab's two runs: a copy of the user's VAE (same architecture, seed and settings, so the same
 * starting weights) trained with one of the lecture notes' mistakes, and its twin trained correctly, in
 * lockstep on the same batches and noise seeds. Only the mistake differs between them. The user's own run
 * is never read or written here; the pair even draws its batches from its own fork of the training pool.
 */
import type { TrainingPool } from '../ml/data';
import type { VaePitfall } from '../ml/losses/pitfalls';
import { Vae } from '../ml/models/vae';
import { Trainer } from '../ml/training/trainer';
import type { LoadedDataset } from './datasets';
import type { RunConfig } from './protocol';

export type PitfallKind = Exclude<VaePitfall, 'none'>;

/** One of the pair. */
export interface PairMember {
  model: Vae;
  trainer: Trainer;
}

/** Each run's share of a lockstep chunk (the pair's chunk is about one training chunk of the worker). */
const TARGET_MEMBER_MS = 60;

export class PitfallPair {
  readonly correct: PairMember;
  readonly mistaken: PairMember;
  private chunkSize = 1;
  private pool: TrainingPool | null = null;

  constructor(
    readonly config: RunConfig,
    readonly pitfall: PitfallKind,
  ) {
    const spec = { kind: 'vae' as const, ...config.architecture, seed: config.seed };
    const member = (model: Vae) => ({ model, trainer: new Trainer(model, config.hyper, config.seed) });
    this.correct = member(new Vae(spec));
    this.mistaken = member(new Vae(spec, { pitfall }));
  }

  /** Steps both runs have trained (they move together). */
  get step(): number {
    return this.correct.trainer.step;
  }

  /** True when this pair is the one `config` and `pitfall` ask for (the settings that fix the weights agree). */
  matches(config: RunConfig, pitfall: PitfallKind): boolean {
    const same = (a: RunConfig, b: RunConfig) => a.dataset === b.dataset && a.seed === b.seed && JSON.stringify(a.architecture) === JSON.stringify(b.architecture);
    return pitfall === this.pitfall && same(config, this.config);
  }

  /** Trains both runs one chunk on the same batches, the user's current settings (β, learning rate, batch size) applied to both. */
  async trainChunk(data: LoadedDataset, hyper: RunConfig['hyper']): Promise<void> {
    const started = performance.now();
    const batches: Float32Array[] = [];
    for (const { trainer } of [this.correct, this.mistaken]) trainer.setSettings(hyper);
    if (this.pool?.count !== data.pool.count) this.pool = data.pool.fork(this.config.seed + 17);
    const pool = this.pool;
    await this.correct.trainer.trainChunk(this.chunkSize, (size) => {
      const batch = pool.nextBatch(size);
      batches.push(batch);
      return batch;
    });
    let replayed = 0;
    await this.mistaken.trainer.trainChunk(this.chunkSize, () => batches[replayed++]);
    const perMember = (performance.now() - started) / 2;
    this.chunkSize = Math.max(1, Math.min(32, Math.round((this.chunkSize * TARGET_MEMBER_MS) / Math.max(1, perMember))));
  }

  dispose(): void {
    for (const { model, trainer } of [this.correct, this.mistaken]) {
      trainer.dispose();
      model.dispose();
    }
  }
}
