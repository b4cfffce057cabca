import { describeError } from '../describeError';
import { concatBytes } from './fetchBytes';
import { DataError } from './errors';

/** True when the bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Inflates gzip bytes; passes bytes through unchanged when already inflated (Content-Encoding: gzip hosts).
 * Reads the DecompressionStream itself, so a corrupt file's error is the decompressor's own (wrapping it in a
 * Response would report only "Failed to fetch"). Stops with a DataError as soon as the output passes
 * `maxBytes`, so a small file that inflates to gigabytes (a gzip bomb) cannot exhaust memory.
 */
export async function gunzipIfNeeded(bytes: Uint8Array, fileName = 'data file', maxBytes = Number.POSITIVE_INFINITY): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.length;
      if (total > maxBytes) break;
    }
  } catch (cause) {
    throw new DataError(fileName, `${fileName} is corrupt: its gzip data could not be decompressed (${describeError(cause)}).`);
  }
  if (total > maxBytes) {
    await reader.cancel().catch(() => undefined);
    throw new DataError(fileName, `${fileName} inflates to more than the ${maxBytes.toLocaleString('en-US')} bytes the manifest allows for it.`);
  }
  return concatBytes(chunks, total);
}
