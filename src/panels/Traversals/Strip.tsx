/** One traversal strip: images decoded along one latent dimension, with a mark where the slider stands. */
import { useEffect, useRef } from 'react';
import { tilePixels } from '../LatentGrid/tiles';

export interface StripProps {
  /** steps images of 784 bytes. */
  images: Uint8Array;
  steps: number;
  /** Where the slider stands, as a fraction of the strip's range (0 … 1): 0 is the first image's centre, 1 the last's. */
  at: number;
  label: string;
}

export function Strip({ images, steps, at, label }: StripProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvasRef.current?.getContext('2d');
    if (!context) return;
    context.putImageData(new ImageData(tilePixels(images, steps, 1), steps * 28, 28), 0, 0);
  }, [images, steps]);
  return (
    <div className="traversal-strip">
      <canvas ref={canvasRef} width={steps * 28} height={28} role="img" aria-label={label} data-testid="traversal-strip" />
      <span className="traversal-mark" style={{ left: `${((0.5 + Math.min(1, Math.max(0, at)) * (steps - 1)) / steps) * 100}%` }} aria-hidden="true" />
    </div>
  );
}
