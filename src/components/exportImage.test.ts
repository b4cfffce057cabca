import { describe, expect, it } from 'vitest';
import { exportButtonName, exportFileName, sheetLayout } from './exportImage';

describe('sheetLayout', () => {
  it('places ten 28×28 images in 5 columns at 4× with 8 px gaps', () => {
    const layout = sheetLayout(Array.from({ length: 10 }, () => ({ width: 28, height: 28 })), 5, 4, 8);
    // 5 cells of 112 px and 6 gaps of 8 px across; 2 rows of 112 px and 3 gaps down.
    expect(layout.width).toBe(5 * 112 + 6 * 8);
    expect(layout.height).toBe(2 * 112 + 3 * 8);
    expect(layout.cells[6]).toEqual({ x: 8 + 1 * 120, y: 8 + 120, width: 112, height: 112 });
  });
});

describe('exportFileName', () => {
  it('slugs the title and adds the step', () => {
    expect(exportFileName('Latent space', 1200, 'png')).toBe('vae-lab-latent-space-step-1200.png');
    expect(exportFileName('Loss breakdown', null, 'svg')).toBe('vae-lab-loss-breakdown.svg');
  });
});

describe('exportButtonName', () => {
  it('starts with the visible words and names what is saved, keeping acronyms', () => {
    expect(exportButtonName('png', 'Latent grid')).toBe('Save PNG of latent grid');
    expect(exportButtonName('svg', 'IWAE bounds')).toBe('Save SVG of IWAE bounds');
    expect(exportButtonName('png', 'KL curve')).toBe('Save PNG of KL curve');
  });
});
