/**
 * The lesson: the path through the lab, in order. Steps live in ./steps/; an instructor can reorder or add them here.
 * The first PATH_LENGTH steps are the lecture path (about ten); the rest go further into the latent space and the bound.
 */
import { BOUND_STEPS } from './steps/bound';
import { CODEBOOK, COMPRESSION, DENOISING, ELBO_GAP, HOLES, LIKELIHOODS, MASKING, PRESETS, REPARAMETERISATION } from './steps/core';
import { EXPLORE_STEPS } from './steps/explore';
import type { LessonStep } from './types';

export type { LessonStep, PanelId } from './types';

const byId = (steps: readonly LessonStep[], id: string): LessonStep => {
  const step = steps.find((candidate) => candidate.id === id);
  if (!step) throw new Error(`No lesson step ${id}`);
  return step;
};

/** β and the rate–distortion trade-off, from the bound steps (it uses the Rate–distortion panel's ghost trails). */
const BETA_TRADE_OFF = byId(BOUND_STEPS, 'beta-trade-off');

const PATH: readonly LessonStep[] = [COMPRESSION, HOLES, DENOISING, MASKING, REPARAMETERISATION, ELBO_GAP, PRESETS, BETA_TRADE_OFF, LIKELIHOODS, CODEBOOK];

/** Steps after the path, for a second lecture or self-study. */
const FURTHER: readonly LessonStep[] = [...EXPLORE_STEPS, ...BOUND_STEPS.filter((step) => step !== BETA_TRADE_OFF)];

/** How many of LESSON's steps form the lecture path. */
export const PATH_LENGTH = PATH.length;

export const LESSON: readonly LessonStep[] = [...PATH, ...FURTHER];
