/**
 * Every sentence the panels say about a particular model family, in one table (as the Polo Club
 * explainers keep their prose in one file): views read their row instead of branching on the model.
 * Structure (which terms, which corruption, what a point is) comes from src/ml/models/family.ts.
 */
import type { ModelKind } from '../worker/protocol';

/** The objective of a family without an ELBO, typeset, with why sampling from it fails or needs more. */
export interface ObjectiveText {
  tex: string;
  gloss: string;
  sampling: string;
}

/** What to look at in each view of the "Explore the latent space" section, for one family. */
export interface ExploreText {
  /** Under the decoded latent grid. */
  grid: string;
  /** Under the aggregate posterior against the prior. */
  holes: string;
  /** Under the drawing pad. */
  draw: string;
  /** Under the traversal sliders. */
  traversals: string;
}

export interface ModelText {
  /** One line under the controls: the panel that matters for this model, and what to look for in it. */
  watch: string;
  /** Subtitle of the latent-space card. */
  latentSubtitle: string;
  /** What each point of the scatter is, for `images` ("2,000 test digits"); `projected` when a PCA projection is shown. */
  latentPoints(images: string, projected: boolean): string;
  /** Subtitle of the loss card. */
  lossSubtitle: string;
  /** The sentence under the loss numbers. */
  lossExplain: string;
  interpolationSubtitle: string;
  reconstructionSubtitle: string;
  samplesCaption: string;
  /** For families without an ELBO, what they minimise instead; null for the VAE (the ELBO derivation). */
  objective: ObjectiveText | null;
  explore: ExploreText;
}

const NO_PRIOR_SAMPLING =
  'There is no KL term and no prior: nothing asks the codes to fill any region, so a z drawn from N(0, I) usually lands where the decoder was never trained — decoding it gives garbage. A VAE adds the KL to a prior precisely so that sampling works.';

const NO_PRIOR_SAMPLES = 'has no prior: decoding z ~ N(0, I) gives garbage — that’s why we need a VAE';

const CODE_POINTS = (images: string, projected: boolean) =>
  `Each point is the code z = f(x) of one of ${images}: the clean image, encoded deterministically (one point, no spread)${projected ? '; code size > 2, so a PCA projection of z' : ''}.`;

const LINEAR_PATH = 'Linear path in z-space from z(A) to z(B); the path is drawn on the latent scatter';

/** The explore views for the families without a prior (AE, DAE, MAE). */
const NO_PRIOR_EXPLORE: ExploreText = {
  grid: 'Each image is decoded from one point of the plane the codes span (an autoencoder has no prior to place the grid by). Look at the cells between the clusters: the decoder was never trained there, so they are blurs or non-images — the holes.',
  holes:
    'Nothing pulls an autoencoder’s codes towards N(0, I): they spread far beyond the prior’s circles, in islands with empty space between them. A z drawn from the prior mostly lands in that space — that is why its samples are not images. (Its codes are points, so q(z) is drawn smoothed by a small kernel, and its KL to the prior is infinite.)',
  draw: 'Draw one and watch where its code z lands: next to the cluster of its class when the encoder recognises it, in empty space when it does not. The reconstruction is what the decoder makes of that code.',
  traversals:
    'Each strip moves one code dimension across the codes’ own spread (mean ± 3 sd: an autoencoder has no prior), the others held at the digit’s code. A strip that barely changes is a dimension the decoder ignores; far from the codes, strips turn to blurs.',
};

