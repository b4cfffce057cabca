/** Reads of the lab's panels (scatter, loss, ELBO, interpolation) in one page evaluation each. */
import type { Page } from 'playwright-core';

/** Every trace's x and y of the latent scatter's Plotly graph div. */
export async function readScatter(page: Page): Promise<{ x: number[]; y: number[] } | null> {
  return page.evaluate(() => {
    const gd = document.querySelector('[data-testid="latent-scatter"] .js-plotly-plot') as
      | (HTMLElement & { data?: Array<{ x?: ArrayLike<number>; y?: ArrayLike<number> }> })
      | null;
    if (!gd?.data) return null;
    const x: number[] = [];
    const y: number[] = [];
    for (const trace of gd.data) {
      x.push(...Array.from(trace.x ?? [], Number));
      y.push(...Array.from(trace.y ?? [], Number));
    }
    return { x, y };
  });
}

/** data-value of several [data-testid] elements read at one instant (one React commit). */
export async function readValues<K extends string>(page: Page, testIds: readonly K[]): Promise<Record<K, number>> {
  const values = await page.evaluate((ids) => {
    const out: Record<string, number> = {};
    for (const id of ids) {
      const raw = document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-value');
      out[id] = raw === null || raw === undefined || raw === '' ? Number.NaN : Number(raw);
    }
    return out;
  }, testIds as readonly string[]);
  return values as Record<K, number>;
}

/** The interpolation canvas as a data URL ('' when absent). */
export async function readInterpolationImage(page: Page): Promise<string> {
  return page.evaluate(() => {
    const canvas = document.querySelector('[data-testid="interpolation-image"]');
    return canvas instanceof HTMLCanvasElement ? canvas.toDataURL() : '';
  });
}

/** Polls `read` until `accept` holds; returns the accepted value or throws with the last one. */
export async function pollUntil<T>(
  page: Page,
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!accept(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms (last: ${JSON.stringify(last)?.slice(0, 300)})`);
    await page.waitForTimeout(250);
    last = await read();
  }
  return last;
}
