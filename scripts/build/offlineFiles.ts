/**
 * The files the site serves as they are and the service worker caches as they are fetched (data sets,
 * trained checkpoints): their URLs relative to the site, and one version hash of all their contents.
 * A folder that does not exist (no checkpoints yet) contributes nothing.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface OfflineFiles {
  /** First 16 hex digits of a SHA-256 over every file's path and bytes. */
  version: string;
  /** Site-relative URLs such as "data/mnist/manifest.json", sorted. */
  urls: string[];
}

/** Lists `folders` (relative to `publicDir`) and hashes their contents. */
export function offlineFiles(publicDir: string, folders: readonly string[]): OfflineFiles {
  const hash = createHash('sha256');
  const urls: string[] = [];
  for (const folder of folders) {
    const root = path.join(publicDir, folder);
    if (!existsSync(root)) continue;
    const files = readdirSync(root, { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(publicDir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
      .sort();
    for (const url of files) {
      hash.update(url).update('\0').update(readFileSync(path.join(publicDir, url))).update('\0');
      urls.push(url);
    }
  }
  return { version: hash.digest('hex').slice(0, 16), urls };
}
