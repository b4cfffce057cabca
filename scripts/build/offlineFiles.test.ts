import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { offlineFiles } from './offlineFiles';

/** A public/ folder holding `files` (path → content). */
function publicDir(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'offline-files-'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return root;
}

describe('offlineFiles', () => {
  it('lists the files of the folders that exist, sorted and site-relative, and skips the others', () => {
    const root = publicDir({ 'data/b/x.gz': '1', 'data/a.json': '2', 'icon.svg': '3' });
    expect(offlineFiles(root, ['data', 'checkpoints']).urls).toEqual(['data/a.json', 'data/b/x.gz']);
  });

  it('changes its version when one byte or one name changes, and only then', () => {
    const version = (files: Record<string, string>) => offlineFiles(publicDir(files), ['data']).version;
    const base = version({ 'data/a.json': 'abc' });
    expect(version({ 'data/a.json': 'abc' })).toBe(base);
    expect(version({ 'data/a.json': 'abd' })).not.toBe(base);
    expect(version({ 'data/b.json': 'abc' })).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{16}$/);
  });
});
