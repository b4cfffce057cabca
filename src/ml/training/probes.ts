import * as tf from '@tensorflow/tfjs-core';
import { gaussianKlPerImage } from '../losses/gaussianKl';
import { likelihoodMean, reconstructionNllPerImage } from '../losses/likelihood';
import { gaussianLogDensity, reparameterize } from '../losses/reparameterize';
import type { InterpolationKind } from '../math/interpolation';
import type { Projection2D } from '../math/pca';
import { mulberry32, standardNormals } from '../math/random';
import { interpolationKinds, MODEL_FAMILIES } from '../models/family';
import type { CodebookStatistics, LatentModel } from '../models/types';
import { corruptInput, type CorruptionSettings } from './corruption';
import { layoutLatent, onePositionPerImage, type LatentView } from './latentView';
import { endpointCode, interpolationPath, pathPointAt } from './probePath';

/** What stands in for a selected test digit: the drawn digit the worker keeps, or a latent point the page pinned (length = code size). */
export type ProbeStandIn = { kind: 'drawn' } | { kind: 'point'; z: number[] };

/** Which probe digits the page looks at. */
export interface ProbeSelection {
  elboIndex: number;
  interpolationA: number;
  interpolationB: number;
  /**
   * Stand-ins for the digits above (absent: none): the drawn digit as the ELBO digit, the drawn digit or a pinned latent
   * point as an endpoint. The indices stay, as the test digits each role returns to.
   */
  standIns?: { elbo?: { kind: 'drawn' }; interpolationA?: ProbeStandIn; interpolationB?: ProbeStandIn };
  /** How the interpolation travels from A to B (absent: linear). */
  path?: InterpolationKind;
}

/** One digit's objective terms in nats; the VAE-only fields are null for other models. */
export interface DigitTerms {
  probeIndex: number;
  /** True when the terms are the drawn digit's (it stands in for test digit probeIndex). */
  drawn: boolean;
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
  /** The A→B interpolation path as drawn, in latent coordinates → [points × dim]; empty for a codebook model. */
  path: Float32Array;
}

/** A digit's terms without saying which digit it is. */
export type DigitValues = Omit<DigitTerms, 'probeIndex' | 'drawn'>;

/** One image as the model sees it (the drawn digit). */
export interface ImageView {
  /** Its deterministic code: z, μ, or the flattened z_e grid → [embedDim]. */
  code: Float32Array;
  /** Decoded from the code, pixel means in [0, 1] → [784]. */
  reconstruction: Float32Array;
  terms: DigitValues;
}

