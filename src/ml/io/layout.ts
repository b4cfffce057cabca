/**
 * The names and shapes of a model's weights from its spec alone, without building it (no tfjs): what a file
 * must hold for that spec. Mirrors networks.ts and the model classes; layout.test.ts checks it against
 * `namedWeights()` of real models for every family and network.
 */
import { IMAGE_PIXELS } from '../data/geometry';
import { DEFAULT_CODEBOOK_UPDATE, type ModelSpec } from '../models/types';

/** One weight a spec needs; `trainable`: Adam keeps moments for it. */
export interface WeightSlot {
  name: string;
  shape: number[];
  trainable: boolean;
}

/** Bottleneck of the conv networks: 7 × 7 × 32 (networks.ts). */
const GRID_CHANNELS = 32;
const GRID_FEATURES = 7 * 7 * GRID_CHANNELS;

/** Layers in order: type, fan-in (a conv's 9 · in channels), fan-out. */
type LayerList = Array<['dense' | 'pointwise' | 'conv', number, number]>;

/** Names layers `<type><index>` per type, as networks.ts does, each with kernel [fanIn, fanOut] and bias [fanOut]. */
function layers(prefix: string, list: LayerList): WeightSlot[] {
  const seen = { dense: 0, pointwise: 0, conv: 0 };
  return list.flatMap(([type, fanIn, fanOut]) => {
    const name = `${prefix}/${type}${seen[type]++}`;
    return [
      { name: `${name}/kernel`, shape: [fanIn, fanOut], trainable: true },
      { name: `${name}/bias`, shape: [fanOut], trainable: true },
    ];
  });
}

/** Conv trunk on `planes` input planes: space-to-depth → 1×1 → 16 → 3×3 → space-to-depth → 1×1 → 32. */
const convTrunk = (planes: number): LayerList => [
  ['pointwise', 4 * planes, 16],
  ['conv', 9 * 16, 16],
  ['pointwise', 4 * 16, GRID_CHANNELS],
];
/** Conv head from the 7 × 7 × 32 grid to 784 logits. */
const convHead: LayerList = [
  ['conv', 9 * GRID_CHANNELS, GRID_CHANNELS],
  ['pointwise', GRID_CHANNELS, 4 * 16],
  ['conv', 9 * 16, 16],
  ['pointwise', 16, 4],
];

/** Encoder trunk layers and their output width. */
function trunk(spec: ModelSpec, planes: number): { list: LayerList; features: number } {
  if (spec.network === 'mlp') return { list: [['dense', planes * IMAGE_PIXELS, spec.hiddenUnits]], features: spec.hiddenUnits };
  return { list: convTrunk(planes), features: GRID_FEATURES };
}

function decoder(spec: ModelSpec): LayerList {
  if (spec.network === 'mlp') return [['dense', spec.latentDim, spec.hiddenUnits], ['dense', spec.hiddenUnits, IMAGE_PIXELS]];
  return [['dense', spec.latentDim, GRID_FEATURES], ...convHead];
}

/** The weights a model of a valid `spec` has, in `namedWeights()` order. */
export function weightLayout(spec: ModelSpec): WeightSlot[] {
  switch (spec.kind) {
    case 'ae':
    case 'dae':
    case 'mae': {
      const { list, features } = trunk(spec, spec.kind === 'mae' ? 2 : 1);
      return [...layers('encoder', [...list, ['dense', features, spec.latentDim]]), ...layers('decoder', decoder(spec))];
    }
    case 'vae': {
      const { list, features } = trunk(spec, 1);
      const head = (name: string) => [
        { name: `${name}/kernel`, shape: [features, spec.latentDim], trainable: true },
        { name: `${name}/bias`, shape: [spec.latentDim], trainable: true },
      ];
      return [...layers('encoder', list), ...head('mean'), ...head('logVar'), ...layers('decoder', decoder(spec))];
    }
    case 'vqvae': {
      const { codebookSize: k, codeDim: d } = spec;
      const ema = (spec.codebookUpdate ?? DEFAULT_CODEBOOK_UPDATE) === 'ema';
      return [
        ...layers('encoder', [...convTrunk(1), ['pointwise', GRID_CHANNELS, d]]),
        { name: 'codebook', shape: [k, d], trainable: !ema },
        ...layers('decoder', [['pointwise', d, GRID_CHANNELS], ...convHead]),
        ...(ema
          ? [
              { name: 'codebook/ema/sizes', shape: [k], trainable: false },
              { name: 'codebook/ema/sums', shape: [k, d], trainable: false },
            ]
          : []),
        { name: 'codebook/usage', shape: [k], trainable: false },
      ];
    }
    default: {
      const unknown: never = spec.kind;
      throw new Error(`unknown model kind '${String(unknown)}'`);
    }
  }
}
