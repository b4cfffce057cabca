/** The lesson: the path through the lab, in order. Steps live in ./steps/; an instructor can reorder or add them here. */
import { BETA, CODEBOOK, COMPRESSION, DENOISING, ELBO_GAP, HOLES, LIKELIHOODS, MASKING, PRESETS, REPARAMETERISATION } from './steps/core';
import type { LessonStep } from './types';

export type { LessonStep, PanelId } from './types';

export const LESSON: readonly LessonStep[] = [COMPRESSION, HOLES, DENOISING, MASKING, REPARAMETERISATION, ELBO_GAP, PRESETS, BETA, LIKELIHOODS, CODEBOOK];
