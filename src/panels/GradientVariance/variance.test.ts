import { describe, expect, it } from 'vitest';
import { formatRatio, parameterLabel, ratioSummary } from './variance';

describe('gradient variance helpers', () => {
  it('labels parameters from 1 with subscripts', () => {
    expect(parameterLabel('mu[0]')).toBe('∂/∂μ₁');
    expect(parameterLabel('logVar[11]')).toBe('∂/∂log σ₁₂²');
  });

  it('summarises ratios by their median (odd and even counts) and range, ignoring non-finite ones', () => {
    expect(ratioSummary([30, 10, 20])).toEqual({ median: 20, min: 10, max: 30 });
    expect(ratioSummary([4, 1, Infinity, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4 });
    expect(ratioSummary([Number.NaN])).toBeNull();
  });

  it('formats ratios to three significant figures', () => {
    expect(formatRatio(1243.7)).toBe('1,240×');
    expect(formatRatio(2.3456)).toBe('2.35×');
  });
});
