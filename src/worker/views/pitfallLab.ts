/**
 * The pitfall lab: the KL curve over σ as the chosen mistake writes it (and where its minimum sits), and, once
 * the pair of runs trains (pitfallPair.ts), what each has become: its correct test terms, the KL its own loss
 * computes, its posterior widths, its codes and what it decodes from the prior.
 */
import { klCurve, klMinimumSigma } from '../../ml/losses/pitfalls';
import { frozenCopy } from '../../ml/models/frozenCopy';
import { standardNormals, mulberry32 } from '../../ml/math/random';
import { decodeToBytes } from '../../ml/training/latentGrid';
import { measureVae } from '../../ml/training/vaeMeasures';
import type { LatentModel } from '../../ml/models/types';
import type { PitfallRunMeasures, VaePitfall } from '../protocol';
import { buffersOf, vaeOnly } from './digit';
import type { ViewContext, ViewModule } from './types';

/** Test images measured per run, and prior samples decoded per run. */
const IMAGES = 1000;
const SAMPLES = 12;
const SIGMAS = Float32Array.from({ length: 120 }, (_, i) => 0.02 + (i * 2.98) / 119);

function curves(pitfall: VaePitfall) {
  const mistaken = pitfall === 'none' ? null : Float32Array.from(klCurve(pitfall, SIGMAS));
  return {
    sigmas: SIGMAS.slice(),
    correct: Float32Array.from(klCurve('none', SIGMAS)),
    mistaken,
    correctMinimum: klMinimumSigma('none'),
    mistakenMinimum: pitfall === 'none' ? null : klMinimumSigma(pitfall),
  };
}

/** One run of the pair measured on its frozen copy, with samples decoded from the draws both runs share. */
async function measure(model: LatentModel, pitfall: VaePitfall, context: ViewContext, count: number, prior: Float32Array): Promise<PitfallRunMeasures> {
  const options = { batchSize: Math.max(8, Math.round(context.batchSize / 2)), seed: 11, pace: context.pace, signal: context.signal };
  const measures = await measureVae(model, context.data.test.images, count, pitfall, options);
  const samples = await decodeToBytes(model, prior, model.embedDim);
  return { rec: measures.rec, kl: measures.kl, negElbo: measures.rec + measures.kl, objectiveKl: measures.objectiveKl, sigma: measures.sigma, x: measures.x, y: measures.y, samples };
}

export const pitfallLabView: ViewModule<'pitfallLab'> = {
  kind: 'pitfallLab',
  intervalMs: 2000,
  notApplicable: vaeOnly,
  stepOf: ({ pitfalls }) => pitfalls?.step ?? -1,
  async compute(context, { pitfall }) {
    const klCurve = curves(pitfall);
    const pair = context.pitfalls;
    const curveBuffers = buffersOf(klCurve.sigmas, klCurve.correct, ...(klCurve.mistaken ? [klCurve.mistaken] : []));
    if (!pair || pair.pitfall !== pitfall) return { payload: { pitfall, klCurve, pair: null }, transfer: curveBuffers };
    const step = pair.step;
    const count = Math.min(IMAGES, context.data.test.count);
    const prior = standardNormals(SAMPLES * pair.correct.model.embedDim, mulberry32(5));
    // Both frozen now: the pair may train between the pieces of this view, and both must be measured at one step.
    const frozen = [frozenCopy(pair.correct.model), frozenCopy(pair.mistaken.model)];
    let measured: PitfallRunMeasures[];
    try {
      measured = [await measure(frozen[0], 'none', context, count, prior), await measure(frozen[1], pair.pitfall, context, count, prior)];
    } finally {
      frozen.forEach((model) => model.dispose());
    }
    const [correct, mistaken] = measured;
    const arrays = [correct, mistaken].flatMap((m) => [m.sigma, m.x, m.y, m.samples]);
    return { payload: { pitfall, klCurve, pair: { step, images: count, sampleCount: SAMPLES, correct, mistaken } }, transfer: [...curveBuffers, ...buffersOf(...arrays)] };
  },
};
