/** "Save PNG" for a panel's images: every digit canvas inside `container`, laid out `columns` wide, as one picture. */
import type { RefObject } from 'react';
import { exportButtonName, exportFileName, saveCanvasSheet } from './exportImage';

export interface SaveImagesButtonProps {
  container: RefObject<HTMLElement | null>;
  columns: number;
  /** What is saved ("Latent grid"): names the button and the file. */
  title: string;
  /** Screen pixels per image pixel in the saved sheet (4 turns a 28×28 digit into 112×112). */
  scale?: number;
}

export function SaveImagesButton({ container, columns, title, scale }: SaveImagesButtonProps) {
  const save = () => {
    const canvases = [...(container.current?.querySelectorAll('canvas') ?? [])];
    if (canvases.length > 0) saveCanvasSheet(canvases, columns, exportFileName(title, null, 'png'), scale);
  };
  return (
    <button type="button" aria-label={exportButtonName('png', title)} onClick={save}>
      Save PNG
    </button>
  );
}
