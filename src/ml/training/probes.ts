import * as tf from '@tensorflow/tfjs';
import { bceWithLogitsPerImage } from '../losses/bce';
import { gaussianKlPerImage } from '../losses/gaussianKl';
import { gaussianLogDensity, reparameterize } from '../losses/reparameterize';
import { fitPca2, project2, type Projection2D } from '../math/pca';
import { mulberry32, standardNormals } from '../math/random';
import type { LatentModel } from '../models/types';

/** Which probe digits the page looks at. */
export interface ProbeSelection {
  elboIndex: number;
  interpolationA: number;
  interpolationB: number;
}

/** ELBO terms of one digit, nats; expectations over fixed draws of ε so the numbers do not jitter. */
export interface DigitElbo {
  probeIndex: number;
  recLogLik: number;
  kl: number;
  elbo: number;
  logPxEstimate: number;
  samples: number;
  mean: Float32Array;
  logVar: Float32Array;
}

/** Everything the panels draw from the model at one moment, as plain arrays. */
export interface ProbeViews {
  latent: {
    projection: 'identity' | 'pca';
    x: Float32Array;
    y: Float32Array;
    explainedVariance: [number, number];
    pathX: Float32Array;
    pathY: Float32Array;
  };
  reconstructions: Float32Array;
  samples: Float32Array;
  interpolationFrames: Float32Array;
  elbo: DigitElbo;
}

export interface ProbeSetOptions {
  /** probeCount × 784 bytes. */
  images: Uint8Array;
  probeCount: number;
  reconstructionIndices: number[];
  latentDim: number;
  sampleCount: number;
  interpolationFrames: number;
  /** Draws of ε for the ELBO and log p(x) estimates of the selected digit. */
  elboSamples: number;
  seed: number;
}

/** Fixed test digits and fixed noise, kept on the backend, from which every snapshot is drawn. */
export class ProbeSet {
  private readonly probeX: tf.Tensor2D;
  private readonly sampleZ: tf.Tensor2D;
  private readonly elboEpsilon: tf.Tensor2D;
  private readonly reconIndices: tf.Tensor1D;
  private projection: Projection2D | undefined;

  constructor(private readonly options: ProbeSetOptions) {
    const { images, probeCount, latentDim, sampleCount, elboSamples, seed } = options;
    const pixels = images.length / probeCount;
    const uniform = mulberry32(seed);
    this.probeX = tf.tidy(() => tf.div(tf.tensor2d(images, [probeCount, pixels], 'float32'), 255));
    this.sampleZ = tf.tensor2d(standardNormals(sampleCount * latentDim, uniform), [sampleCount, latentDim]);
    this.elboEpsilon = tf.tensor2d(standardNormals(elboSamples * latentDim, uniform), [elboSamples, latentDim]);
    this.reconIndices = tf.tensor1d(options.reconstructionIndices, 'int32');
  }

  /** Latent means of all probes, reconstructions, samples, interpolation frames and one digit's ELBO. */
  async views(model: LatentModel, selection: ProbeSelection): Promise<ProbeViews> {
    const frames = this.options.interpolationFrames;
    const tensors = tf.tidy(() => {
      const { mean } = model.encode(this.probeX);
      const reconMeans = tf.gather(mean, this.reconIndices);
      const path = this.pathLatents(mean, selection, tf.linspace(0, 1, frames));
      return {
        means: mean,
        reconstructions: tf.sigmoid(model.decode(reconMeans)),
        samples: tf.sigmoid(model.decode(this.sampleZ)),
        path,
        interpolationFrames: tf.sigmoid(model.decode(path)),
        ...this.digitElboTensors(model, selection.elboIndex),
      };
    });
    const [means, reconstructions, samples, path, interpolationFrames, elboParts, mean, logVar] = await Promise.all(
      [tensors.means, tensors.reconstructions, tensors.samples, tensors.path, tensors.interpolationFrames, tensors.elboParts, tensors.mean, tensors.logVar].map(
        (t) => t.data() as Promise<Float32Array>,
      ),
    );
    tf.dispose(tensors);
    const [recLogLik, kl, logPxEstimate] = elboParts;
    return {
      latent: this.latentView(means, path, frames),
      reconstructions,
      samples,
      interpolationFrames,
      elbo: {
        probeIndex: selection.elboIndex,
        recLogLik,
        kl,
        elbo: recLogLik - kl,
        logPxEstimate,
        samples: this.options.elboSamples,
        mean,
        logVar,
      },
    };
  }

