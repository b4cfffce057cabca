/** Reparameterised against score-function gradient estimators for the selected digit: their means, variances and ratio. */
import { gradientVariance } from '../../ml/analysis';
import { budgetOf, buffersOf, slowBackend, vaeOnly, withDigitProblem } from './digit';
import type { ViewModule } from './types';

export const gradientVarianceView: ViewModule<'gradientVariance'> = {
  kind: 'gradientVariance',
  intervalMs: 5000,
  notApplicable: vaeOnly,
  compute(context) {
    return withDigitProblem(context, async (problem, probeIndex) => {
      const result = await gradientVariance(problem, { ...budgetOf(context), samples: slowBackend() ? 200 : 1000, seed: 1 });
      const { reparameterised, scoreFunction, varianceRatio } = result;
      const payload = { probeIndex, samples: result.samples, parameters: result.parameters, reparameterised, scoreFunction, varianceRatio };
      const arrays = [reparameterised, scoreFunction].flatMap((e) => [e.mean, e.variance, e.standardError]);
      return { payload, transfer: buffersOf(...arrays, varianceRatio) };
    });
  },
};
