/**
 * Vite plugin: rewrites loops in four of tfjs-core's per-op functions (in three files) that V8 kept deoptimising and
 * compiling again while the worker trained, spending compile time on a 2-core machine (README "A re-optimisation loop
 * in tfjs-core's JavaScript"). Over 20 s of training the five functions it touches logged more than 350 "wrong map"
 * bailouts; with the rewrites, at most 4 each.
 * - `for (k in o) … o[k]` (the tape walks in tape.js, the container walk in tensor_util.js): V8 compiles the read
 *   against the object's enum cache, which garbage collection may drop. `for (k of Object.keys(o))` visits the same
 *   keys except inherited enumerable ones, which the tape's inputs and this lab's tensor containers (plain objects and
 *   arrays) do not have.
 * - `sizeFromShape` (util_base.js, called for every tensor made): its indexed loop over a shape array, which tfjs
 *   makes both packed and holey, was deoptimised again and again. A `for…of` loop gives the same product.
 * Bundles only: the dev server pre-bundles tfjs without it. The build fails when a file no longer holds what is
 * rewritten, or when tfjs-core was bundled without all three files passing through the plugin (renamed, or another entry).
 */
import type { Plugin } from 'vite';

interface Rewrite {
  readonly pattern: RegExp;
  readonly replacement: string;
  /** How many times the pattern occurs in the installed file: checked, so that a tfjs update cannot slip by. */
  readonly count: number;
}

function forIn(count: number): Rewrite {
  return { pattern: /for \(const (\w+) in ([\w.]+)\) \{/g, replacement: 'for (const $1 of Object.keys($2)) {', count };
}

/** tfjs-core's ES module files (in dist/) and what is rewritten in each. */
export const REWRITES: Readonly<Record<string, readonly Rewrite[]>> = {
  'tape.js': [forIn(4)],
  'tensor_util.js': [forIn(1)],
  'util_base.js': [
    {
      pattern: /let size = shape\[0\];\s*for \(let i = 1; i < shape\.length; i\+\+\) \{\s*size \*= shape\[i\];\s*\}/g,
      replacement: 'let size = 1;\n    for (const d of shape) {\n        size *= d;\n    }',
      count: 1,
    },
  ],
};

const FILE = /@tensorflow[\\/]tfjs-core[\\/]dist[\\/](tape|tensor_util|util_base)\.js(\?|$)/;

/** `source` (the installed tfjs-core `file`) rewritten; throws when the file no longer holds what is expected. */
export function rewriteHotPaths(file: string, source: string): string {
  const rewrites = REWRITES[file] ?? [];
  let out = source;
  for (const { pattern, replacement, count } of rewrites) {
    const found = out.match(pattern)?.length ?? 0;
    if (found !== count) {
      throw new Error(`tfjs-core's ${file} changed: expected ${count} of ${pattern}, found ${found}; check scripts/build/tfjsHotPaths.ts`);
    }
    out = out.replace(pattern, replacement);
  }
  if (file !== 'util_base.js' && /\bfor \([^;)]* in /.test(out)) {
    throw new Error(`tfjs-core's ${file} changed: a for…in loop is left; check scripts/build/tfjsHotPaths.ts`);
  }
  return out;
}

const TFJS_CORE = /@tensorflow[\\/]tfjs-core[\\/]/;

export function tfjsHotPaths(): Plugin {
  const rewritten = new Set<string>();
  let coreBundled = false;
  return {
    name: 'vae-lab:tfjs-hot-paths',
    enforce: 'pre',
    buildStart() {
      rewritten.clear();
      coreBundled = false;
    },
    transform(code, id) {
      if (TFJS_CORE.test(id)) coreBundled = true;
      const file = FILE.exec(id);
      if (!file) return null;
      rewritten.add(`${file[1]}.js`);
      return { code: rewriteHotPaths(`${file[1]}.js`, code), map: null };
    },
    buildEnd(error) {
      const missing = Object.keys(REWRITES).filter((file) => !rewritten.has(file));
      if (!error && coreBundled && missing.length > 0) {
        this.error(`tfjs-core was bundled without ${missing.join(', ')} passing through scripts/build/tfjsHotPaths.ts (renamed, or another entry file)`);
      }
    },
  };
}