  /** Decoded probabilities (784) at t ∈ [0, 1] on the path from μ(A) to μ(B). */
  async decodeInterpolation(model: LatentModel, selection: ProbeSelection, t: number): Promise<Float32Array> {
    const image = tf.tidy(() => {
      const { mean } = model.encode(tf.gather(this.probeX, [selection.interpolationA, selection.interpolationB]));
      return tf.sigmoid(model.decode(this.pathLatents(mean, { ...selection, interpolationA: 0, interpolationB: 1 }, tf.tensor1d([t]))));
    });
    const pixels = (await image.data()) as Float32Array;
    image.dispose();
    return pixels;
  }

  /** Reconstruction (784 probabilities, decoded from μ) of one probe digit. */
  async reconstruct(model: LatentModel, probeIndex: number): Promise<Float32Array> {
    const image = tf.tidy(() => tf.sigmoid(model.decode(model.encode(tf.gather(this.probeX, [probeIndex])).mean)));
    const pixels = (await image.data()) as Float32Array;
    image.dispose();
    return pixels;
  }

  /** z(t) = (1 − t)·μ_A + t·μ_B for each t → [frames, latentDim]. */
  private pathLatents(means: tf.Tensor2D, selection: ProbeSelection, ts: tf.Tensor1D): tf.Tensor2D {
    const a = tf.gather(means, [selection.interpolationA]);
    const b = tf.gather(means, [selection.interpolationB]);
    return tf.add(a, tf.mul(tf.reshape(ts, [-1, 1]), tf.sub(b, a)));
  }

  /** [E_q log p(x|z), KL, log p̂(x)] for one digit plus its μ and log σ². */
  private digitElboTensors(model: LatentModel, probeIndex: number) {
    const x = tf.gather(this.probeX, [probeIndex]);
    const { mean, logVar } = model.encode(x);
    const draws = this.elboEpsilon.shape[0];
    const z = reparameterize(tf.tile(mean, [draws, 1]), tf.tile(logVar, [draws, 1]), this.elboEpsilon);
    const logLik = tf.neg(bceWithLogitsPerImage(model.decode(z), tf.tile(x, [draws, 1])));
    const logPrior = gaussianLogDensity(z, tf.zerosLike(z), tf.zerosLike(z));
    const logPosterior = gaussianLogDensity(z, tf.tile(mean, [draws, 1]), tf.tile(logVar, [draws, 1]));
    const logWeights = tf.sub(tf.add(logLik, logPrior), logPosterior);
    const logPx = tf.sub(tf.logSumExp(logWeights), Math.log(draws));
    const elboParts = tf.stack([tf.mean(logLik), tf.squeeze(gaussianKlPerImage(mean, logVar)), logPx]);
    return { elboParts, mean, logVar };
  }

  /** 2-D coordinates of the means (PCA when latentDim > 2) and of the interpolation path. */
  private latentView(means: Float32Array, path: Float32Array, frames: number): ProbeViews['latent'] {
    const { probeCount, latentDim } = this.options;
    if (latentDim === 2) {
      const column = (values: Float32Array, rows: number, c: number) => Float32Array.from({ length: rows }, (_, r) => values[2 * r + c]);
      return {
        projection: 'identity',
        x: column(means, probeCount, 0),
        y: column(means, probeCount, 1),
        explainedVariance: [1, 1],
        pathX: column(path, frames, 0),
        pathY: column(path, frames, 1),
      };
    }
    this.projection = fitPca2(means, probeCount, latentDim, this.projection);
    const points = project2(means, probeCount, latentDim, this.projection);
    const pathPoints = project2(path, frames, latentDim, this.projection);
    return {
      projection: 'pca',
      x: points.x,
      y: points.y,
      explainedVariance: this.projection.explained,
      pathX: pathPoints.x,
      pathY: pathPoints.y,
    };
  }

  dispose(): void {
    tf.dispose([this.probeX, this.sampleZ, this.elboEpsilon, this.reconIndices]);
  }
}
