/**
 * The lecture path's core steps, from an autoencoder's code to the VQ-VAE's codebook. Each sets the lab
 * with the page's own URL settings; edit freely (see src/lessons/types.ts for the fields).
 */
import type { LessonStep } from '../types';

export const COMPRESSION: LessonStep = {
  id: 'compression',
  title: 'Compression: an autoencoder’s code',
  query: 'model=ae',
  weights: 'fresh',
  train: true,
  body: 'An autoencoder squeezes each 784-pixel image through a code of just 2 numbers and tries to rebuild the image from it. Watch the latent space: every test image becomes one point, and images of the same digit end up near each other although nobody told the network the labels.',
  highlight: 'latent',
  question: {
    prompt: 'With only 2 numbers per image, will the reconstructions be sharp copies of the inputs?',
    choices: ['Yes, sharp copies', 'Recognisable but blurry', 'Unrecognisable'],
    answer: 'Recognisable but blurry: 2 numbers cannot hold every stroke, so the decoder draws a typical version of the digit the code points to. Compare the two rows of the Reconstructions panel.',
  },
};

export const HOLES: LessonStep = {
  id: 'holes',
  title: 'The holes in an autoencoder’s latent space',
  query: 'model=ae',
  weights: 'trained',
  train: false,
  body: 'This autoencoder is trained. Its codes form islands with empty sea between them. The Samples panel decodes ten random points z ~ N(0, I): most land in the sea, where the decoder was never trained.',
  highlight: 'samples',
  question: {
    prompt: 'Will decoding random points of the latent space give new, plausible digits?',
    choices: ['Yes', 'Mostly not'],
    answer: 'Mostly not. Nothing in the autoencoder’s loss says where codes should lie, so the space between them is a hole: its decodes are smudges. A VAE adds a prior and a KL term precisely to fill it.',
  },
};

export const DENOISING: LessonStep = {
  id: 'denoising',
  title: 'Denoising: learning what a digit looks like',
  query: 'model=dae&noise=0.5',
  weights: 'fresh',
  train: true,
  body: 'The denoising autoencoder sees each digit with heavy Gaussian noise but is scored on the clean one. Watch the three rows of the Reconstructions panel: corrupted input, clean target, reconstruction. Then raise the noise σ beside Train.',
  highlight: 'reconstructions',
  question: {
    prompt: 'At noise σ = 1, will the reconstructions still be the right digits?',
    answer: 'Often not: when the noise is as strong as the ink, several digits are consistent with the input, and the network draws a blend of them. The task is only learnable while the noise leaves the digit’s shape visible.',
  },
};

export const MASKING: LessonStep = {
  id: 'masking',
  title: 'Masking: filling in what is hidden',
  query: 'model=mae&mask=0.5',
  weights: 'fresh',
  train: true,
  body: 'The masked autoencoder sees half of each image’s 4×4 patches and must draw the hidden ones; it is scored only there. Watch the masked inputs turn into whole digits.',
  highlight: 'reconstructions',
  question: {
    prompt: 'Which is harder for the network: hiding 50% or 90% of the patches?',
    answer: '90%: with a tenth of the image left, many digits fit what is visible, and the filled-in strokes turn vague. It is the same trade as the denoiser’s noise level.',
  },
};

export const REPARAMETERISATION: LessonStep = {
  id: 'reparameterisation',
  title: 'The VAE and the reparameterisation trick',
  query: 'model=vae',
  weights: 'fresh',
  train: true,
  body: 'A VAE encodes each image to a distribution q(z|x) = N(μ, σ²) and decodes a sample z = μ + σ·ε with ε ~ N(0, I). Moving the randomness into ε lets gradients flow through μ and σ. Read step 4 of the ELBO panel, and watch the codes gather inside the prior’s circles.',
  highlight: 'elbo',
  question: {
    prompt: 'Why not sample z directly from N(μ, σ²) and backpropagate?',
    answer: 'Sampling is not a differentiable function of μ and σ. Writing z = μ + σ·ε makes z a smooth function of them with the noise outside, so ordinary backpropagation works — and with far lower variance than score-function estimates.',
  },
};

export const ELBO_GAP: LessonStep = {
  id: 'elbo-gap',
  title: 'The ELBO and its gap',
  query: 'model=vae',
  weights: 'trained',
  train: false,
  body: 'log p(x) = ELBO + KL(q(z|x) ‖ p(z|x)). The ELBO panel shows both sides for one test digit: the ELBO, an importance-sampled log p(x), and the gap between them. Press “Another digit” a few times.',
  highlight: 'elbo',
  question: {
    prompt: 'Can the gap be negative?',
    choices: ['Yes', 'No'],
    answer: 'No: it is a KL divergence, so the ELBO is a lower bound on log p(x). The panel’s gap is itself a lower-bound estimate (both numbers come from the same samples), so it is never negative either.',
  },
};

export const PRESETS: LessonStep = {
  id: 'presets',
  title: 'Reconstruction only, KL only, both',
  query: 'model=vae&preset=reconstruction',
  weights: 'fresh',
  train: true,
  body: 'Three losses, three pictures. This run trains the reconstruction term alone. When it has settled, open Advanced settings, pick “KL only”, press Reset and Train; then “Both”.',
  highlight: 'latent',
  question: {
    prompt: 'Under “KL only”, where will all the codes end up?',
    answer: 'On top of each other at the origin with σ = 1: every q(z|x) equals the prior, so the code says nothing about the image and the KL is zero. Reconstruction only gives spread-out clusters with gaps; both together give a dense, organised cloud.',
  },
};

export const LIKELIHOODS: LessonStep = {
  id: 'likelihoods',
  title: 'Bernoulli against Gaussian likelihoods',
  query: 'model=vae&lik=gaussian&var=0.1',
  weights: 'fresh',
  train: true,
  body: 'The same VAE with a Gaussian likelihood of fixed variance σ² = 0.1: the reconstruction term becomes a scaled squared error. Compare the samples and the numbers with the Bernoulli run, and read the ELBO panel’s note on units.',
  highlight: 'loss',
  question: {
    prompt: 'Is a Gaussian reconstruction term of −97 nats better than a Bernoulli one of 106?',
    answer: 'They cannot be compared: one is a probability mass, the other a density whose size is set by σ² alone. Compare models by bits per dimension of the 8-bit image (the status bar shows it after each epoch).',
  },
};

export const CODEBOOK: LessonStep = {
  id: 'codebook',
  title: 'The VQ-VAE and its codebook',
  query: 'model=vqvae',
  weights: 'fresh',
  train: true,
  body: 'A VQ-VAE snaps each of its 7×7 encoder outputs to the nearest of K codebook vectors. Watch the Codebook panel: how many codes the test digits use, and the perplexity.',
  highlight: 'codebook',
  question: {
    prompt: 'Will every one of the 64 codes be used?',
    answer: 'Not by itself: codes far from every encoder output never win, get no updates and stay dead. EMA codebook updates and restarting dead codes from recent encoder outputs keep the codebook in use — watch the dead-code count.',
  },
};
