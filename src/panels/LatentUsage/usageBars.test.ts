import { describe, expect, it } from 'vitest';
import { usageBars } from './usageBars';

describe('usageBars', () => {
  it('scales the largest KL to the full height and marks dimensions by their variance against the threshold', () => {
    const bars = usageBars([2, 0.5, 0], [0.5, 0.02, 0.001], 0.01, 300, 100);
    expect(bars.map((bar) => bar.height)).toEqual([100, 25, 0]);
    expect(bars.map((bar) => bar.y)).toEqual([0, 75, 100]);
    expect(bars.map((bar) => bar.active)).toEqual([true, true, false]);
    // Slots of 100 with a 2-unit gap: bar 1 spans 101 … 199.
    expect([bars[1].x, bars[1].width]).toEqual([101, 98]);
  });
});
