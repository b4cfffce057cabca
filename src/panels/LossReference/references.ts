/**
 * Reference values for "Is my loss good?", each with where it comes from. This lab's own CLI runs (README,
 * "Command-line training" and "Reference values") and one published log with the same recipe as one of them.
 * Published numbers on binarised MNIST are deliberately absent: they measure another likelihood (see the note).
 */
import type { DatasetName } from '../../worker/protocol';

/** Test −ELBO per epoch (nats per image, whole test set, one ε draw per image) of one recipe. */
export interface ReferenceRun {
  /** Short name for the table. */
  label: string;
  /** Where the numbers come from: the command and date, or the publication. */
  source: string;
  dataset: DatasetName;
  network: 'mlp';
  likelihood: 'bernoulli';
  latentDim: number;
  hiddenUnits: number;
  batchSize: number;
  learningRate: number;
  beta: number;
  /** negElbo[e] is the test −ELBO after epoch e + 1. */
  negElbo: number[];
}

const CLI_DATE = 'run on 2026-12-01';

export const REFERENCE_RUNS: readonly ReferenceRun[] = [
  {
    label: 'This lab (CLI), latent 2, hidden 512',
    source: `npm run train -- --model vae --latent 2 --hidden 512 --epochs 10 --seed 1 (${CLI_DATE})`,
    dataset: 'mnist',
    network: 'mlp',
    likelihood: 'bernoulli',
    latentDim: 2,
    hiddenUnits: 512,
    batchSize: 128,
    learningRate: 1e-3,
    beta: 1,
    negElbo: [167.9, 164.06, 161.95, 160.74, 159.52, 158.79, 158.13, 157.82, 156.92, 156.5],
  },
  {
    label: 'This lab (CLI), latent 20, hidden 512',
    source: `npm run train -- --model vae --latent 20 --hidden 512 --epochs 10 --seed 1 (${CLI_DATE})`,
    dataset: 'mnist',
    network: 'mlp',
    likelihood: 'bernoulli',
    latentDim: 20,
    hiddenUnits: 512,
    batchSize: 128,
    learningRate: 1e-3,
    beta: 1,
    negElbo: [124.2, 114.1, 110.65, 108.79, 107.39, 106.58, 105.78, 105.46, 105.24, 105.12],
  },
  {
    label: 'This lab (CLI), PyTorch-example recipe',
    source: 'npm run train -- --model vae --hidden 400 --latent 20 --epochs 10 --seed 1 (run on 2026-11-21)',
    dataset: 'mnist',
    network: 'mlp',
    likelihood: 'bernoulli',
    latentDim: 20,
    hiddenUnits: 400,
    batchSize: 128,
    learningRate: 1e-3,
    beta: 1,
    negElbo: [127.78, 115.57, 112.15, 110.06, 108.52, 107.62, 106.83, 106.3, 106.27, 105.77],
  },
  {
    label: 'PyTorch examples’ VAE (published log)',
    source: 'the PyTorch examples repository’s vae/main.py (grayscale MNIST, BCE summed over pixels): its published 10-epoch test-loss log',
    dataset: 'mnist',
    network: 'mlp',
    likelihood: 'bernoulli',
    latentDim: 20,
    hiddenUnits: 400,
    batchSize: 128,
    learningRate: 1e-3,
    beta: 1,
    negElbo: [127.3, 115.79, 112.22, 109.64, 108.54, 107.7, 107.07, 106.66, 106.04, 105.56],
  },
  {
    label: 'This lab (CLI), Fashion-MNIST, latent 2',
    source: `npm run train -- --model vae --dataset fashion --latent 2 --hidden 512 --epochs 5 --seed 1 (${CLI_DATE})`,
    dataset: 'fashion',
    network: 'mlp',
    likelihood: 'bernoulli',
    latentDim: 2,
    hiddenUnits: 512,
    batchSize: 128,
    learningRate: 1e-3,
    beta: 1,
    negElbo: [273.13, 269.69, 267.62, 265.91, 265.14],
  },
];

/** The grayscale BCE no decoder can beat: Σ_i H(x_i) over the test images (scripts/bce-floor.ts). */
export const BCE_FLOOR: Readonly<Record<DatasetName, number>> = { mnist: 45.5, fashion: 187.6 };

/** The settings a run is compared on. */
export interface RunSettings {
  dataset: DatasetName;
  network: string;
  likelihood: string;
  latentDim: number;
  hiddenUnits: number;
  batchSize: number;
  learningRate: number;
  beta: number;
}

/** How a reference differs from the user's settings, in words ("latent 20 (yours 2)"); empty when it is the same recipe. */
export function differences(reference: ReferenceRun, settings: RunSettings): string[] {
  const out: string[] = [];
  const compare = (name: string, theirs: string | number, yours: string | number) => {
    if (theirs !== yours) out.push(`${name} ${theirs} (yours ${yours})`);
  };
  compare('dataset', reference.dataset, settings.dataset);
  compare('network', reference.network, settings.network);
  compare('likelihood', reference.likelihood, settings.likelihood);
  compare('latent', reference.latentDim, settings.latentDim);
  compare('hidden', reference.hiddenUnits, settings.hiddenUnits);
  compare('batch', reference.batchSize, settings.batchSize);
  compare('learning rate', reference.learningRate, settings.learningRate);
  compare('β', reference.beta, settings.beta);
  return out;
}

/** References of the same dataset, the closest recipes (fewest differences) first. */
export function referencesFor(settings: RunSettings): Array<{ run: ReferenceRun; differences: string[] }> {
  return REFERENCE_RUNS.filter((run) => run.dataset === settings.dataset)
    .map((run) => ({ run, differences: differences(run, settings) }))
    .sort((a, b) => a.differences.length - b.differences.length);
}
