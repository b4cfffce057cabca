/** Saving what a panel shows as a file: chart images from Plotly, image strips and grids from their canvases. */

/** Offers `blob` as a download named `fileName`. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Where each canvas goes in a sheet of `columns` columns, each image scaled by `scale` with `gap` pixels between. */
export function sheetLayout(sizes: ReadonlyArray<{ width: number; height: number }>, columns: number, scale: number, gap: number) {
  const cellWidth = Math.max(0, ...sizes.map((size) => size.width)) * scale;
  const cellHeight = Math.max(0, ...sizes.map((size) => size.height)) * scale;
  const rows = Math.ceil(sizes.length / columns);
  const usedColumns = Math.min(columns, sizes.length);
  return {
    width: usedColumns * cellWidth + (usedColumns + 1) * gap,
    height: rows * cellHeight + (rows + 1) * gap,
    cells: sizes.map((size, i) => ({
      x: gap + (i % columns) * (cellWidth + gap),
      y: gap + Math.floor(i / columns) * (cellHeight + gap),
      width: size.width * scale,
      height: size.height * scale,
    })),
  };
}

/** Draws the canvases as one PNG sheet (pixels kept sharp) and saves it. */
export function saveCanvasSheet(canvases: readonly HTMLCanvasElement[], columns: number, fileName: string, scale = 4, gap = 8): void {
  const layout = sheetLayout(canvases, columns, scale, gap);
  const sheet = document.createElement('canvas');
  sheet.width = layout.width;
  sheet.height = layout.height;
  const context = sheet.getContext('2d');
  if (!context) return;
  context.fillStyle = '#fff';
  context.fillRect(0, 0, sheet.width, sheet.height);
  context.imageSmoothingEnabled = false;
  canvases.forEach((canvas, i) => {
    const cell = layout.cells[i];
    context.drawImage(canvas, cell.x, cell.y, cell.width, cell.height);
  });
  sheet.toBlob((blob) => blob && saveBlob(blob, fileName), 'image/png');
}

/** "vae-lab-latent-space-step-1200.png"-style names: lower case, dashes. */
export function exportFileName(title: string, step: number | null, extension: 'png' | 'svg'): string {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `vae-lab-${slug}${step === null ? '' : `-step-${step}`}.${extension}`;
}

/** "Save PNG of latent grid": the button's visible words first (so speech input finds it), then what it saves. */
export function exportButtonName(format: 'png' | 'svg', title: string): string {
  const subject = /^[A-Z][a-z]/.test(title) ? title[0].toLowerCase() + title.slice(1) : title;
  return `Save ${format.toUpperCase()} of ${subject}`;
}
