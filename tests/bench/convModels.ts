/** The two conv models the conv benchmark and profile train, with the lab's default settings for each. */
import type { ModelSpec } from '../../src/ml/models/types';
import type { TrainingSettings } from '../../src/ml/training/trainer';

export type ConvBenchModel = 'vqvae' | 'vae';

/** VQ-VAE: the lab's default (conv, K = 64, D = 16, batch 64); VAE: `--model vae --network conv`, latent 2, batch 128. */
export const CONV_BENCH_MODELS: Record<ConvBenchModel, { spec: ModelSpec; batchSize: number }> = {
  vqvae: {
    spec: { kind: 'vqvae', network: 'conv', likelihood: { kind: 'bernoulli' }, latentDim: 2, hiddenUnits: 512, codebookSize: 64, codeDim: 16, seed: 1 },
    batchSize: 64,
  },
  vae: {
    spec: { kind: 'vae', network: 'conv', likelihood: { kind: 'bernoulli' }, latentDim: 2, hiddenUnits: 512, codebookSize: 64, codeDim: 16, seed: 1 },
    batchSize: 128,
  },
};

/** The lab's defaults: Adam 1e-3, β = 1 constant, β_c = 0.25, dead-code restarts on, no corruption. */
export function trainingSettingsFor(model: ConvBenchModel): TrainingSettings {
  return {
    learningRate: 1e-3,
    batchSize: CONV_BENCH_MODELS[model].batchSize,
    beta: 1,
    betaSchedule: { kind: 'constant' },
    lossPreset: 'both',
    commitmentWeight: 0.25,
    corruption: { noiseStd: 0.5, blur: false, maskRatio: 0.5, patchSize: 4 },
    restartDeadCodes: true,
  };
}
