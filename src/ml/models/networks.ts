import * as tf from '@tensorflow/tfjs-core';
import { Conv3x3, depthToSpace, Pointwise, spaceToDepth } from './conv';
import { IMAGE_PIXELS, IMAGE_SIDE } from '../data/geometry';
import { Dense } from './dense';
import type { NamedWeight, NetworkKind } from './types';

/** Side and channels of the conv networks' bottleneck grid: 28 → 14 → 7. */
export const GRID_SIDE = 7;
const GRID_CHANNELS = 32;
const GRID_FEATURES = GRID_SIDE * GRID_SIDE * GRID_CHANNELS;

/** The layers networks are built from; each owns [kernel, bias]. */
type Layer = Dense | Pointwise | Conv3x3;

/** A network with its own variables; layer i uses seeds seed + 2i and seed + 2i + 1. */
interface Network<In extends tf.Tensor, Out extends tf.Tensor> {
  /** Caller disposes the output. */
  apply(x: In): Out;
  readonly variables: tf.Variable[];
  /**
   * The same variables in the same order, named by layer type and its index among the network's layers of that
   * type: `dense0/kernel`, `dense0/bias`, `pointwise1/kernel`, `conv0/kernel` … (a Conv3x3 kernel is its
   * [9·inChannels, outChannels] matrix, row (dy·3 + dx)·inChannels + c).
   */
  readonly namedVariables: readonly NamedWeight[];
  /** Its layers in order (nested networks flattened). */
  readonly layers: readonly Layer[];
  /** First seed no layer used: build the next network from it so no two layers share a seed. */
  readonly nextSeed: number;
}
/** [n, inFeatures] → [n, outFeatures]. */
export type FlatNetwork = Network<tf.Tensor2D, tf.Tensor2D>;
/** [n, 784] → [n, 7, 7, codeDim]. */
export type GridEncoder = Network<tf.Tensor2D, tf.Tensor4D>;
/** [n, 7, 7, codeDim] → [n, 784] logits. */
export type GridDecoder = Network<tf.Tensor4D, tf.Tensor2D>;

/** Hands out seed, seed + 2, seed + 4, … (each Dense uses two consecutive seeds). */
function seedSequence(seed: number) {
  let next = seed;
  return {
    take: () => ((next += 2), next - 2),
    get next() {
      return next;
    },
  };
}

/** `dense`, `pointwise` or `conv`: the name a layer's variables carry. */
function layerType(layer: Layer): 'dense' | 'pointwise' | 'conv' {
  if (layer instanceof Conv3x3) return 'conv';
  return layer instanceof Pointwise ? 'pointwise' : 'dense';
}

/** `<type><index>/kernel` and `/bias` for each layer, the index counting layers of the same type. */
function nameLayers(layers: readonly Layer[]): NamedWeight[] {
  const seen = { dense: 0, pointwise: 0, conv: 0 };
  return layers.flatMap((layer) => {
    const type = layerType(layer);
    const [kernel, bias] = layer.variables;
    const prefix = `${type}${seen[type]++}`;
    return [
      { name: `${prefix}/kernel`, variable: kernel },
      { name: `${prefix}/bias`, variable: bias },
    ];
  });
}

function compose<In extends tf.Tensor, Out extends tf.Tensor>(
  parts: Array<Layer | { layers: readonly Layer[] }>,
  nextSeed: number,
  forward: (x: In) => Out,
): Network<In, Out> {
  const layers = parts.flatMap((part) => ('layers' in part ? part.layers : [part]));
  return { apply: (x) => tf.tidy(() => forward(x)), variables: layers.flatMap((layer) => layer.variables), namedVariables: nameLayers(layers), layers, nextSeed };
}

/** A network's named variables with `prefix/` in front of each name. */
export function prefixed(prefix: string, network: { namedVariables: readonly NamedWeight[] }): NamedWeight[] {
  return network.namedVariables.map(({ name, variable }) => ({ name: `${prefix}/${name}`, variable }));
}

const network2d = compose<tf.Tensor2D, tf.Tensor2D>;

/** Rows of `channels` stacked 28×28 planes, [n, channels·784] plane by plane → [n, 28, 28, channels]. */
function toImages(x: tf.Tensor2D, channels: number): tf.Tensor4D {
  const n = x.shape[0];
  if (channels === 1) return tf.reshape<tf.Rank.R4>(x, [n, IMAGE_SIDE, IMAGE_SIDE, 1]);
  return tf.transpose(tf.reshape<tf.Rank.R4>(x, [n, channels, IMAGE_SIDE, IMAGE_SIDE]), [0, 2, 3, 1]);
}

/**
 * Conv trunk: [n, channels·784] → space-to-depth(2) → 1×1 → 16 → 3×3 16 → space-to-depth(2) → 1×1 → 32 →
 * [n, 7, 7, 32] (narrow: a step must stay fast on wasm). Input rows hold `channels` 28×28 planes one after another.
 */
function convTrunk(seeds: ReturnType<typeof seedSequence>, channels = 1) {
  const widen = new Pointwise(4 * channels, 16, 'relu', seeds.take());
  const conv = new Conv3x3(16, 16, 'relu', seeds.take());
  const merge = new Pointwise(4 * 16, GRID_CHANNELS, 'relu', seeds.take());
  const apply = (x: tf.Tensor2D): tf.Tensor4D => {
    const half = conv.apply(widen.apply(spaceToDepth(toImages(x, channels), 2)));
    return merge.apply(spaceToDepth(half, 2));
  };
  return { layers: [widen, conv, merge], apply };
}

