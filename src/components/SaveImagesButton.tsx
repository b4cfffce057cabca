/** "Save PNG" for a panel's images: every digit canvas inside `container`, laid out `columns` wide, as one picture. */
import type { RefObject } from 'react';
import { exportFileName, saveCanvasSheet } from './exportImage';

export function SaveImagesButton({ container, columns, title }: { container: RefObject<HTMLElement | null>; columns: number; title: string }) {
  const save = () => {
    const canvases = [...(container.current?.querySelectorAll('canvas') ?? [])];
    if (canvases.length > 0) saveCanvasSheet(canvases, columns, exportFileName(title, null, 'png'));
  };
  return (
    <button type="button" onClick={save}>
      Save PNG
    </button>
  );
}
