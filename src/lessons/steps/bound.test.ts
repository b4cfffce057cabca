import { describe, expect, it } from 'vitest';
import { parseSettings } from '../../state/settings';
import { BOUND_STEPS } from './bound';

/** Card ids of the bound and trade-off panels (src/panels/*: the Card ids). */
const PANELS = ['true-posterior', 'bound-ladder', 'amortisation-gap', 'why-reparameterise', 'rate-distortion', 'pitfall-lab', 'loss-reference'];

describe('BOUND_STEPS', () => {
  it('have unique ids, point at the bound and trade-off panels, and ask a question with an answer', () => {
    expect(new Set(BOUND_STEPS.map((step) => step.id)).size).toBe(BOUND_STEPS.length);
    for (const step of BOUND_STEPS) {
      expect(PANELS).toContain(step.highlight);
      expect(step.question.answer.length).toBeGreaterThan(40);
    }
    // The three the issue asks for: the gap, β as a trade-off, the pitfalls.
    expect(BOUND_STEPS.map((step) => step.highlight)).toEqual(expect.arrayContaining(['true-posterior', 'amortisation-gap', 'rate-distortion', 'pitfall-lab']));
  });

  it('write their state as queries the page reads without a note', () => {
    for (const step of BOUND_STEPS) {
      const { settings, notes } = parseSettings(`?${step.query}`);
      expect(notes, step.id).toEqual([]);
      expect(settings.model).toBe('vae');
    }
  });
});
