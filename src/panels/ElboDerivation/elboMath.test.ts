import { describe, expect, it } from 'vitest';
import { klPerDimension, klSubstitutionTex } from './elboMath';

describe('klPerDimension', () => {
  it('is zero at μ = 0, σ = 1 and matches hand-worked values elsewhere', () => {
    const [atPrior, shifted, wide] = klPerDimension([0, 1, 0.5], [0, 0, 1]);
    expect(atPrior).toBe(0);
    expect(shifted).toBeCloseTo(0.5, 12);
    expect(wide).toBeCloseTo(0.5 * (0.25 + Math.E - 1 - 1), 12);
  });

  it('grows without bound as σ → 0', () => {
    expect(klPerDimension([0], [-40])[0]).toBeGreaterThan(19);
  });
});

describe('klSubstitutionTex', () => {
  it('writes out two dimensions, mentions the rest and states the total', () => {
    const tex = klSubstitutionTex([1, 0, 0, 0], [0, 0, 0, 0]);
    expect(tex).toContain('\\big(1.00^2 + 1.00 - 0 - 1\\big)');
    expect(tex).toContain('2\\text{ more}');
    expect(tex).toMatch(/= 0\.500\\ \\text\{nats\}$/);
  });

  it('puts a negative μ in parentheses before squaring and writes a small variance and its log without rounding them to 0', () => {
    // μ = −1.3, σ² = 1e-4: ½(1.69 + 0.0001 − ln 1e-4 − 1) = ½(1.69 + 0.0001 + 9.2103 − 1) = 4.9502 nats.
    const tex = klSubstitutionTex([-1.3], [Math.log(1e-4)]);
    expect(tex).toContain('(-1.30)^2');
    expect(tex).toContain('1.00\\times10^{-4}');
    expect(tex).toContain('- (-9.21) - 1');
    expect(tex).not.toMatch(/\\log 0/);
    expect(tex).toMatch(/= 4.95\\ \\text\{nats\}$/);
  });
});