export const MODEL_TEXT: Readonly<Record<ModelKind, ModelText>> = {
  ae: {
    watch: 'the latent space: tight clusters with empty space between them. Then the samples: decoded from random z in that empty space, they are not digits.',
    latentSubtitle: 'Where the encoder puts 2,000 test images: their codes z = f(x), coloured by class',
    latentPoints: CODE_POINTS,
    lossSubtitle: 'Reconstruction −log p(x | x̂), in nats per image',
    lossExplain: 'The autoencoder minimises the reconstruction term alone: no KL and so no ELBO.',
    interpolationSubtitle: LINEAR_PATH,
    reconstructionSubtitle: 'Top: a test image. Below it: decoded from its code z = f(x).',
    samplesCaption: `Decoded from ten draws z ~ N(0, I): an AE ${NO_PRIOR_SAMPLES}.`,
    objective: {
      tex: String.raw`\min_{f,g}\; \mathbb{E}_x\big[-\log p\big(x \mid g(f(x))\big)\big]`,
      gloss: 'Encode x to a deterministic code z = f(x), decode, and score the reconstruction: no KL, no prior.',
      sampling: NO_PRIOR_SAMPLING,
    },
    explore: NO_PRIOR_EXPLORE,
  },
  dae: {
    watch: 'the reconstructions: a corrupted input goes in, a clean image comes out. Raise the noise σ and watch where it breaks.',
    latentSubtitle: 'Where the encoder puts 2,000 clean test images: their codes z = f(x), coloured by class',
    latentPoints: CODE_POINTS,
    lossSubtitle: 'Reconstruction of the clean image, −log p(x | x̂), in nats per image',
    lossExplain: 'Reconstruction of the clean image from its corrupted input: the only term, no KL and so no ELBO.',
    interpolationSubtitle: LINEAR_PATH,
    reconstructionSubtitle: 'The encoder sees the noisy image; the loss compares the output with the clean one.',
    samplesCaption: `Decoded from ten draws z ~ N(0, I): a denoising AE ${NO_PRIOR_SAMPLES}.`,
    objective: {
      tex: String.raw`\min_{f,g}\; \mathbb{E}_{x,\;\tilde x \sim C(\tilde x\mid x)}\big[-\log p\big(x \mid g(f(\tilde x))\big)\big]`,
      gloss: 'The encoder sees a corrupted x̃ (noise, blur); the target stays the clean x. No KL, no prior.',
      sampling: NO_PRIOR_SAMPLING,
    },
    explore: NO_PRIOR_EXPLORE,
  },
  mae: {
    watch: 'the reconstructions: hidden patches are filled in from the visible ones. Raise the mask ratio and watch the guesses get vaguer.',
    latentSubtitle: 'Where the encoder puts 2,000 test images (unmasked): their codes z = f(x), coloured by class',
    latentPoints: CODE_POINTS,
    lossSubtitle: 'Reconstruction of the hidden pixels, −log p(x_hidden | x̂), in nats per image',
    lossExplain:
      'Reconstruction of the hidden pixels from the visible ones (He et al. 2022): the only term, no KL and so no ELBO. The visible pixels are not scored, so the number is smaller than a full-image loss and grows with the mask ratio.',
    interpolationSubtitle: LINEAR_PATH,
    reconstructionSubtitle: 'The encoder sees the image with patches hidden (blue) and the mask; it must fill in what is hidden.',
    samplesCaption: `Decoded from ten draws z ~ N(0, I): a masked AE ${NO_PRIOR_SAMPLES}.`,
    objective: {
      tex: String.raw`\min_{f,g}\; \mathbb{E}_{x,\;m}\Big[-\sum_{i:\,m_i = 0} \log p\big(x_i \mid g(f(m \odot x,\ m))_i\big)\Big]`,
      gloss:
        'Random patches are hidden (mᵢ = 0); the encoder gets the visible pixels and the mask itself, so a hidden pixel is not mistaken for black background. Only the hidden pixels are scored (He et al. 2022). No KL, no prior.',
      sampling: NO_PRIOR_SAMPLING,
    },
    explore: NO_PRIOR_EXPLORE,
  },
  vae: {
    watch: 'the latent space: the KL term pulls the codes into the prior’s circles. Raise β and watch the clusters merge and the samples blur.',
    latentSubtitle: 'Where the encoder puts 2,000 test images: the mean μ of q(z|x), coloured by class',
    latentPoints: (images, projected) =>
      `Each point is the mean μ(x) of q(z|x) for one of ${images}${projected ? '; latent dimension d > 2, so a PCA projection of μ' : ''}.`,
    lossSubtitle: '−ELBO = reconstruction + β·KL, in nats per image',
    lossExplain: 'Total = rec + β·KL, which is −ELBO exactly when β = 1. The grey dash-dot line (right axis) is β(t), the weight of the KL term.',
    interpolationSubtitle: 'Linear path in z-space from μ(A) to μ(B); the path is drawn on the latent scatter',
    reconstructionSubtitle: 'Top: a test image. Below it: decoded from its code μ(x).',
    samplesCaption: 'Decoded from the same ten draws z ~ N(0, I) at every step: the prior is the generator.',
    objective: null,
    explore: {
      grid: 'Each image is decoded from one point, placed at equal steps of probability under the prior N(0, I), so the grid covers the prior evenly: if the VAE has no holes, every cell is a plausible image and neighbours change smoothly.',
      holes:
        'q(z) averages every test image’s Gaussian q(z|x). The KL term pulls it towards the prior: its densest regions should fill the prior’s 1σ and 2σ circles. Where the prior has mass and q(z) has none, a sample decodes to a blur — try the preset “Reconstruction only” and watch the holes open.',
      draw: 'Draw one and watch where its mean μ lands and what it reconstructs. Its terms are the ELBO’s: an image unlike the training digits costs more reconstruction and more KL. Use it in the ELBO panel to see its bound.',
      traversals:
        'Each strip moves one latent dimension from −3σ to +3σ of the prior, the others held at the digit’s code. Raise β: a dimension whose strip stops changing has collapsed to the prior (its KL bar drops to zero).',
    },
  },
  vqvae: {
    watch: 'the codebook panel: how many of the K codes the encoder really uses, and the diamonds among the encoder outputs on the scatter.',
    latentSubtitle: 'One encoder vector z_e per test image (PCA when D > 2), with the K codebook vectors',
    latentPoints: (_images, projected) =>
      `Each point is one encoder vector z_e (one grid position per image, coloured by the image's class); diamonds are the codebook vectors e_k that z_e snaps to${projected ? '; D > 2, so a PCA projection of z_e and the codebook' : ''}. No path is drawn: the interpolation panel shows the quantized result.`,
    lossSubtitle: 'Reconstruction (nats) + codebook + β_c·commitment (squared distances), per image',
    lossExplain:
      'The codebook term moves only the codebook vectors, the commitment term only the encoder; both are squared distances summed per image, not nats.',
    interpolationSubtitle: 'interpolating z_e; each frame is quantized to the nearest codes — watch it snap',
    reconstructionSubtitle: 'Top: a test image. Below it: decoded from its quantized code grid.',
    samplesCaption: 'Codes drawn independently per position from their empirical frequencies — the paper fits a PixelCNN prior over the code grid instead.',
    objective: {
      tex: String.raw`\mathcal{L} = \underbrace{-\log p(x\mid z_q)}_{\text{reconstruction}} + \underbrace{\lVert \mathrm{sg}[z_e] - e\rVert^2}_{\text{codebook}} + \beta_c\,\underbrace{\lVert z_e - \mathrm{sg}[e]\rVert^2}_{\text{commitment}}`,
      gloss:
        'z_e is the encoder output, e its nearest codebook vector, z_q = e with the gradient copied straight through to z_e. sg[·] stops the gradient: the codebook term moves only the codes, the commitment term only the encoder.',
      sampling:
        'The codes are discrete and there is no KL: the prior over the 7×7 code grid must be learned separately. Here codes are drawn independently from their usage; the paper fits a PixelCNN over the grid.',
    },
    explore: {
      grid: 'A VQ-VAE has no continuous latent plane to decode across.',
      holes: 'A VQ-VAE has no continuous prior to leave holes in.',
      draw: 'Draw one: the encoder turns it into a 7×7 grid of vectors, each snapped to its nearest codebook entry, and the reconstruction is decoded from those codes. That grid is not one point, so it does not appear on the scatter.',
      traversals: 'A VQ-VAE’s code is a grid of discrete codebook vectors: there is no continuous dimension to slide along.',
    },
  },
};
