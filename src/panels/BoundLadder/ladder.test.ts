import { describe, expect, it } from 'vitest';
import type { PosteriorPayload } from '../../worker/protocol';
import { ladderRises, ladderRows } from './ladder';

const rung = (k: number, mean: number, standardError: number) => ({ k, mean, standardError, estimates: 16000 / k });

function payload(quadrature: boolean): PosteriorPayload {
  return {
    probeIndex: 3,
    mean: new Float32Array(2),
    logVar: new Float32Array(2),
    quadrature: quadrature
      ? { logPx: -140, logPxError: 1e-4, elbo: -145, expectedLogLikelihood: -141, klToPrior: 4, klToPosterior: 5, quadratureError: 2e-4, converged: true, decoderEvaluations: 1, posteriorMean: [0, 0], posteriorCovariance: [[1, 0], [0, 1]], grid: { xs: new Float32Array(), ys: new Float32Array(), logDensity: new Float32Array() } }
      : null,
    quadratureNote: quadrature ? null : 'latent 8',
    ladder: [rung(1, -145.1, 0.2), rung(10, -142.3, 0.1), rung(100, -141.0, 0.05), rung(1000, -140.4, 0.1)],
    ladderDecoderEvaluations: 16000,
  };
}

describe('ladderRows', () => {
  it('names the rungs ELBO, IWAE-10, IWAE-100, IWAE-1000, then log p(x) from the quadrature', () => {
    const rows = ladderRows(payload(true));
    expect(rows.map((row) => row.name)).toEqual(['ELBO', 'IWAE-10', 'IWAE-100', 'IWAE-1000', 'log p(x)']);
    expect(rows.map((row) => row.value)).toEqual([-145.1, -142.3, -141.0, -140.4, -140]);
    expect(rows[0].how).toBe('16,000 estimates × 1 draw');
    expect(rows[3].how).toBe('16 estimates × 1000 draws');
  });

  it('leaves log p(x) empty beyond a 2-D latent', () => {
    const top = ladderRows(payload(false)).at(-1);
    expect(top).toMatchObject({ name: 'log p(x)', value: null });
  });
});

describe('ladderRises', () => {
  it('accepts dips within the combined errors and rejects larger ones', () => {
    const rows = ladderRows(payload(true));
    expect(ladderRises(rows)).toBe(true);
    rows[2] = { ...rows[2], value: -142.3 - 0.2 };
    expect(ladderRises(rows)).toBe(true);
    rows[2] = { ...rows[2], value: -143.5 };
    expect(ladderRises(rows)).toBe(false);
  });
});
