/**
 * The KL per latent dimension and the active units (Burda et al. 2015): which dimensions the encoder uses. Raise β
 * and watch bars fall to zero as dimensions switch off (posterior collapse).
 */
import { useRef } from 'react';
import { Card } from '../../components/Card';
import { useOnScreen, useView } from '../../state/useView';
import type { LatentUsagePayload } from '../../worker/protocol';
import { usageBars } from './usageBars';
import './LatentUsage.css';

const NOTHING = {};
const WIDTH = 320;
const HEIGHT = 120;

function Bars({ payload }: { payload: LatentUsagePayload }) {
  const bars = usageBars(payload.kl, payload.variance, payload.threshold, WIDTH, HEIGHT);
  const top = Math.max(...payload.kl);
  const labelled = payload.kl.length <= 32;
  return (
    <figure className="usage-figure">
      <div className="usage-axis" aria-hidden="true">
        <span>{top.toFixed(top >= 10 ? 0 : 1)}</span>
        <span>0</span>
      </div>
      <div>
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" data-testid="latent-usage-bars" aria-label={`KL per dimension for ${payload.kl.length} dimensions, ${payload.activeCount} active`}>
          {bars.map((bar) => (
            <rect key={bar.dim} x={bar.x} y={bar.y} width={bar.width} height={bar.height} className={bar.active ? 'active' : 'inactive'}>
              <title>{`z${bar.dim + 1}: KL ${payload.kl[bar.dim].toFixed(2)} nats, variance of μ over digits ${payload.variance[bar.dim].toFixed(3)}${bar.active ? '' : ' (inactive)'}`}</title>
            </rect>
          ))}
        </svg>
        {labelled && (
          <ol className="usage-labels" aria-hidden="true" style={{ gridTemplateColumns: `repeat(${payload.kl.length}, 1fr)` }}>
            {bars.map((bar) => (
              <li key={bar.dim}>{bar.dim + 1}</li>
            ))}
          </ol>
        )}
      </div>
      <figcaption>
        KL(q(zᵢ|x) ‖ N(0, 1)) averaged over the test images, nats, for each dimension i <span className="usage-key active" /> active <span className="usage-key inactive" /> inactive
      </figcaption>
    </figure>
  );
}

export function LatentUsagePanel() {
  const boxRef = useRef<HTMLDivElement>(null);
  const onScreen = useOnScreen(boxRef);
  const result = useView('latentUsage', NOTHING, onScreen);
  const payload = result?.status === 'ready' ? result.payload : null;
  return (
    <Card id="latent-usage" title="KL per dimension" subtitle="Which latent dimensions the encoder uses, and which the KL has switched off" region testId="latent-usage">
      <div ref={boxRef} className="latent-usage">
        {result?.status === 'notApplicable' ? (
          <p className="hint">{result.reason}</p>
        ) : payload ? (
          <>
            <p className="usage-count">
              Active units:{' '}
              <strong data-testid="active-units" data-value={payload.activeCount}>
                {payload.activeCount} of {payload.kl.length}
              </strong>
            </p>
            <Bars payload={payload} />
            <p className="hint">
              A dimension is active when its mean μᵢ moves with the image: Cov_x(E_q[zᵢ]) {'>'} {payload.threshold} (Burda et al. 2015). An inactive one has
              q(zᵢ|x) ≈ p(zᵢ) for every image, so it costs no KL and carries no information. Raise β and watch bars fall to zero — posterior collapse.
            </p>
          </>
        ) : (
          <p className="hint">The bars appear with the next snapshot.</p>
        )}
      </div>
    </Card>
  );
}
