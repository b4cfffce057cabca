import * as tf from '@tensorflow/tfjs-core';
import { gaussianKlPerImage } from '../losses/gaussianKl';
import { likelihoodMean, reconstructionNllPerImage } from '../losses/likelihood';
import { gaussianLogDensity, reparameterize } from '../losses/reparameterize';
import type { Projection2D } from '../math/pca';
import { mulberry32, standardNormals } from '../math/random';
import type { CodebookStatistics, LatentModel } from '../models/types';
import { corruptInput, type CorruptionSettings } from './corruption';
import { layoutLatent, onePositionPerImage, type LatentView } from './latentView';

/** Which probe digits the page looks at. */
export interface ProbeSelection {
  elboIndex: number;
  interpolationA: number;
  interpolationB: number;
}

/** One digit's objective terms in nats; the VAE-only fields are null for other models. */
export interface DigitTerms {
  probeIndex: number;
  /**
   * The reconstruction term as the model is trained and tested: −log p(x | x̂) of the clean digit, decoded from what the
   * encoder sees (DAE: the noisy digit; MAE: the masked digit, scored on its hidden pixels; VAE: averaged over fixed draws of ε).
   */
  recNll: number;
  kl: number | null;
  /** E_q[log p(x|z)] − KL with the closed-form KL (the training objective at β = 1). */
  elbo: number | null;
  /** Importance-sampled log p(x): log (1/K) Σ w_k with w = p(x|z) p(z) / q(z|x), z ~ q, K = `samples` fixed draws. */
  logPxEstimate: number | null;
  /** The ELBO from the same K draws, mean_k log w_k: never above logPxEstimate (Jensen), so their gap is never negative. */
  elboSameDraws: number | null;
  samples: number;
  mean: Float32Array | null;
  logVar: Float32Array | null;
}

/** The probe digits' codes as the encoder gave them (before any 2-D projection), for the analysis views. */
export interface ProbeCodes {
  /** probeCount × dim row-major: z (AE), μ (VAE), or the flattened z_e grid (VQ-VAE). */
  values: Float32Array;
  /** VAE: log σ², same layout; null otherwise. */
  logVar: Float32Array | null;
  rows: number;
  dim: number;
  /** The PCA projection the scatter used (null when the codes are 2-D and drawn as they are). */
  projection: Projection2D | null;
}

/** Everything the panels draw from the model at one moment, as plain arrays. */
export interface ProbeViews {
  latent: LatentView;
  /** n × 784 inputs the encoder saw for the reconstruction strip (corrupted for DAE / MAE). */
  reconstructionInputs: Float32Array;
  reconstructions: Float32Array;
  samples: Float32Array;
  interpolationFrames: Float32Array;
  digit: DigitTerms;
  codebook: CodebookStatistics | null;
  /** Not transferred to the page: the worker keeps them for the analysis views. */
  codes: ProbeCodes;
}

export interface ProbeSetOptions {
  /** probeCount × 784 bytes. */
  images: Uint8Array;
  probeCount: number;
  reconstructionIndices: number[];
  sampleCount: number;
  interpolationFrames: number;
  /** Draws of ε for the VAE's ELBO and log p(x) estimates of the selected digit. */
  elboSamples: number;
  seed: number;
}

/**
 * Fixed test digits and fixed noise, kept on the backend, from which every snapshot is drawn. Clean digits are
 * embedded without a mask (an MAE sees them all visible); only the reconstruction strip is corrupted.
 */
export class ProbeSet {
  private readonly probeX: tf.Tensor2D;
  private readonly reconIndices: tf.Tensor1D;
  private readonly uniform: () => number;
  private projection: Projection2D | undefined;
  private readonly elboEpsilon = new Map<number, tf.Tensor2D>();

