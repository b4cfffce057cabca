/**
 * Floating-point operations one training image costs in a network of dense layers, counting the matrix
 * products only. A dense layer fanIn → fanOut does fanIn · fanOut multiply-adds per image forward (2 FLOP each).
 * Backward, each layer computes its kernel's gradient (xᵀ·dy: as many multiply-adds again) and, unless its input
 * is data, the gradient of its input (dy·Wᵀ: again as many). So training costs
 *   required     = 2 · Σ MACs (forward) + 2 · Σ MACs (kernel gradients) + 2 · Σ MACs of layers whose input is not data,
 *   conventional = 3 × forward (the usual estimate, which also counts the data layer's unused input gradient).
 * Biases, activations, the loss, sampling and Adam's update are elementwise and left out: for the default VAE
 * they add about 2% (Adam's ~12 FLOP per parameter per batch is most of it).
 */

/** A dense layer: its kernel's fan-in and fan-out, and whether its input is the data (no input gradient needed). */
export interface DenseLayer {
  fanIn: number;
  fanOut: number;
  inputIsData: boolean;
}

/** FLOP per training image: forward, the backward a framework must do, and the conventional 3 × forward. */
export interface TrainingFlops {
  forward: number;
  required: number;
  conventional: number;
}

export function trainingFlopsPerSample(layers: readonly DenseLayer[]): TrainingFlops {
  const macs = layers.reduce((sum, { fanIn, fanOut }) => sum + fanIn * fanOut, 0);
  const inputGradientMacs = layers.reduce((sum, { fanIn, fanOut, inputIsData }) => sum + (inputIsData ? 0 : fanIn * fanOut), 0);
  const forward = 2 * macs;
  return { forward, required: forward + 2 * macs + 2 * inputGradientMacs, conventional: 3 * forward };
}
