/**
 * The run's current point on the rate–distortion plane (Alemi et al. 2018), on a fixed subset of the test set
 * so a trail appears within seconds: rate R = KL(q ‖ p(z)), distortion D = −E_q log p(x|z), nats per image.
 * The full test set is evaluated once per epoch as before; the page draws those as separate markers.
 */
import { measureVae } from '../../ml/training/vaeMeasures';
import { termWeights } from '../../ml/training/trainer';
import { vaeOnly, withFrozenModel } from './digit';
import type { ViewModule } from './types';

/** Test images per point: the first 1,000 (enough for about ±1 nat of distortion; ~60 ms on wasm). */
export const RATE_DISTORTION_IMAGES = 1000;

export const rateDistortionView: ViewModule<'rateDistortion'> = {
  kind: 'rateDistortion',
  intervalMs: 1500,
  notApplicable: vaeOnly,
  async compute(context) {
    const { run, data } = context;
    const count = Math.min(RATE_DISTORTION_IMAGES, data.test.count);
    const weights = termWeights(run.model.termNames, run.config.hyper, run.trainer.step);
    const measures = await withFrozenModel(run, (model) =>
      measureVae(model, data.test.images, count, 'none', { batchSize: Math.max(8, Math.round(context.batchSize / 2)), seed: 7, pace: context.pace, signal: context.signal }),
    );
    const { beta, betaSchedule, lossPreset } = run.config.hyper;
    return {
      payload: {
        rate: measures.kl,
        distortion: measures.rec,
        images: count,
        klWeight: weights[run.model.termNames.indexOf('kl')],
        hyper: { beta, betaSchedule, lossPreset },
        architecture: run.config.architecture,
      },
      transfer: [],
    };
  },
};