  constructor(private readonly options: ProbeSetOptions) {
    const { images, probeCount } = options;
    this.probeX = tf.tidy(() => tf.div(tf.tensor2d(images, [probeCount, images.length / probeCount], 'float32'), 255));
    this.reconIndices = tf.tensor1d(options.reconstructionIndices, 'int32');
    this.uniform = mulberry32(options.seed);
  }

  /** Latent layout of all probes, reconstructions, samples, interpolation frames and one digit's terms. */
  async views(model: LatentModel, selection: ProbeSelection, corruption: CorruptionSettings): Promise<ProbeViews> {
    const { interpolationFrames: frames, sampleCount, seed } = this.options;
    const displayMean = (output: tf.Tensor2D) => likelihoodMean(output, model.spec.likelihood);
    const tensors = tf.tidy(() => {
      const { points, logVar } = model.embed(this.probeX);
      const recon = corruptInput(model.spec.kind, tf.gather(this.probeX, this.reconIndices), corruption, seed);
      const path = this.pathBetween(points, selection, tf.linspace(0, 1, frames));
      return {
        points,
        logVar: logVar ?? tf.zeros([0]),
        reconInputs: recon.input,
        reconstructions: displayMean(model.decodeEmbedding(model.embed(recon.input, recon.hidden).points)),
        samples: displayMean(model.sample(sampleCount, seed + 1)),
        path,
        frames: displayMean(model.decodeEmbedding(path)),
        codebook: model.codebook?.() ?? tf.zeros([0, 0]),
        ...this.digitTensors(model, selection.elboIndex, corruption),
      };
    });
    const codebookStatistics = model.codebookStatistics?.(tensors.points) ?? Promise.resolve(null);
    const read = (t: tf.Tensor) => t.data() as Promise<Float32Array>;
    const [points, logVar, reconInputs, reconstructions, samples, path, interpolationFrames, codebook, digitParts, mean, digitLogVar] =
      await Promise.all([tensors.points, tensors.logVar, tensors.reconInputs, tensors.reconstructions, tensors.samples, tensors.path, tensors.frames, tensors.codebook, tensors.digitParts, tensors.mean, tensors.digitLogVar].map(read));
    const codebookShape = tensors.codebook.shape;
    tf.dispose(tensors);
    const isVae = logVar.length > 0;
    const grid = { values: points, rows: this.options.probeCount, dim: model.embedDim };
    const codeDim = model.spec.codeDim;
    const isVq = codebookShape[0] > 0;
    const laid = layoutLatent(
      isVq ? onePositionPerImage(grid, codeDim) : grid,
      isVq ? null : { values: path, rows: frames, dim: model.embedDim },
      isVq ? { values: codebook, rows: codebookShape[0], dim: codeDim } : null,
      isVae ? logVar : null,
      this.projection,
    );
    this.projection = laid.projection;
    const codes: ProbeCodes = { values: points, logVar: isVae ? logVar : null, rows: this.options.probeCount, dim: model.embedDim, projection: laid.projection ?? null };
    return {
      codes,
      latent: laid.view,
      reconstructionInputs: reconInputs,
      reconstructions,
      samples,
      interpolationFrames,
      digit: {
        probeIndex: selection.elboIndex,
        recNll: digitParts[0],
        kl: isVae ? digitParts[1] : null,
        elbo: isVae ? -digitParts[0] - digitParts[1] : null,
        logPxEstimate: isVae ? digitParts[2] : null,
        elboSameDraws: isVae ? digitParts[3] : null,
        samples: isVae ? this.options.elboSamples : 1,
        mean: isVae ? mean : null,
        logVar: isVae ? digitLogVar : null,
      },
      codebook: await codebookStatistics,
    };
  }

