/**
 * "Is my loss good?": the test −ELBO beside reference values for the same (or the nearest) settings — this lab's CLI
 * runs and a published log of the same recipe — and why grayscale-BCE numbers are not binarised-MNIST numbers.
 */
import { Card } from '../../components/Card';
import { formatCount } from '../../components/format';
import type { DatasetName, TestEvaluation } from '../../worker/protocol';
import { nats } from '../BoundViews/shared';
import { BCE_FLOOR, referencesFor, type RunSettings } from './references';

export interface LossReferenceProps {
  settings: RunSettings;
  datasetTitle: string;
  /** The active run's whole-test-set evaluations, one per epoch. */
  evaluations: TestEvaluation[];
  /** Epochs trained so far (fractional). */
  epoch: number | null;
  isVae: boolean;
}

export function LossReferencePanel({ settings, datasetTitle, evaluations, epoch, isVae }: LossReferenceProps) {
  const latest = evaluations.filter((evaluation) => evaluation.negElboNats !== null).at(-1) ?? null;
  const references = referencesFor(settings);
  const shownEpochs = latest ? [latest.epoch] : [1, 3, 10];
  const dataset: DatasetName = settings.dataset;
  return (
    <Card id="loss-reference" title="Is my loss good?" subtitle="Your test −ELBO beside reference values and where they come from" region testId="loss-reference">
      <div className="view-body">
        {!isVae ? (
          <p className="hint">The reference values are for a VAE’s test −ELBO; switch the model to VAE / β-VAE to compare.</p>
        ) : (
          <>
            <p className="view-note" data-testid="loss-reference-yours" data-value={latest?.negElboNats ?? undefined}>
              {latest ? (
                <>
                  Your test −ELBO after epoch {latest.epoch}: <strong>{nats(latest.negElboNats, 1)} nats</strong> per {datasetTitle} test image (all 10,000, one
                  draw of ε each); discretised, {latest.bitsPerDim.toFixed(3)} bits per pixel.
                </>
              ) : (
                <>
                  Your test −ELBO appears at the end of the first epoch (after {formatCount(60_000)} training images
                  {epoch !== null ? `; now at epoch ${epoch.toFixed(2)}` : ''}). Meanwhile, compare the loss panel’s training curve with the rows below.
                </>
              )}
            </p>
            {references.length > 0 ? (
              <table className="view-table" aria-label="Reference test −ELBO">
                <thead>
                  <tr>
                    <th scope="col">source and settings</th>
                    {shownEpochs.map((e) => (
                      <th key={e} scope="col">
                        epoch {e}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {references.map(({ run, differences }) => (
                    <tr key={run.source}>
                      <td>
                        <strong>{run.label}</strong>
                        <div className="hint reference-source">{run.source}</div>
                        <div className="hint">{differences.length === 0 ? 'the same settings as yours' : `differs: ${differences.join(', ')}`}</div>
                      </td>
                      {shownEpochs.map((e) => (
                        <td key={e}>{e <= run.negElbo.length ? nats(run.negElbo[e - 1], 1) : '—'}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="hint">No reference run of {datasetTitle} yet: the lab’s CLI (README, “Command-line training”) makes one in a few minutes.</p>
            )}
            <p className="view-note">
              <strong>Why these are not binarised-MNIST numbers.</strong> The likelihood here is the Bernoulli cross-entropy of grey pixel values:
              x = 0.6 is not a coin flip, so this is not the log-likelihood of the images, and it has a floor. A decoder that outputs every pixel’s
              exact grey level still scores Σ H(xᵢ) = {nats(BCE_FLOOR[dataset], 1)} nats per {datasetTitle} test image. Papers that report
              negative log-likelihoods on binarised MNIST (each pixel drawn as 0 or 1 with probability x, e.g. Burda et al. 2016) score a different,
              proper likelihood of different data: their numbers are much lower and do not compare with ours. The figure that does compare across
              likelihoods is the discretised negative log-likelihood in bits per pixel (above, once an epoch is done).
            </p>
          </>
        )}
      </div>
    </Card>
  );
}
