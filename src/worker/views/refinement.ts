/**
 * The amortisation gap of the selected digit, on demand: q refined by gradient steps on its μ and log σ² alone
 * (decoder and encoder frozen), beside log p(x) — exact at latent 2, else an IWAE estimate with the refined q as
 * proposal — so the gap splits into its amortisation and approximation parts (Cremer et al. 2018).
 */
import { boundLadder, refinePosterior, truePosterior, withVariational } from '../../ml/analysis';
import { budgetOf, buffersOf, quadratureBudget, slowBackend, vaeOnly, withDigitProblem } from './digit';
import type { ViewModule } from './types';

export const refinementView: ViewModule<'refinement'> = {
  kind: 'refinement',
  // On demand: a click (a new request) or another digit computes it; training alone never does.
  intervalMs: Number.POSITIVE_INFINITY,
  notApplicable: vaeOnly,
  compute(context) {
    return withDigitProblem(context, async (problem, probeIndex) => {
      const slow = slowBackend();
      const budget = budgetOf(context);
      const refined = await refinePosterior(problem, { ...budget, steps: 300, freshDraws: slow ? 200 : 1000, seed: 1 });
      let logPx: { value: number; error: number; kind: 'quadrature' | 'iwae' };
      if (problem.dim === 2) {
        const exact = await truePosterior(problem, { ...budget, ...quadratureBudget() });
        logPx = { value: exact.logPx, error: exact.logPxError, kind: 'quadrature' };
      } else {
        const proposal = withVariational(problem, refined.mean, refined.logVar);
        const [rung] = (await boundLadder(proposal, { ...budget, ks: [1000], repeats: slow ? 2 : 5, seed: 2 })).rungs;
        logPx = { value: rung.mean, error: rung.standardError, kind: 'iwae' };
      }
      const payload = {
        probeIndex,
        trajectory: refined.elboTrajectory,
        initialElbo: refined.initialElbo,
        finalElbo: refined.finalElbo,
        finalElboStandardError: refined.finalElboStandardError,
        amortisationGap: refined.amortisationGap,
        amortisationGapStandardError: refined.amortisationGapStandardError,
        acceptedSteps: refined.acceptedSteps,
        logPx: logPx.value,
        logPxKind: logPx.kind,
        logPxError: logPx.error,
        approximationGap: logPx.value - refined.finalElbo,
        encoderMean: problem.mean.slice(),
        encoderLogVar: problem.logVar.slice(),
        refinedMean: refined.mean,
        refinedLogVar: refined.logVar,
      };
      return { payload, transfer: buffersOf(payload.trajectory, payload.encoderMean, payload.encoderLogVar, payload.refinedMean, payload.refinedLogVar) };
    });
  },
};