/** Everything the panels draw from the model at one moment, as plain arrays. */
export interface ProbeViews {
  latent: LatentView;
  /** n × 784 inputs the encoder saw for the reconstruction strip (corrupted for DAE / MAE). */
  reconstructionInputs: Float32Array;
  /** MAE: n × 784, 1 where the strip's input pixel is hidden from the encoder; null for every other model. */
  reconstructionHidden: Float32Array | null;
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

/** True for a model whose latent is a grid of codebook vectors (no continuous point to pin). */
const isCodebook = (model: LatentModel) => MODEL_FAMILIES[model.spec.kind].latent === 'codebook';

/**
 * Fixed test digits and fixed noise, kept on the backend, from which every snapshot is drawn. Clean digits are
 * embedded without a mask (an MAE sees them all visible); only the reconstruction strip is corrupted. A drawn
 * digit (784 values in [0, 1], or null) can stand in for the ELBO digit or an endpoint.
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
  async views(model: LatentModel, selection: ProbeSelection, corruption: CorruptionSettings, drawing: Float32Array | null = null): Promise<ProbeViews> {
    const { interpolationFrames: frames, sampleCount, seed } = this.options;
    const displayMean = (output: tf.Tensor2D) => likelihoodMean(output, model.spec.likelihood);
    const elboDrawn = selection.standIns?.elbo?.kind === 'drawn' && drawing !== null;
    const tensors = tf.tidy(() => {
      const { points, logVar } = model.embed(this.probeX);
      const recon = corruptInput(model.spec.kind, tf.gather(this.probeX, this.reconIndices), corruption, seed);
      const drawnX = drawing ? tf.tensor2d(drawing, [1, drawing.length]) : null;
      const elboX = elboDrawn && drawnX ? drawnX : tf.gather(this.probeX, [selection.elboIndex]);
      return {
        points,
        logVar: logVar ?? tf.zeros([0]),
        reconInputs: recon.input,
        reconHidden: recon.hidden ?? tf.zeros([0]),
        reconstructions: displayMean(model.decodeEmbedding(model.embed(recon.input, recon.hidden).points)),
        samples: displayMean(model.sample(sampleCount, seed + 1)),
        drawnCode: drawnX ? model.embed(drawnX).points : tf.zeros([0]),
        codebook: model.codebook?.() ?? tf.zeros([0, 0]),
        ...this.digitTensors(model, elboX, elboDrawn ? this.options.probeCount : selection.elboIndex, corruption),
      };
    });
    const codebookStatistics = model.codebookStatistics?.(tensors.points) ?? Promise.resolve(null);
    const read = (t: tf.Tensor) => t.data() as Promise<Float32Array>;
    const [points, logVar, reconInputs, reconHidden, reconstructions, samples, drawnCode, codebook, digitParts, mean, digitLogVar] =
      await Promise.all([tensors.points, tensors.logVar, tensors.reconInputs, tensors.reconHidden, tensors.reconstructions, tensors.samples, tensors.drawnCode, tensors.codebook, tensors.digitParts, tensors.mean, tensors.digitLogVar].map(read));
    const codebookShape = tensors.codebook.shape;
    tf.dispose(tensors);
    const dim = model.embedDim;
    const codebookModel = isCodebook(model);
    const endpoint = (role: 'interpolationA' | 'interpolationB') => endpointCode(role, selection, points, dim, drawnCode.length > 0 ? drawnCode : null, !codebookModel);
    const path = interpolationPath(selection, endpoint('interpolationA'), endpoint('interpolationB'), frames, interpolationKinds(model.spec.kind));
    const interpolationFrames = await this.decodeMeans(model, path.frames, frames);
    const isVae = logVar.length > 0;
    const grid = { values: points, rows: this.options.probeCount, dim };
    const laid = layoutLatent(
      codebookModel ? onePositionPerImage(grid, model.spec.codeDim) : grid,
      codebookModel ? null : { values: path.line, rows: path.line.length / dim, dim },
      codebookModel ? { values: codebook, rows: codebookShape[0], dim: model.spec.codeDim } : null,
      isVae ? logVar : null,
      this.projection,
    );
    this.projection = laid.projection;
    const codes: ProbeCodes = {
      values: points,
      logVar: isVae ? logVar : null,
      rows: this.options.probeCount,
      dim,
      projection: laid.projection ?? null,
      path: codebookModel ? new Float32Array(0) : path.line,
    };
    return {
      codes,
      latent: laid.view,
      reconstructionInputs: reconInputs,
      reconstructionHidden: reconHidden.length > 0 ? reconHidden : null,
      reconstructions,
      samples,
      interpolationFrames,
      digit: { probeIndex: selection.elboIndex, drawn: elboDrawn, ...this.digitValues(isVae, digitParts, mean, digitLogVar) },
      codebook: await codebookStatistics,
    };
  }

  /** Decoded pixel means (784) at t ∈ [0, 1] on the path from A's code to B's. */
  async decodeInterpolation(model: LatentModel, selection: ProbeSelection, t: number, drawing: Float32Array | null = null): Promise<Float32Array> {
    const tensors = tf.tidy(() => {
      const ends = model.embed(tf.gather(this.probeX, [selection.interpolationA, selection.interpolationB])).points;
      return { ends, drawnCode: drawing ? model.embed(tf.tensor2d(drawing, [1, drawing.length])).points : tf.zeros([0]) };
    });
    const [ends, drawnCode] = (await Promise.all([tensors.ends.data(), tensors.drawnCode.data()])) as Float32Array[];
    tf.dispose(tensors);
    const dim = model.embedDim;
    const local = { ...selection, interpolationA: 0, interpolationB: 1 };
    const codebookModel = isCodebook(model);
    const endpoint = (role: 'interpolationA' | 'interpolationB') => endpointCode(role, local, ends, dim, drawnCode.length > 0 ? drawnCode : null, !codebookModel);
    return this.decodeMeans(model, pathPointAt(selection, endpoint('interpolationA'), endpoint('interpolationB'), t, interpolationKinds(model.spec.kind)), 1);
  }

