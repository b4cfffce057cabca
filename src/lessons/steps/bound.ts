/**
 * Lesson steps on the bound and the trade-off: how loose the ELBO is and why (the gap, the ladder, the amortisation
 * gap), what β trades, the classic mistakes, and why the reparameterisation trick. Each step points at one of the
 * bound and trade-off panels (their card ids).
 */
import type { LessonStep } from '../types';

export const BOUND_STEPS: LessonStep[] = [
  {
    id: 'bound-true-posterior',
    title: 'The gap you cannot see in the loss',
    query: 'model=vae&latent=2',
    weights: 'trained',
    train: false,
    body:
      'This VAE is trained (press Train to keep going). Blue contours: the exact posterior p(z|x) of one test digit, by quadrature. Orange: the Gaussian q(z|x) the encoder proposes. The number KL(q ‖ p(z|x)) is exactly log p(x) − ELBO: what the loss curve never shows you.',
    highlight: 'true-posterior',
    question: {
      prompt: 'When training has converged, will KL(q ‖ p(z|x)) be zero?',
      choices: ['Yes: training minimises it', 'No: some gap always remains', 'It depends on β only'],
      answer:
        'No. The ELBO rewards making the posterior easy to fit, so the gap shrinks, but a diagonal Gaussian cannot match a tilted, curved or skewed posterior, and one encoder must serve every image. Click “Another digit” a few times: the gap differs from digit to digit.',
    },
  },
  {
    id: 'bound-ladder',
    title: 'Tighter bounds from more samples',
    query: 'model=vae&latent=2',
    weights: 'trained',
    train: false,
    body:
      'The VAE is trained. The Bound ladder table lists the ELBO, IWAE-10, IWAE-100 and IWAE-1000 for the same digit, and the exact log p(x) at the bottom. Each IWAE-k averages k importance weights before taking the log.',
    highlight: 'bound-ladder',
    question: {
      prompt: 'Before you look: where will IWAE-1000 sit between the ELBO and log p(x)?',
      choices: ['Right at the ELBO', 'Close to log p(x)', 'Above log p(x)'],
      answer:
        'Close to log p(x), from below (within its Monte Carlo error). Averaging more weights makes the log of the average less biased, so the rungs rise with k; IWAE-k can never exceed log p(x) in expectation. The gap left at k = 1,000 is largest when q is far from the posterior.',
    },
  },
  {
    id: 'bound-amortisation-gap',
    title: 'What sharing one encoder costs',
    query: 'model=vae&latent=2',
    weights: 'fresh',
    train: true,
    body:
      'After a minute or two of training, pause and press “Refine q for this digit”. Gradient steps on this digit’s μ and log σ² alone, with the networks frozen, show how much better a q fitted to this one image could be.',
    highlight: 'amortisation-gap',
    question: {
      prompt: 'Which part of the gap log p(x) − ELBO will be larger for this digit: amortisation (the encoder’s mistake) or approximation (the Gaussian’s limit)?',
      choices: ['Amortisation', 'Approximation', 'They are always equal'],
      answer:
        'It varies by digit and by how long the model trained. Cremer et al. (2018) found the amortisation gap often the larger one on MNIST. Early in training the encoder lags the decoder and the amortisation part dominates; try another digit and compare.',
    },
  },
  {
    id: 'beta-trade-off',
    title: 'β is a price on information',
    query: 'model=vae&latent=2&beta=1',
    weights: 'fresh',
    train: true,
    body:
      'Watch the Rate–distortion panel: the run draws a trail of (rate, distortion) points. Once it slows down, set β to 4 and keep training; later set β to 0.3. Each setting leaves a faded ghost trail labelled with its β. The dashed line has slope −β: the objective D + β·R is constant along it.',
    highlight: 'rate-distortion',
    question: {
      prompt: 'When you raise β from 1 to 4, which way will the point move?',
      choices: ['Left and up: less rate, more distortion', 'Right and down: more rate, less distortion', 'Straight down'],
      answer:
        'Left and up. A larger β makes every nat of rate (KL) cost more, so the encoder sends less information about x: the reconstructions blur (distortion rises) and the latent clusters merge. The ghost trails’ ends trace the trade-off curve (Alemi et al. 2018); −ELBO = D + R is lowest near β = 1.',
    },
  },
  {
    id: 'pitfall-missing-half',
    title: 'A missing ½',
    query: 'model=vae&latent=2',
    weights: 'fresh',
    train: false,
    body:
      'In the Pitfall lab, switch on “KL without its ½”. The lab trains two copies of this VAE from the same starting weights on the same batches: one correct, one with the KL doubled. Compare their test −ELBO, their rate and their samples.',
    highlight: 'pitfall-lab',
    question: {
      prompt: 'Dropping the ½ is the same as training with which β?',
      choices: ['β = ½', 'β = 1', 'β = 2'],
      answer:
        'β = 2. The doubled KL keeps its minimum at μ = 0, σ = 1 (look at the curve), so nothing looks broken, but the rate is squeezed: a lower KL, a higher reconstruction term and blurrier samples than the correct twin.',
    },
  },
  {
    id: 'pitfall-sigma-zero',
    title: 'Is the KL smallest at σ = 0?',
    query: 'model=vae&latent=2',
    weights: 'fresh',
    train: false,
    body:
      'Switch on “KL minimised at σ = 0 (−log σ² dropped)”. Watch the σ of both runs (the dotted lines on the KL curve and the σ numbers) and the “KL as its loss computes it”.',
    highlight: 'pitfall-lab',
    question: {
      prompt: 'What happens to σ of q(z|x) in the mistaken run?',
      choices: ['It settles at 1', 'It shrinks towards 0', 'It grows without bound'],
      answer:
        'It shrinks towards 0: without −log σ² nothing stops it, and the loss’s “KL” even goes negative, which a true KL never does. The true KL of that run grows, q collapses to a point, and the model behaves like an autoencoder whose prior samples land where the decoder was never trained.',
    },
  },
  {
    id: 'pitfall-uniform-epsilon',
    title: 'ε from the wrong distribution',
    query: 'model=vae&latent=2',
    weights: 'fresh',
    train: false,
    body:
      'Switch on “ε ~ U(0, 1) instead of N(0, 1)”. The KL is still computed for a Gaussian q, but the decoder is trained on z = μ + σ·u with u uniform on [0, 1]. Compare the correct test −ELBO of the two runs and their samples from the prior.',
    highlight: 'pitfall-lab',
    question: {
      prompt: 'Will the mistaken run’s own loss tell you something is wrong?',
      choices: ['Yes, it diverges', 'No, its loss looks fine', 'Yes, its KL goes negative'],
      answer:
        'No: its own loss trains smoothly. Only the correct ELBO, scored with ε ~ N(0, 1) as the model claims, shows the damage, because the sampler the KL describes is not the one the decoder learned from. That is why the test numbers here always score the correct ELBO.',
    },
  },
  {
    id: 'why-reparameterise',
    title: 'Why the reparameterisation trick',
    query: 'model=vae&latent=2',
    weights: 'fresh',
    train: true,
    body:
      'The Why reparameterise panel estimates the same gradient two ways for one digit, a thousand times each: through the decoder (z = μ + σ·ε) and by the score function (REINFORCE). Compare the two markers per parameter on the log scale, and the means in the table.',
    highlight: 'why-reparameterise',
    question: {
      prompt: 'How much larger is the score function’s variance, roughly?',
      choices: ['About the same', 'Ten times', 'Hundreds to thousands of times'],
      answer:
        'Hundreds to thousands of times for a trained MNIST VAE: both are unbiased (their means agree within error), but the score function multiplies log p(x|z), hundreds of nats, by a random sign-like factor. The reparameterised gradient uses the decoder’s own slope, so a single draw is already informative.',
    },
  },
];
