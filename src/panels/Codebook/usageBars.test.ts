import { describe, expect, it } from 'vitest';
import { usageBars } from './usageBars';

describe('usageBars', () => {
  it('sorts codes by use, scales to the most used one, and marks dead codes', () => {
    const bars = usageBars([0.25, 0, 0.5, 0.25], 40, 100);
    expect(bars.map((bar) => bar.code)).toEqual([2, 0, 3, 1]);
    expect(bars[0]).toMatchObject({ x: 0, y: 0, height: 100, dead: false });
    expect(bars[1]).toMatchObject({ x: 10, y: 50, height: 50 });
    expect(bars[3]).toMatchObject({ dead: true, height: 1, y: 99 });
  });

  it('draws nothing for an empty codebook', () => {
    expect(usageBars([], 40, 100)).toEqual([]);
  });
});