  /** Reconstruction (784 pixel means, decoded from the deterministic code; MAE: all pixels visible) of one probe digit. */
  async reconstruct(model: LatentModel, probeIndex: number): Promise<Float32Array> {
    const image = tf.tidy(() => likelihoodMean(model.decodeEmbedding(model.embed(tf.gather(this.probeX, [probeIndex])).points), model.spec.likelihood));
    const pixels = (await image.data()) as Float32Array;
    image.dispose();
    return pixels;
  }

  /** An image that is not a probe (784 values in [0, 1]) as the model sees it: its code, reconstruction and objective terms. */
  async imageView(model: LatentModel, image: Float32Array, corruption: CorruptionSettings): Promise<ImageView> {
    const tensors = tf.tidy(() => {
      const x = tf.tensor2d(image, [1, image.length]);
      const digit = this.digitTensors(model, x, this.options.probeCount, corruption);
      return { ...digit, reconstruction: likelihoodMean(model.decodeEmbedding(digit.mean), model.spec.likelihood), logVar: digit.digitLogVar };
    });
    const [code, reconstruction, digitParts, logVar] = (await Promise.all([tensors.mean, tensors.reconstruction, tensors.digitParts, tensors.logVar].map((t) => t.data()))) as Float32Array[];
    tf.dispose(tensors);
    return { code, reconstruction, terms: this.digitValues(logVar.length > 0, digitParts, code, logVar) };
  }

  /** Pixel means of the model's decoder at `rows` latent points → [rows × 784]. */
  private async decodeMeans(model: LatentModel, points: Float32Array, rows: number): Promise<Float32Array> {
    const image = tf.tidy(() => likelihoodMean(model.decodeEmbedding(tf.tensor2d(points, [rows, points.length / rows])), model.spec.likelihood));
    const pixels = (await image.data()) as Float32Array;
    image.dispose();
    return pixels;
  }

  /** The terms from digitTensors' parts: the VAE's ELBO pieces, or rec alone. */
  private digitValues(isVae: boolean, parts: Float32Array, mean: Float32Array, logVar: Float32Array): DigitValues {
    return {
      recNll: parts[0],
      kl: isVae ? parts[1] : null,
      elbo: isVae ? -parts[0] - parts[1] : null,
      logPxEstimate: isVae ? parts[2] : null,
      elboSameDraws: isVae ? parts[3] : null,
      samples: isVae ? this.options.elboSamples : 1,
      mean: isVae ? mean : null,
      logVar: isVae ? logVar : null,
    };
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
   * [−E_q log p(x|z), KL, log p̂(x), same-draw ELBO] for a VAE digit x [1, 784] plus its μ and log σ²; for the other models
   * [rec, 0, 0, 0] with rec the training term on the digit's corrupted input (seeded by `noiseIndex`, like the reconstruction strip).
   */
  private digitTensors(model: LatentModel, x: tf.Tensor2D, noiseIndex: number, corruption: CorruptionSettings) {
    const { points: mean, logVar } = model.embed(x);
    if (!logVar) {
      const batch = { ...corruptInput(model.spec.kind, x, corruption, this.options.seed + noiseIndex), target: x };
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
