/** Image geometry shared by every dataset here (MNIST, Fashion-MNIST): 28 × 28 grey pixels. */
export const IMAGE_SIDE = 28;
export const IMAGE_PIXELS = IMAGE_SIDE * IMAGE_SIDE;
