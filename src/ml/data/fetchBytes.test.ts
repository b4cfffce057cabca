import { describe, expect, it } from 'vitest';
import { DataError } from './errors';
import { fetchBytes, fileNameOf } from './fetchBytes';

/** A fetch that streams `bytes` in `chunkSize` pieces. */
function chunkedFetch(bytes: Uint8Array, chunkSize: number): typeof fetch {
  return async () => {
    let at = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(at, at + chunkSize));
        at += chunkSize;
      },
    });
    return new Response(body);
  };
}

describe('fetchBytes', () => {
  it('reassembles a streamed body and reports growing progress up to the total', async () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
    const seen: number[] = [];
    const got = await fetchBytes('https://x/data/a.bin', (n) => seen.push(n), chunkedFetch(bytes, 300));
    expect(got).toEqual(bytes);
    expect(seen).toEqual([300, 600, 900, 1000]);
  });

  it('turns HTTP 404 into a DataError that names the file and the status', async () => {
    const notFound: typeof fetch = async () => new Response('nope', { status: 404 });
    const attempt = fetchBytes('https://x/data/mnist/test-images.idx.gz?v=1', undefined, notFound);
    await expect(attempt).rejects.toBeInstanceOf(DataError);
    await expect(attempt).rejects.toThrow(/test-images\.idx\.gz could not be downloaded: the server answered HTTP 404/);
  });

  it('turns a network failure into a DataError', async () => {
    const offline: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    await expect(fetchBytes('https://x/m.json', undefined, offline)).rejects.toThrow(/m\.json could not be downloaded: Failed to fetch \(the network or the server is unreachable\)/);
  });

  it('names files by their last path segment', () => {
    expect(fileNameOf('file:///a/b/manifest.json#x')).toBe('manifest.json');
  });

  it('gives up with a clear message when the server never answers, and when the body stalls', async () => {
    const silent: typeof fetch = (_input, init) =>
      new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    await expect(fetchBytes('https://x/data/a.bin', undefined, silent, { headersMs: 30, stallMs: 30 })).rejects.toThrow(/a\.bin: the server did not answer within 0 s/);
    const stalling: typeof fetch = async () => {
      let sent = false;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent) return new Promise<void>(() => undefined);
          sent = true;
          controller.enqueue(new Uint8Array(7));
        },
      });
      return new Response(body);
    };
    await expect(fetchBytes('https://x/data/b.bin', undefined, stalling, { headersMs: 1000, stallMs: 30 })).rejects.toThrow(/b\.bin stopped arriving after 7 bytes: nothing came for 0 s/);
  });
});

