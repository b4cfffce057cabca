/** Lesson steps for the "Explore the latent space" views: the decoded grid and the prior's holes, and drawing a digit. */
import type { LessonStep } from '../types';

export const EXPLORE_STEPS: LessonStep[] = [
  {
    id: 'explore-grid-and-holes',
    title: 'What the decoder makes between the codes',
    query: 'model=ae&latent=2',
    weights: 'fresh',
    train: true,
    body:
      'An autoencoder with a 2-D code is training. Watch the Latent grid: every cell is decoded from one point of the plane, in the gaps between the clusters too. Then look at “Where the prior’s holes are”: the codes sit in islands far outside the prior’s circles. Now switch the Model to VAE / β-VAE and train it: its grid is laid at equal steps of prior probability, and q(z) is pulled into the circles. Tick “Draw q(z) on the latent scatter” to see both on the scatter.',
    highlight: 'latent-grid',
    question: {
      prompt: 'Before you switch: where on the autoencoder’s grid will the decoder make images that are not digits?',
      choices: ['Nowhere: every point decodes to a digit', 'In the cells between and around the clusters of codes', 'Only at the grid’s four corners'],
      answer:
        'Between and around the clusters. The decoder is only trained at the codes of training images, and nothing asks those codes to fill any region, so in the empty space between the islands it has never been told what to make: blurs, blends and non-digits. A z drawn from N(0, I) falls into such a hole more often than not. The VAE’s KL term pulls the aggregate posterior q(z) towards the prior, which fills the holes: its grid shows plausible digits almost everywhere, changing smoothly.',
    },
  },
  {
    id: 'explore-draw-a-digit',
    title: 'Draw a digit and follow its code',
    query: 'model=vae&latent=2',
    weights: 'fresh',
    train: true,
    body:
      'Draw a digit in “Draw a digit”. It is preprocessed as MNIST was (its bounding box scaled to 20 × 20 pixels, centred by its centre of mass) and encoded as you draw: its code appears on the latent scatter as a star, with its reconstruction and its ELBO terms. Keep training and watch the star move as the encoder learns. Then press “Use drawn digit as A” and slide the interpolation from your digit to a test digit.',
    highlight: 'draw-digit',
    question: {
      prompt: 'Now draw something that is not a digit — a letter or a smiley. How will its reconstruction term and its ELBO compare with those of a digit you drew?',
      choices: ['About the same', 'A larger reconstruction cost and a lower ELBO', 'A smaller reconstruction cost: it has less ink'],
      answer:
        'Usually a larger reconstruction cost and a lower ELBO: the decoder can only make digit-like images, so it reconstructs the letter as the nearest digit it knows, and the pixels it gets wrong cost nats. Its code may also land away from the clusters. Beware the converse, though: a low ELBO is weak evidence that an image is unusual — VAEs can give higher likelihood to some images unlike their training data (Nalisnick et al. 2019).',
    },
  },
];
