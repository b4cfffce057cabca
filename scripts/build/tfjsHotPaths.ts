/**
 * Vite plugin: rewrites three of tfjs-core's per-op functions that V8 kept deoptimising and compiling again while the
 * worker trained. Each round left new code and its dependency lists on the worker's heap (README "Soak") and spent
 * compile time on a 2-core machine. Over 20 s of training the worker logged about 270 "wrong map" bailouts; with
 * these rewrites, about 10.
 * - `for (k in o) … o[k]` (the tape walks in tape.js, the container walk in tensor_util.js): V8 compiles the read
 *   against the object's enum cache, which garbage collection may drop. `for (k of Object.keys(o))` visits the same
 *   keys: tfjs's containers are plain objects and arrays, with no inherited enumerable keys.
 * - `sizeFromShape` (util_base.js, called for every tensor made): its indexed loop over a shape array, which tfjs
 *   makes both packed and holey, was deoptimised again and again. A `for…of` loop gives the same product.
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

export function tfjsHotPaths(): Plugin {
  return {
    name: 'vae-lab:tfjs-hot-paths',
    enforce: 'pre',
    transform(code, id) {
      const file = FILE.exec(id);
      return file ? { code: rewriteHotPaths(`${file[1]}.js`, code), map: null } : null;
    },
  };
}
