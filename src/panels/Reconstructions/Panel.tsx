/**
 * Test digits above what the model makes of them. For the denoising and masked autoencoders, three
 * labelled rows: the corrupted input the encoder saw, the clean target, and the reconstruction.
 */
import { useRef } from 'react';
import { Card } from '../../components/Card';
import { SaveImagesButton } from '../../components/SaveImagesButton';
import { DigitImage } from '../../components/DigitImage';
import { MODEL_FAMILIES } from '../../ml/models/family';
import type { ModelKind } from '../../worker/protocol';
import { MODEL_TEXT } from '../modelText';

export interface ReconstructionsProps {
  model: ModelKind;
  probeImages: Uint8Array | null;
  /** Probe indices of the inputs (DataReadyEvent.reconstructionIndices). */
  indices: number[];
  /** indices.length × 784 inputs the encoder saw (corrupted for DAE / MAE). */
  inputs: Float32Array | null;
  /** MAE: which input pixels were hidden (indices.length × 784, 1 = hidden); null otherwise. */
  hidden: Float32Array | null;
  /** indices.length × 784 probabilities from the latest snapshot. */
  reconstructions: Float32Array | null;
}

interface Row {
  label: string;
  /** Image k of the row, as pixels plus an index into them. */
  image(k: number): { pixels: Uint8Array | Float32Array | null; index: number; hidden?: Float32Array | null };
}

export function ReconstructionsPanel({ model, probeImages, indices, inputs, hidden, reconstructions }: ReconstructionsProps) {
  const rowsRef = useRef<HTMLDivElement>(null);
  const { corruption } = MODEL_FAMILIES[model];
  const target: Row = { label: corruption === 'none' ? 'Input' : 'Clean target', image: (k) => ({ pixels: probeImages, index: indices[k] }) };
  const output: Row = { label: 'Reconstruction', image: (k) => ({ pixels: reconstructions, index: k }) };
  const corrupted: Row = {
    label: corruption === 'mask' ? 'Masked input' : 'Corrupted input',
    image: (k) => ({ pixels: inputs, index: k, hidden }),
  };
  const rows = corruption === 'none' ? [target, output] : [corrupted, target, output];
  return (
    <Card
      id="reconstructions"
      title="Reconstructions"
      subtitle={MODEL_TEXT[model].reconstructionSubtitle}
      testId="reconstructions"
      actions={<SaveImagesButton container={rowsRef} columns={indices.length} title="Reconstructions" />}
    >
      <div ref={rowsRef}>
      {rows.map((row) => (
        <div key={row.label} className="recon-row">
          <h3 className="row-label">{row.label}</h3>
          <ol className="digit-strip recon-pairs" aria-label={row.label}>
            {indices.map((probeIndex, k) => {
              const { pixels, index, hidden: hiddenPixels } = row.image(k);
              return (
                <li key={probeIndex}>
                  <DigitImage pixels={pixels} index={index} hidden={hiddenPixels} size={56} fluid label={`${row.label}: test image #${probeIndex}`} />
                </li>
              );
            })}
          </ol>
        </div>
      ))}
      </div>
      {corruption === 'mask' && (
        <p className="hint mask-legend">
          <span className="mask-swatch" aria-hidden="true" /> Hidden from the encoder (it is told which pixels are hidden, so they are not
          mistaken for black background). The loss scores these pixels only.
        </p>
      )}
    </Card>
  );
}
