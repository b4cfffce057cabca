import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createModel } from '../models/createModel';
import { MODEL_KINDS } from '../models/family';
import { testSpec } from '../models/testing';
import type { ModelSpec } from '../models/types';
import { weightLayout } from './layout';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const specs: ModelSpec[] = [
  ...MODEL_KINDS.filter((kind) => kind !== 'vqvae').flatMap((kind) =>
    (['mlp', 'conv'] as const).flatMap((network) => [testSpec({ kind, network }), testSpec({ kind, network, latentDim: 5, hiddenUnits: 7 })]),
  ),
  testSpec({ kind: 'vqvae', network: 'conv', codebookUpdate: 'ema', codebookSize: 5, codeDim: 3 }),
  testSpec({ kind: 'vqvae', network: 'conv', codebookUpdate: 'gradient' }),
  testSpec({ kind: 'vqvae', network: 'conv' }),
];

describe('weightLayout (from the spec alone) agrees with the models built from it', () => {
  it.each(specs.map((spec) => [`${spec.kind} ${spec.network} latent ${spec.latentDim} hidden ${spec.hiddenUnits} ${spec.codebookUpdate ?? ''}`, spec]))(
    '%s: names, shapes, order and which weights Adam trains',
    (_, spec) => {
      const model = createModel(spec as ModelSpec);
      const built = model.namedWeights().map(({ name, variable }) => ({ name, shape: variable.shape, trainable: variable.trainable }));
      expect(weightLayout(spec as ModelSpec)).toEqual(built);
      model.dispose();
    },
  );
});