/** Conv head: [n, 7, 7, 32] → 3×3 32 → 1×1 → 4·16 → depth-to-space → 3×3 16 → 1×1 → 4 → depth-to-space → [n, 784]. */
function convHead(seeds: ReturnType<typeof seedSequence>) {
  const gridConv = new Conv3x3(GRID_CHANNELS, GRID_CHANNELS, 'relu', seeds.take());
  const toHalf = new Pointwise(GRID_CHANNELS, 4 * 16, 'relu', seeds.take());
  const halfConv = new Conv3x3(16, 16, 'relu', seeds.take());
  const toFull = new Pointwise(16, 4, 'linear', seeds.take());
  const apply = (grid: tf.Tensor4D): tf.Tensor2D => {
    const half = halfConv.apply(depthToSpace(toHalf.apply(gridConv.apply(grid)), 2));
    return tf.reshape(depthToSpace(toFull.apply(half), 2), [grid.shape[0], IMAGE_PIXELS]);
  };
  return { layers: [gridConv, toHalf, halfConv, toFull], apply };
}

/**
 * Encoder body without its output layer → [n, outFeatures] with ReLU features (the VAE puts its μ and
 * log σ² heads on it). MLP: channels·784 → hiddenUnits; conv: the conv trunk flattened to 7·7·32.
 * `channels` 28×28 planes per input row (the MAE's second plane is its mask).
 */
export function createEncoderTrunk(network: NetworkKind, hiddenUnits: number, seed: number, channels = 1): FlatNetwork & { outFeatures: number } {
  const seeds = seedSequence(seed);
  if (network === 'mlp') {
    const hidden = new Dense(channels * IMAGE_PIXELS, hiddenUnits, 'relu', seeds.take(), true);
    return { ...network2d([hidden], seeds.next, (x) => hidden.apply(x)), outFeatures: hiddenUnits };
  }
  const trunk = convTrunk(seeds, channels);
  const flat = (x: tf.Tensor2D) => tf.reshape(trunk.apply(x), [x.shape[0], GRID_FEATURES]) as tf.Tensor2D;
  return { ...network2d(trunk.layers, seeds.next, flat), outFeatures: GRID_FEATURES };
}

/**
 * Encoder [n, channels·784] → [n, outFeatures], linear output. MLP: channels·784 → hidden (ReLU) → out;
 * conv: trunk → Dense. Each input row holds `channels` 28×28 planes one after another.
 */
export function createEncoder(network: NetworkKind, hiddenUnits: number, outFeatures: number, seed: number, channels = 1): FlatNetwork {
  const trunk = createEncoderTrunk(network, hiddenUnits, seed, channels);
  const head = new Dense(trunk.outFeatures, outFeatures, 'linear', trunk.nextSeed);
  return network2d([trunk, head], trunk.nextSeed + 2, (x) => head.apply(trunk.apply(x)));
}

/** Decoder [n, inFeatures] → [n, 784] logits. MLP: in → hidden (ReLU) → 784; conv: Dense → 7·7·32 (ReLU) → conv head. */
export function createDecoder(network: NetworkKind, hiddenUnits: number, inFeatures: number, seed: number): FlatNetwork {
  const seeds = seedSequence(seed);
  if (network === 'mlp') {
    const hidden = new Dense(inFeatures, hiddenUnits, 'relu', seeds.take());
    const out = new Dense(hiddenUnits, IMAGE_PIXELS, 'linear', seeds.take());
    return network2d([hidden, out], seeds.next, (z) => out.apply(hidden.apply(z)));
  }
  const expand = new Dense(inFeatures, GRID_FEATURES, 'relu', seeds.take());
  const head = convHead(seeds);
  return network2d([expand, ...head.layers], seeds.next, (z) =>
    head.apply(tf.reshape(expand.apply(z), [z.shape[0], GRID_SIDE, GRID_SIDE, GRID_CHANNELS])),
  );
}

/** VQ-VAE encoder: conv trunk → 1×1 → codeDim (linear), [n, 784] → [n, 7, 7, codeDim]. */
export function createGridEncoder(codeDim: number, seed: number): GridEncoder {
  const seeds = seedSequence(seed);
  const trunk = convTrunk(seeds);
  const project = new Pointwise(GRID_CHANNELS, codeDim, 'linear', seeds.take());
  return compose<tf.Tensor2D, tf.Tensor4D>([...trunk.layers, project], seeds.next, (x) => project.apply(trunk.apply(x)));
}

/** VQ-VAE decoder: 1×1 → 32 (ReLU) → conv head, [n, 7, 7, codeDim] → [n, 784] logits. */
export function createGridDecoder(codeDim: number, seed: number): GridDecoder {
  const seeds = seedSequence(seed);
  const expand = new Pointwise(codeDim, GRID_CHANNELS, 'relu', seeds.take());
  const head = convHead(seeds);
  return compose<tf.Tensor4D, tf.Tensor2D>([expand, ...head.layers], seeds.next, (grid) => head.apply(expand.apply(grid)));
}
