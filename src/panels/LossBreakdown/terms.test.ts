import { describe, expect, it } from 'vitest';
import { formatLoss, totalFormula } from './terms';

describe('formatLoss', () => {
  it('keeps every magnitude within six characters, so a card never cuts a number off', () => {
    expect(formatLoss(0.012345)).toBe('0.0123');
    expect(formatLoss(3.14159)).toBe('3.14');
    expect(formatLoss(98.76)).toBe('98.8');
    expect(formatLoss(543.21)).toBe('543.2');
    expect(formatLoss(999.94)).toBe('999.9');
    expect(formatLoss(1584.37)).toBe('1584');
    expect(formatLoss(12_345)).toBe('12345');
    expect(formatLoss(123_456)).toBe('1.2e5');
    expect(formatLoss(5.2e8)).toBe('5.2e8');
    expect(formatLoss(1e9)).toBe('1.0e9');
    expect(formatLoss(0.00031)).toBe('3.1e−4');
    expect(formatLoss(0)).toBe('0');
    for (const value of [1e-7, 0.5, 77.777, -3163.2, -99_999.4, 123456789, 9.99e15]) expect(formatLoss(value).length).toBeLessThanOrEqual(6);
  });

  it('writes a real minus sign, and a dash for missing or non-finite values', () => {
    expect(formatLoss(-812.34)).toBe('−812.3');
    expect(formatLoss(-2.5e5)).toBe('−2.5e5');
    expect(formatLoss(-0.0004)).toBe('−4.0e−4');
    expect(formatLoss(null)).toBe('—');
    expect(formatLoss(Number.NaN)).toBe('—');
    expect(formatLoss(Number.POSITIVE_INFINITY)).toBe('—');
  });
});

describe('totalFormula', () => {
  it('names each model’s objective', () => {
    expect(totalFormula(['rec'])).toBe('rec');
    expect(totalFormula(['rec', 'kl'])).toBe('rec + β·KL');
    expect(totalFormula(['rec', 'codebook', 'commitment'])).toBe('rec + codebook + β_c·commitment');
  });
});
