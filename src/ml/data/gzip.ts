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
 * Response would report only "Failed to fetch").
 */
export async function gunzipIfNeeded(bytes: Uint8Array, fileName = 'data file'): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  const chunks: Uint8Array[] = [];
  try {
    const reader = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
  } catch (cause) {
    throw new DataError(fileName, `${fileName} is corrupt: its gzip data could not be decompressed (${describeError(cause)}).`);
  }
  return concatBytes(chunks);
}
