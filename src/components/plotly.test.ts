import { describe, expect, it } from 'vitest';
import { scaleFonts } from './plotly';

describe('scaleFonts', () => {
  it('multiplies every nested font size and leaves everything else alone', () => {
    const layout = {
      font: { family: 'x', size: 14, color: '#222' },
      xaxis: { tickfont: { size: 10 }, title: { text: 'step', font: { size: 16 } }, range: [0, 14] },
      legend: { font: { size: 12 } },
      annotations: [{ text: 'A', font: { size: 20, color: '#000' } }, { text: 'B' }],
      height: 14,
    };
    const scaled = scaleFonts(layout, 1.5);
    expect(scaled.font).toEqual({ family: 'x', size: 21, color: '#222' });
    expect(scaled.xaxis.tickfont.size).toBe(15);
    expect(scaled.xaxis.title.font.size).toBe(24);
    expect(scaled.xaxis.range).toEqual([0, 14]);
    expect(scaled.legend.font.size).toBe(18);
    expect(scaled.annotations[0].font).toEqual({ size: 30, color: '#000' });
    expect(scaled.annotations[1]).toEqual({ text: 'B' });
    expect(scaled.height).toBe(14);
    expect(scaleFonts(layout, 1)).toBe(layout);
  });
});
