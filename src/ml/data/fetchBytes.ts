import { describeError } from '../describeError';
import { DataError } from './errors';

/** Last path segment of a URL, for messages ("test-images.idx.gz"). */
export function fileNameOf(url: string): string {
  const path = url.split(/[?#]/)[0];
  return path.slice(path.lastIndexOf('/') + 1) || url;
}

/** How long a download may wait: for the response to start, and between two pieces of its body. */
export interface FetchTimeouts {
  headersMs: number;
  stallMs: number;
}

/** Long enough for a slow course network, short enough that a stalled lab says so within a lecture's minute. */
export const DEFAULT_TIMEOUTS: FetchTimeouts = { headersMs: 20_000, stallMs: 20_000 };

/**
 * Resolves with `promise`, or rejects with `timeoutError()` after `ms` and then calls `onExpire` (e.g. to abort
 * the request, whose own rejection then comes second). The timer is cleared either way.
 */
function withTimeout<T>(promise: Promise<T>, ms: number, timeoutError: () => Error, onExpire: () => void): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(timeoutError());
      onExpire();
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Fetches a file's bytes, streaming the body so `onProgress` sees bytes received so far. Throws a DataError
 * that names the file and the real cause: no answer within `timeouts.headersMs`, an HTTP error, a body that
 * stalls for `timeouts.stallMs` or breaks off, a body longer than `maxBytes` (stopped as soon as it is), or a
 * network failure.
 */
export async function fetchBytes(
  url: string,
  onProgress?: (loadedBytes: number) => void,
  fetchImpl: typeof fetch = fetch,
  timeouts: FetchTimeouts = DEFAULT_TIMEOUTS,
  maxBytes = Number.POSITIVE_INFINITY,
): Promise<Uint8Array> {
  const fileName = fileNameOf(url);
  const controller = new AbortController();
  const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
  let response: Response;
  try {
    response = await withTimeout(
      fetchImpl(url, { signal: controller.signal }),
      timeouts.headersMs,
      () => new DataError(fileName, `${fileName}: the server did not answer within ${seconds(timeouts.headersMs)}.`),
      () => controller.abort(),
    );
  } catch (cause) {
    if (cause instanceof DataError) throw cause;
    throw new DataError(fileName, `${fileName} could not be downloaded: ${describeError(cause)} (the network or the server is unreachable).`);
  }
  if (!response.ok) {
    throw new DataError(fileName, `${fileName} could not be downloaded: the server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`);
  }
  const tooLong = () => new DataError(fileName, `${fileName} is larger than the ${maxBytes.toLocaleString('en-US')} bytes it can hold; the server sent something else.`);
  const declared = Number(response.headers?.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    controller.abort();
    throw tooLong();
  }
  if (!response.body) {
    const whole = new Uint8Array(await response.arrayBuffer());
    if (whole.length > maxBytes) throw tooLong();
    onProgress?.(whole.length);
    return whole;
  }
  const chunks: Uint8Array[] = [];
  let loadedBytes = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await withTimeout(
        reader.read(),
        timeouts.stallMs,
        () => new DataError(fileName, `${fileName} stopped arriving after ${loadedBytes.toLocaleString('en-US')} bytes: nothing came for ${seconds(timeouts.stallMs)}.`),
        () => controller.abort(),
      );
      if (done) break;
      chunks.push(value);
      loadedBytes += value.length;
      if (loadedBytes > maxBytes) {
        controller.abort();
        throw tooLong();
      }
      onProgress?.(loadedBytes);
    }
  } catch (cause) {
    if (cause instanceof DataError) throw cause;
    throw new DataError(fileName, `${fileName} broke off after ${loadedBytes.toLocaleString('en-US')} bytes: ${describeError(cause)}.`);
  }
  return concatBytes(chunks, loadedBytes);
}

/** Joins byte chunks into one array (`totalBytes` = sum of lengths). */
export function concatBytes(chunks: readonly Uint8Array[], totalBytes = chunks.reduce((n, c) => n + c.length, 0)): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(totalBytes);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
