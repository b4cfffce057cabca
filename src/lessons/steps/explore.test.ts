import { describe, expect, it } from 'vitest';
import { parseSettings } from '../../state/settings';
import { EXPLORE_STEPS } from './explore';

describe('EXPLORE_STEPS', () => {
  it('set the lab by queries the page reads without a note, and point at the explore cards', () => {
    for (const step of EXPLORE_STEPS) {
      const { settings, notes } = parseSettings(step.query);
      expect(notes, step.id).toEqual([]);
      expect(settings.models[settings.model].latentDim, step.id).toBe(2);
    }
    expect(EXPLORE_STEPS.map((step) => step.highlight)).toEqual(['latent-grid', 'draw-digit']);
    expect(new Set(EXPLORE_STEPS.map((step) => step.id)).size).toBe(EXPLORE_STEPS.length);
  });
});
