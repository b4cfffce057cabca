import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A `fetch` for Node that serves `file:` URLs from disk; a missing file gives a 404 Response. */
export const fileFetch: typeof fetch = async (input) => {
  const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (!href.startsWith('file:')) return fetch(input);
  try {
    const buffer = await readFile(fileURLToPath(href));
    return new Response(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength));
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return new Response(null, { status: 404, statusText: 'Not Found' });
    throw cause;
  }
};

/** `file:` URL of `<rootDir>/public/data/` (the folder `npm run data` writes), for Node callers. */
export function localDataBaseUrl(rootDir: string = process.cwd()): string {
  return `${pathToFileURL(resolve(rootDir, 'public', 'data')).href}/`;
}
