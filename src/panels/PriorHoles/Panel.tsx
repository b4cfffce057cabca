/**
 * Where the prior's holes are: the aggregate posterior q(z), the average of q(z|x) over the test digits, against the
 * prior N(0, I) — contours on the plane (2-D) or a histogram per dimension — with numbers for how far apart they are.
 */
import { useRef } from 'react';
import { Card } from '../../components/Card';
import { MODEL_FAMILIES } from '../../ml/models/family';
import { useOnScreen, useView } from '../../state/useView';
import type { AggregatePosteriorPayload, ModelKind } from '../../worker/protocol';
import { MODEL_TEXT } from '../modelText';
import { HistogramPictures, PlanePicture } from './Pictures';
import './PriorHoles.css';

export interface PriorHolesProps {
  model: ModelKind;
  /** q(z)'s contours are drawn over the latent scatter. */
  contours: boolean;
  onContours(on: boolean): void;
}

const NOTHING = {};
const format = (v: number) => v.toFixed(2).replace('-', '−');

/** The numbers: KL(q ‖ p) or why it is infinite, the moment-matched Gaussian's KL, and q's mean and spread. */
function Distance({ payload }: { payload: AggregatePosteriorPayload }) {
  const { kl, gaussianKl, mean, variance } = payload;
  const dim = mean.length;
  const meanNorm = Math.sqrt(mean.reduce((sum, m) => sum + m * m, 0));
  const [lowVar, highVar] = [Math.min(...variance), Math.max(...variance)];
  return (
    <dl className="holes-numbers">
      <div>
        <dt>KL(q(z) ‖ p(z))</dt>
        {kl ? (
          <dd data-testid="holes-kl" data-value={kl.nats}>
            {format(kl.nats)} <small>± {kl.standardError.toFixed(2)} nats</small>
          </dd>
        ) : (
          <dd data-testid="holes-kl" data-value={Number.POSITIVE_INFINITY}>
            ∞ <small>the codes are points</small>
          </dd>
        )}
      </div>
      {gaussianKl !== null && (
        <div>
          <dt>{kl ? 'its Gaussian fit’s KL (a lower bound)' : 'the codes’ Gaussian fit’s KL'}</dt>
          <dd data-testid="holes-gaussian-kl" data-value={gaussianKl}>
            {Number.isFinite(gaussianKl) ? format(gaussianKl) : '∞'} <small>nats</small>
          </dd>
        </div>
      )}
      <div>
        <dt>mean of q(z) (prior: 0)</dt>
        <dd>{dim === 2 ? `(${format(mean[0])}, ${format(mean[1])})` : `‖E[z]‖ = ${format(meanNorm)}`}</dd>
      </div>
      <div>
        <dt>variance per dimension (prior: 1)</dt>
        <dd>{dim === 2 ? `${format(variance[0])}, ${format(variance[1])}` : `${format(lowVar)} to ${format(highVar)}`}</dd>
      </div>
    </dl>
  );
}

export function PriorHolesPanel({ model, contours, onContours }: PriorHolesProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const onScreen = useOnScreen(boxRef);
  const result = useView('aggregatePosterior', NOTHING, onScreen);
  const payload = result?.status === 'ready' ? result.payload : null;
  const symbol = MODEL_FAMILIES[model].codeSymbol === 'μ' ? 'z' : MODEL_FAMILIES[model].codeSymbol;
  return (
    <Card id="prior-holes" title="Where the prior’s holes are" subtitle="q(z), the average of q(z|x) over the test images, against the prior N(0, I)" region testId="prior-holes">
      <div ref={boxRef} className="prior-holes">
        {result?.status === 'notApplicable' ? (
          <p className="hint">{result.reason}</p>
        ) : (
          <>
            <p className="hint">{MODEL_TEXT[model].explore.holes}</p>
            {payload ? (
              <>
                <Distance payload={payload} />
                {payload.plane && (
                  <>
                    <label className="toggle">
                      <input type="checkbox" checked={contours} onChange={(event) => onContours(event.target.checked)} />
                      <span>Draw q(z) on the latent scatter</span>
                    </label>
                    <PlanePicture plane={payload.plane} symbol={symbol} />
                  </>
                )}
                {payload.histograms && <HistogramPictures histograms={payload.histograms} mean={payload.mean} variance={payload.variance} sampled={payload.source === 'posterior'} />}
                <p className="hint">
                  {payload.source === 'kernel'
                    ? `An autoencoder’s q(z) is its codes themselves; ${payload.plane ? `drawn smoothed by a Gaussian kernel of width ${payload.bandwidth?.map((h) => h.toFixed(2)).join(' × ')} (Scott’s rule)` : 'the histograms count them directly'}.`
                    : `KL estimated by Monte Carlo from ${payload.kl?.draws ?? 0} draws z ~ q(z), with ln q(z) summed over every test image’s Gaussian.`}
                </p>
              </>
            ) : (
              <p className="hint">q(z) appears with the next snapshot.</p>
            )}
          </>
        )}
      </div>
    </Card>
  );
}
