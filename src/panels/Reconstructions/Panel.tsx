/** Test digits above what the VAE makes of them (decoded from μ): how much the code keeps. */
import { Card } from '../../components/Card';
import { DigitImage } from '../../components/DigitImage';

export interface ReconstructionsProps {
  probeImages: Uint8Array | null;
  /** Probe indices of the inputs (DataReadyEvent.reconstructionIndices). */
  indices: number[];
  /** indices.length × 784 probabilities from the latest snapshot. */
  reconstructions: Float32Array | null;
}

export function ReconstructionsPanel({ probeImages, indices, reconstructions }: ReconstructionsProps) {
  return (
    <Card id="reconstructions" title="Reconstructions" subtitle="Top: a test digit. Below it: decoded from its code μ(x)." testId="reconstructions">
      <ol className="digit-strip recon-pairs">
        {indices.map((probeIndex, k) => (
          <li key={probeIndex} className="recon-pair">
            <DigitImage pixels={probeImages} index={probeIndex} size={56} fluid label={`Input: test digit #${probeIndex}`} />
            <DigitImage pixels={reconstructions} index={k} size={56} fluid label={`Reconstruction of test digit #${probeIndex}`} />
          </li>
        ))}
      </ol>
    </Card>
  );
}
