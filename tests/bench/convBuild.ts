/**
 * Builds the conv benchmark page (tests/bench/conv) twice with Vite: once against this tree's `src/`, once
 * against `src/` as it was at an older commit ("before"), extracted with `git archive`. Serves both builds.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, type Plugin } from 'vite';
import { serveBuild, type StaticServer } from '../e2e/serve';
import { mnistBytes } from './mnistNode';

const HERE = import.meta.dirname;
const REPO = path.resolve(HERE, '../..');
const SRC = path.join(REPO, 'src');
const WORK = path.join(REPO, 'tests/artifacts/conv-bench');
/** Training images copied next to each build: many distinct batches, quick to load. */
const IMAGE_COUNT = 10_000;

export interface ConvBenchBuilds {
  current: StaticServer;
  before: StaticServer;
  /** Full hash of the commit whose `src/` the "before" build uses. */
  beforeCommit: string;
  close(): Promise<void>;
}

function git(...args: string[]): string {
  return execFileSync('git', ['-C', REPO, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 }).trim();
}

/** Commit hash and short description of HEAD, with '+uncommitted' when src/ or tests/bench/ differ from it. */
export function describeHead(): string {
  const dirty = git('status', '--porcelain', '--', 'src', 'tests/bench') !== '';
  return `${git('rev-parse', '--short', 'HEAD')} ${git('log', '-1', '--format=%s')}${dirty ? ' (+uncommitted)' : ''}`;
}

/**
 * Extracts `src/` at `ref` into a temporary tree (outside this one, so tsc and lint never see it) whose
 * node_modules links to this tree's → its root; the caller removes it.
 */
function extractSource(ref: string): { root: string; commit: string } {
  const commit = git('rev-parse', '--verify', `${ref}^{commit}`);
  const root = mkdtempSync(path.join(tmpdir(), 'conv-bench-before-'));
  symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'));
  const archive = execFileSync('git', ['-C', REPO, 'archive', '--format=tar', commit, 'src'], { maxBuffer: 256 << 20 });
  execFileSync('tar', ['-x', '-C', root], { input: archive });
  return { root, commit };
}

/** Resolves every import of a file under this tree's src/ to the same path under `otherSrc`. */
function sourceFrom(otherSrc: string): Plugin {
  return {
    name: 'conv-bench-source-from',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || importer.startsWith(otherSrc + path.sep)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved || !resolved.id.startsWith(SRC + path.sep)) return resolved;
      const swapped = path.join(otherSrc, path.relative(SRC, resolved.id));
      if (!existsSync(swapped)) throw new Error(`${path.relative(SRC, resolved.id)} does not exist in the before tree`);
      return swapped;
    },
  };
}

async function buildPage(outDir: string, plugins: Plugin[]): Promise<void> {
  await build({
    root: path.join(HERE, 'conv'),
    configFile: false,
    base: './',
    logLevel: 'warn',
    plugins,
    worker: { format: 'es', plugins: () => plugins },
    build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 5000 },
  });
  writeFileSync(path.join(outDir, 'mnist-train.u8'), mnistBytes(IMAGE_COUNT));
}

/** Builds and serves the page for this tree and for `beforeRef`'s src/. */
export async function buildAndServeConvBench(beforeRef: string): Promise<ConvBenchBuilds> {
  const before = extractSource(beforeRef);
  const currentDir = path.join(WORK, 'current');
  const beforeDir = path.join(WORK, 'before');
  await buildPage(currentDir, []);
  try {
    await buildPage(beforeDir, [sourceFrom(path.join(before.root, 'src'))]);
  } finally {
    rmSync(before.root, { recursive: true, force: true });
  }
  const serve = (outDir: string) => serveBuild({ root: path.join(HERE, 'conv'), outDir, configFile: false });
  const [current, beforeServer] = await Promise.all([serve(currentDir), serve(beforeDir)]);
  return {
    current,
    before: beforeServer,
    beforeCommit: before.commit,
    close: async () => {
      await Promise.all([current.close(), beforeServer.close()]);
    },
  };
}
