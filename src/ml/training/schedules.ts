/**
 * The KL weight β over training steps (constant, linear warm-up, cyclical annealing) and the loss presets
 * that weight reconstruction against KL. Plain numbers only: no tfjs.
 */

/** How β moves with the training step. */
export type BetaSchedule =
  | { kind: 'constant' }
  | { kind: 'warmup'; steps: number }
  | { kind: 'cyclical'; period: number; rampFraction: number };

function requireAtLeastOne(value: number, name: string): void {
  if (!Number.isFinite(value) || value < 1) throw new Error(`${name} must be a finite number ≥ 1, got ${value}`);
}

function requireNonNegative(value: number, name: string): void {
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a finite number ≥ 0, got ${value}`);
}

/** Throws a clear Error when a schedule's parameters are out of range. */
export function validateSchedule(schedule: BetaSchedule): void {
  switch (schedule.kind) {
    case 'constant':
      return;
    case 'warmup':
      requireAtLeastOne(schedule.steps, 'warm-up steps');
      return;
    case 'cyclical': {
      requireAtLeastOne(schedule.period, 'cyclical period');
      const { rampFraction } = schedule;
      if (!(rampFraction > 0 && rampFraction <= 1)) {
        throw new Error(`cyclical ramp fraction must lie in (0, 1], got ${rampFraction}`);
      }
      return;
    }
    default: {
      const unknown: never = schedule;
      throw new Error(`unknown β schedule ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * β at a training step. constant: betaMax. warmup: betaMax · min(step / steps, 1). cyclical (Fu et al.
 * 2019): within each period, a linear ramp from 0 to betaMax over the first rampFraction, then betaMax.
 */
export function betaAt(schedule: BetaSchedule, betaMax: number, step: number): number {
  validateSchedule(schedule);
  requireNonNegative(betaMax, 'betaMax');
  requireNonNegative(step, 'step');
  switch (schedule.kind) {
    case 'constant':
      return betaMax;
    case 'warmup':
      return betaMax * Math.min(step / schedule.steps, 1);
    case 'cyclical': {
      const phase = (step % schedule.period) / schedule.period;
      return betaMax * Math.min(phase / schedule.rampFraction, 1);
    }
  }
}

/**
 * The weight of the KL term from `fromStep` to `toStep` as the corners of a piecewise-linear curve,
 * exact at every whole step: joining the knots with straight lines gives the weight the trainer uses,
 * loss preset included (0 under "reconstruction only", 1 under "KL only"). A cyclical drop back to 0
 * is two knots at the same step. For drawing β(t) ahead of the loss curves.
 */
export function klWeightKnots(
  schedule: BetaSchedule,
  betaMax: number,
  preset: LossPreset,
  fromStep: number,
  toStep: number,
): { steps: number[]; weights: number[] } {
  validateSchedule(schedule);
  requireNonNegative(fromStep, 'fromStep');
  if (!(toStep >= fromStep) || !Number.isFinite(toStep)) throw new Error(`toStep (${toStep}) must be finite and ≥ fromStep (${fromStep})`);
  const weight = (step: number) => presetWeights(preset, betaAt(schedule, betaMax, step)).kl;
  const corners = new Set<number>([fromStep, toStep]);
  if (preset === 'both' && schedule.kind === 'warmup' && schedule.steps > fromStep && schedule.steps < toStep) corners.add(schedule.steps);
  const steps: number[] = [];
  const weights: number[] = [];
  const push = (step: number, value: number) => {
    steps.push(step);
    weights.push(value);
  };
  if (preset !== 'both' || schedule.kind !== 'cyclical') {
    for (const step of [...corners].sort((a, b) => a - b)) push(step, weight(step));
    return { steps, weights };
  }
  const { period, rampFraction } = schedule;
  const rampEnd = rampFraction * period;
  push(fromStep, weight(fromStep));
  for (let start = Math.floor(fromStep / period) * period; start <= toStep; start += period) {
    if (start > fromStep) {
      push(start, betaMax);
      push(start, 0);
    }
    if (start + rampEnd > fromStep && start + rampEnd < toStep) push(start + rampEnd, betaMax);
  }
  if (steps.at(-1) !== toStep) push(toStep, weight(toStep));
  return { steps, weights };
}

/** Which loss terms train the model; each reproduces one of the classic latent-space pictures. */
export type LossPreset = 'both' | 'reconstruction' | 'kl';

/**
 * Weights of the reconstruction and KL terms for a preset.
 * both: rec + β·KL, the β-VAE (a filled, roughly Gaussian latent cloud with structure).
 * reconstruction: rec only, a plain AE with sampling noise (tight clusters with gaps between them).
 * kl: KL only, every posterior collapses onto the prior (all points pile up at the origin).
 */
export function presetWeights(preset: LossPreset, beta: number): { rec: number; kl: number } {
  switch (preset) {
    case 'both':
      requireNonNegative(beta, 'β');
      return { rec: 1, kl: beta };
    case 'reconstruction':
      return { rec: 1, kl: 0 };
    case 'kl':
      return { rec: 0, kl: 1 };
    default: {
      const unknown: never = preset;
      throw new Error(`unknown loss preset ${String(unknown)}`);
    }
  }
}
