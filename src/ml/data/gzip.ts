import { describeError } from '../describeError';
import { DataError, REGENERATE_HINT } from './errors';

/** True when the bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Inflates gzip bytes; passes bytes through unchanged when already inflated (Content-Encoding: gzip hosts). */
export async function gunzipIfNeeded(bytes: Uint8Array, fileName = 'data file'): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  try {
    const source = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream();
    const inflated = source.pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(inflated).arrayBuffer());
  } catch (cause) {
    const detail = describeError(cause);
    throw new DataError(fileName, `${fileName} is corrupt: gzip decompression failed (${detail}). ${REGENERATE_HINT}`);
  }
}
