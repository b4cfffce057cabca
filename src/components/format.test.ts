import { describe, expect, it } from 'vitest';
import { formatCount, formatMegabytes, formatNats, texNumber, texSignificant } from './format';

describe('formatting numbers for the panels', () => {
  it('nats to one decimal, a dash when unknown or not finite', () => {
    expect(formatNats(103.26)).toBe('103.3');
    expect(formatNats(-0.04)).toBe('-0.0');
    expect(formatNats(null)).toBe('—');
    expect(formatNats(Number.NaN)).toBe('—');
    expect(formatNats(Number.POSITIVE_INFINITY)).toBe('—');
  });

  it('counts with thousands separators, rounded', () => {
    expect(formatCount(1234567.6)).toBe('1,234,568');
    expect(formatCount(0)).toBe('0');
    expect(formatMegabytes(11_200_000)).toBe('11.2');
  });

  it('TeX groups keep the sign of an infinity', () => {
    expect(texNumber(-1.304)).toBe('{-1.30}');
    expect(texNumber(Number.NEGATIVE_INFINITY)).toBe('{-\\infty}');
    expect(texNumber(Number.POSITIVE_INFINITY)).toBe('{\\infty}');
  });

  it('significant figures, with powers of ten outside 10⁻³ … 10⁶ and rounding carried into the exponent', () => {
    expect(texSignificant(1.3)).toBe('1.30');
    expect(texSignificant(0.01)).toBe('0.0100');
    expect(texSignificant(-9.2134)).toBe('-9.21');
    expect(texSignificant(3.2e-5)).toBe('3.20\\times10^{-5}');
    expect(texSignificant(1_234_567)).toBe('1.23\\times10^{6}');
    expect(texSignificant(9.999)).toBe('10.0');
    expect(texSignificant(0.00099999)).toBe('0.00100');
    expect(texSignificant(999_999)).toBe('1.00\\times10^{6}');
    expect(texSignificant(0)).toBe('0');
    expect(texSignificant(Number.NaN)).toBe('\\text{NaN}');
  });
});
