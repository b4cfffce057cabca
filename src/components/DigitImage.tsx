import { useEffect, useRef } from 'react';
import { IMAGE_PIXELS, IMAGE_SIDE } from '../worker/protocol';

export interface DigitImageProps {
  /** Pixels: bytes 0–255 (Uint8Array) or probabilities 0–1 (Float32Array). */
  pixels: Uint8Array | Float32Array | null;
  /** Index of the image inside `pixels` when it holds several (each IMAGE_PIXELS long). */
  index?: number;
  /** Rendered size in CSS pixels. */
  size?: number;
  /** Accessible description, e.g. "test digit 7". */
  label: string;
  testId?: string;
  /** Same layout as `pixels`: 1 where a pixel was hidden (MAE), drawn in HIDDEN_RGB instead of its grey. */
  hidden?: Float32Array | null;
  /** Shrink to the width of a grid cell (never beyond `size`), for strips on narrow screens. */
  fluid?: boolean;
}

/** A light blue for hidden pixels: apart from both paper and ink, and from any grey. */
export const HIDDEN_RGB = [150, 200, 235] as const;

/** Draws one 28×28 grayscale image on a canvas (ink dark on light, like paper). */
export function DigitImage({ pixels, index = 0, size = 56, label, testId, hidden = null, fluid = false }: DigitImageProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return;
    const image = context.createImageData(IMAGE_SIDE, IMAGE_SIDE);
    const offset = index * IMAGE_PIXELS;
    const scale = pixels instanceof Uint8Array ? 1 : 255;
    for (let p = 0; p < IMAGE_PIXELS; p++) {
      const ink = pixels && offset + p < pixels.length ? pixels[offset + p] * scale : 0;
      const shade = 255 - Math.max(0, Math.min(255, Math.round(ink)));
      const rgb = hidden && hidden[offset + p] > 0 ? HIDDEN_RGB : [shade, shade, shade];
      image.data.set([...rgb, 255], 4 * p);
    }
    context.putImageData(image, 0, 0);
  }, [pixels, index, hidden]);
  return (
    <canvas
      ref={canvasRef}
      className="digit"
      width={IMAGE_SIDE}
      height={IMAGE_SIDE}
      style={
        fluid
          ? { width: '100%', maxWidth: `calc(${size}px * var(--digit-scale, 1))`, height: 'auto', aspectRatio: '1' }
          : { width: `calc(${size}px * var(--digit-scale, 1))`, height: `calc(${size}px * var(--digit-scale, 1))` }
      }
      role="img"
      aria-label={label}
      data-testid={testId}
    />
  );
}
