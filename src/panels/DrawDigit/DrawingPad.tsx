/**
 * A drawing pad for one digit: mouse, pen or touch (pointer events, no page scrolling while drawing). After every
 * stroke segment it hands over the ink (alpha 0–255, PAD_SIDE × PAD_SIDE), at most once per animation frame.
 */
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';

/** The pad's own pixels per side: ten per MNIST pixel. */
export const PAD_SIDE = 280;
/** Pen width in pad pixels: after the ink's box is scaled to 20 px, about 2 px, like MNIST's strokes. */
const PEN_WIDTH = 20;

export interface DrawingPadHandle {
  clear(): void;
}

export interface DrawingPadProps {
  /** The ink after a change (alpha 0–255, PAD_SIDE × PAD_SIDE, row-major); the array is the callee's. */
  onInk(ink: Uint8Array): void;
  ref?: Ref<DrawingPadHandle>;
}

export function DrawingPad({ onInk, ref }: DrawingPadProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const onInkRef = useRef(onInk);
  useEffect(() => {
    onInkRef.current = onInk;
  });

  useImperativeHandle(ref, () => ({
    clear() {
      const canvas = canvasRef.current;
      canvas?.getContext('2d')?.clearRect(0, 0, PAD_SIDE, PAD_SIDE);
    },
  }));

  useEffect(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d', { willReadFrequently: true });
    if (!canvas || !context) return;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.lineWidth = PEN_WIDTH;
    context.strokeStyle = '#000';
    let last: { x: number; y: number } | null = null;
    let frame: number | null = null;
    const toPad = (event: PointerEvent) => {
      const box = canvas.getBoundingClientRect();
      return { x: ((event.clientX - box.left) / box.width) * PAD_SIDE, y: ((event.clientY - box.top) / box.height) * PAD_SIDE };
    };
    const sendInk = () => {
      frame = null;
      const rgba = context.getImageData(0, 0, PAD_SIDE, PAD_SIDE).data;
      const ink = new Uint8Array(PAD_SIDE * PAD_SIDE);
      for (let i = 0; i < ink.length; i++) ink[i] = rgba[4 * i + 3];
      onInkRef.current(ink);
    };
    const stroke = (to: { x: number; y: number }) => {
      const from = last ?? to;
      context.beginPath();
      context.moveTo(from.x, from.y);
      context.lineTo(to.x, to.y);
      context.stroke();
      last = to;
      frame ??= requestAnimationFrame(sendInk);
    };
    const onDown = (event: PointerEvent) => {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      last = null;
      stroke(toPad(event));
    };
    const onMove = (event: PointerEvent) => {
      if (last) stroke(toPad(event));
    };
    const onUp = () => {
      last = null;
    };
    canvas.addEventListener('pointerdown', onDown);
    canvas.addEventListener('pointermove', onMove);
    canvas.addEventListener('pointerup', onUp);
    canvas.addEventListener('pointercancel', onUp);
    return () => {
      if (frame !== null) cancelAnimationFrame(frame);
      canvas.removeEventListener('pointerdown', onDown);
      canvas.removeEventListener('pointermove', onMove);
      canvas.removeEventListener('pointerup', onUp);
      canvas.removeEventListener('pointercancel', onUp);
    };
  }, []);

  return (
    <canvas
      ref={canvasRef}
      className="drawing-pad"
      width={PAD_SIDE}
      height={PAD_SIDE}
      data-testid="drawing-pad"
      role="img"
      aria-label="Drawing pad: draw one digit with the mouse, a pen or a finger"
    />
  );
}
