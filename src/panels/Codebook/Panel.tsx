/** VQ-VAE codebook health: how often each code is chosen, the perplexity, dead and restarted codes. */
import { Card } from '../../components/Card';
import { formatCount } from '../../components/format';
import { VQ_GRID_VECTORS } from '../../state/modelSettings';
import { PROBE_COUNT, type CodebookStatistics } from '../../worker/protocol';
import { usageBars } from './usageBars';
import './Codebook.css';

export interface CodebookProps {
  /** From the latest VQ-VAE snapshot; null before it. */
  codebook: CodebookStatistics | null;
}

const CHART_WIDTH = 320;
const CHART_HEIGHT = 120;

export function CodebookPanel({ codebook }: CodebookProps) {
  const size = codebook?.usage.length ?? 0;
  const inUse = codebook ? size - codebook.deadCodes : null;
  const bars = codebook ? usageBars(codebook.usage, CHART_WIDTH, CHART_HEIGHT) : [];
  return (
    <Card id="codebook" title="Codebook" subtitle={`How often each of the K codes is the nearest one for the ${formatCount(PROBE_COUNT * VQ_GRID_VECTORS)} encoder vectors of ${formatCount(PROBE_COUNT)} test images, at this step`} testId="codebook-panel">
      <dl className="codebook-stats">
        <div>
          <dt>Perplexity</dt>
          <dd data-testid="codebook-perplexity" data-value={codebook?.perplexity}>
            {codebook ? codebook.perplexity.toFixed(1) : '—'}
          </dd>
        </div>
        <div>
          <dt>Codes in use</dt>
          <dd data-testid="codebook-in-use" data-value={inUse ?? undefined}>
            {inUse === null ? '—' : `${inUse} / ${size}`}
          </dd>
        </div>
        <div>
          <dt>Dead codes</dt>
          <dd data-testid="codebook-dead" data-value={codebook?.deadCodes}>
            {codebook ? formatCount(codebook.deadCodes) : '—'}
          </dd>
        </div>
        <div>
          <dt>Restarted codes</dt>
          <dd data-testid="codebook-restarted" data-value={codebook?.restartedCodes}>
            {codebook ? formatCount(codebook.restartedCodes) : '—'}
          </dd>
        </div>
      </dl>
      <svg
        className="usage-chart"
        viewBox={`0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`}
        role="img"
        aria-label={codebook ? `Usage of ${size} codes; ${inUse} in use` : 'Code usage appears with the first training step'}
        preserveAspectRatio="none"
      >
        {bars.map((bar) => (
          <rect key={bar.code} x={bar.x} y={bar.y} width={bar.width} height={bar.height} className={bar.dead ? 'dead' : undefined}>
            <title>{`code ${bar.code}: ${(bar.share * 100).toFixed(1)}%`}</title>
          </rect>
        ))}
      </svg>
      <p className="hint">
        A code is dead when none of these vectors picks it; a restart moves a code that no training batch has picked for a while
        onto a recent encoder output. Perplexity = exp(entropy of the usage): the number of equally used codes that would give the same spread. It equals K
        when every code is used equally and 1 when one code takes everything.
      </p>
    </Card>
  );
}