  /** Decoded pixel means (784) at t ∈ [0, 1] on the path from A's code to B's. */
  async decodeInterpolation(model: LatentModel, selection: ProbeSelection, t: number): Promise<Float32Array> {
    const image = tf.tidy(() => {
      const { points } = model.embed(tf.gather(this.probeX, [selection.interpolationA, selection.interpolationB]));
      return likelihoodMean(model.decodeEmbedding(this.pathBetween(points, { ...selection, interpolationA: 0, interpolationB: 1 }, tf.tensor1d([t]))), model.spec.likelihood);
    });
    const pixels = (await image.data()) as Float32Array;
    image.dispose();
    return pixels;
  }

  /** Reconstruction (784 pixel means, decoded from the deterministic code; MAE: all pixels visible) of one probe digit. */
  async reconstruct(model: LatentModel, probeIndex: number): Promise<Float32Array> {
    const image = tf.tidy(() => likelihoodMean(model.decodeEmbedding(model.embed(tf.gather(this.probeX, [probeIndex])).points), model.spec.likelihood));
    const pixels = (await image.data()) as Float32Array;
    image.dispose();
    return pixels;
  }

  /** code(t) = (1 − t)·code_A + t·code_B for each t → [frames, embedDim]. */
  private pathBetween(points: tf.Tensor2D, selection: ProbeSelection, ts: tf.Tensor1D): tf.Tensor2D {
    const a = tf.gather(points, [selection.interpolationA]);
    const b = tf.gather(points, [selection.interpolationB]);
    return tf.add(a, tf.mul(tf.reshape(ts, [-1, 1]), tf.sub(b, a)));
  }

  /** Fixed ε draws [elboSamples, dim], made once per latent size so the digit's numbers do not jitter. */
  private epsilonFor(dim: number): tf.Tensor2D {
    let epsilon = this.elboEpsilon.get(dim);
    if (!epsilon) {
      const draws = this.options.elboSamples;
      epsilon = tf.keep(tf.tensor2d(standardNormals(draws * dim, this.uniform), [draws, dim]));
      this.elboEpsilon.set(dim, epsilon);
    }
    return epsilon;
  }

  /**
   * [−E_q log p(x|z), KL, log p̂(x), same-draw ELBO] for a VAE digit plus its μ and log σ²; for the other models
   * [rec, 0, 0, 0] with rec the training term on the digit's corrupted input (seeded like the reconstruction strip).
   */
  private digitTensors(model: LatentModel, probeIndex: number, corruption: CorruptionSettings) {
    const x = tf.gather(this.probeX, [probeIndex]);
    const { points: mean, logVar } = model.embed(x);
    if (!logVar) {
      const batch = { ...corruptInput(model.spec.kind, x, corruption, this.options.seed + probeIndex), target: x };
      const [rec] = model.lossTerms(batch, this.options.seed);
      return { digitParts: tf.concat([tf.reshape(rec, [1]), tf.zeros([3])]), mean, digitLogVar: tf.zeros([0]) };
    }
    const epsilon = this.epsilonFor(model.embedDim);
    const draws = epsilon.shape[0];
    const means = tf.tile(mean, [draws, 1]);
    const logVars = tf.tile(logVar, [draws, 1]);
    const z = reparameterize(means, logVars, epsilon);
    const logLik = tf.neg(reconstructionNllPerImage(model.decodeEmbedding(z), tf.tile(x, [draws, 1]), model.spec.likelihood));
    const logPrior = gaussianLogDensity(z, tf.zerosLike(z), tf.zerosLike(z));
    const logWeights = tf.sub(tf.add(logLik, logPrior), gaussianLogDensity(z, means, logVars));
    const logPx = tf.sub(tf.logSumExp(logWeights), Math.log(draws));
    const digitParts = tf.stack([tf.neg(tf.mean(logLik)), tf.squeeze(gaussianKlPerImage(mean, logVar)), logPx, tf.mean(logWeights)]);
    return { digitParts, mean, digitLogVar: logVar };
  }

  dispose(): void {
    tf.dispose([this.probeX, this.reconIndices, ...this.elboEpsilon.values()]);
    this.elboEpsilon.clear();
  }
}
