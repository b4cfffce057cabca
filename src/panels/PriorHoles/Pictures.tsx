/** The prior-holes pictures: q(z)'s densest regions against the prior's circles (2-D), or per-dimension histograms against N(0, 1). */
import type { DimensionHistograms, PlaneContours } from '../../worker/protocol';
import { barsPath, curvePath, segmentsPath } from './svgPaths';

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';
const subscript = (n: number) => String(n).replace(/\d/g, (d) => SUBSCRIPTS[Number(d)]);
/** Two decimals with a true minus sign. */
const signed = (v: number) => v.toFixed(2).replace('-', '−');

/** q(z)'s regions holding 39% and 86% of it (solid) against the prior's 1σ and 2σ circles, which hold the same shares of N(0, I) (dashed). */
export function PlanePicture({ plane, symbol }: { plane: PlaneContours; symbol: string }) {
  const span = plane.span;
  const label = `q(z) against the prior on the latent plane from −${span.toFixed(1)} to ${span.toFixed(1)}: solid outlines hold 39% and 86% of q(z), dashed circles the same shares of N(0, I)`;
  return (
    <figure className="holes-plane">
      <svg viewBox={`${-span} ${-span} ${2 * span} ${2 * span}`} role="img" aria-label={label} data-testid="holes-plane">
        <line x1={-span} x2={span} y1={0} y2={0} className="holes-axis" />
        <line y1={-span} y2={span} x1={0} x2={0} className="holes-axis" />
        {[1, 2].map((r) => (
          <circle key={r} cx={0} cy={0} r={r} className="holes-prior" />
        ))}
        {plane.contours.map((segments, k) => (
          <path key={k} d={segmentsPath(segments.x, segments.y)} className={k === 0 ? 'holes-q inner' : 'holes-q outer'} />
        ))}
      </svg>
      <figcaption>
        <span className="holes-key solid" /> q(z): densest 39% and 86% <span className="holes-key dashed" /> prior N(0, I): 1σ and 2σ circles (39%, 86%) · axes {symbol}₁, {symbol}₂ from −{span.toFixed(1)} to {span.toFixed(1)}
      </figcaption>
    </figure>
  );
}

const CELL_WIDTH = 120;
const CELL_HEIGHT = 56;

/** One small histogram per shown dimension of z (bars: draws from q(z|x) when `sampled`, else the codes) with the N(0, 1) density (line), all on one range. */
export function HistogramPictures({ histograms, mean, variance, sampled }: { histograms: DimensionHistograms; mean: Float32Array; variance: Float32Array; sampled: boolean }) {
  const bins = histograms.prior.length;
  const top = Math.max(0.45, ...histograms.density) * 1.05;
  const prior = curvePath(histograms.edges, histograms.prior, CELL_WIDTH, CELL_HEIGHT, top);
  const [low, high] = [histograms.edges[0], histograms.edges[bins]];
  return (
    <figure className="holes-histograms">
      <ol>
        {histograms.dims.map((dim, k) => {
          const density = histograms.density.subarray(k * bins, (k + 1) * bins);
          const outside = histograms.outside[k];
          return (
            <li key={dim}>
              <svg viewBox={`0 0 ${CELL_WIDTH} ${CELL_HEIGHT}`} role="img" aria-label={`Histogram of z${dim + 1} against N(0, 1)`} data-testid="holes-histogram">
                <path d={barsPath(histograms.edges, density, CELL_WIDTH, CELL_HEIGHT, top)} className="holes-bars" />
                <path d={prior} className="holes-curve" />
              </svg>
              <span>
                z{subscript(dim + 1)}: mean {signed(mean[dim])}, var {variance[dim].toFixed(2)}
                {outside > 0.01 && `, ${Math.round(outside * 100)}% beyond ±${high.toFixed(0)}`}
              </span>
            </li>
          );
        })}
      </ol>
      <figcaption>
        <span className="holes-key bars" /> {sampled ? 'z drawn from q(z|x), one per test image' : 'the test images’ codes z'} <span className="holes-key solid" /> N(0, 1) · each from {signed(low).replace('.00', '')} to {high.toFixed(0)}
      </figcaption>
    </figure>
  );
}
