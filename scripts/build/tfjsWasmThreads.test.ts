import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { poolSizedToThreads, selfContainedFactory } from './tfjsWasmThreads';

const glue = readFileSync(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js'), 'utf8');

/** The factory's source as tfjs puts it into the pthread Blob: `factory.toString()`. */
function factorySource(code: string): string {
  const module = { exports: {} as unknown };
  new Function('module', 'exports', code)(module, module.exports);
  return String(module.exports);
}

describe('selfContainedFactory', () => {
  it('the installed glue needs it: its factory reads _scriptDir from outside itself', () => {
    const source = factorySource(glue);
    expect(source).toContain('_scriptDir');
    expect(source).not.toMatch(/var _scriptDir\b/);
  });

  it('declares _scriptDir inside the factory (so minified, its uses stay inside the text a pthread Blob gets), and the text still parses on its own', () => {
    const source = factorySource(selfContainedFactory(glue));
    expect(source).toMatch(/var _scriptDir;/);
    const blob = `var WasmBackendModuleThreadedSimd = ${source}; return typeof WasmBackendModuleThreadedSimd;`;
    expect(new Function(blob)()).toBe('function');
  });

  it('fails the build loudly when the glue no longer looks as expected', () => {
    expect(() => selfContainedFactory('var WasmBackendModuleThreadedSimd = function(){};')).toThrow(/glue changed/);
  });
});

/** The pool size the glue's main thread starts, with navigator.hardwareConcurrency = `cores` (undefined: no navigator). */
function poolSize(code: string, cores: number | undefined): number {
  const start = code.indexOf('var pthreadPoolSize=');
  const statement = code.slice(start, code.indexOf(';', start) + 1);
  const navigator = cores === undefined ? undefined : { hardwareConcurrency: cores };
  return new Function('navigator', `${statement} return pthreadPoolSize;`)(navigator) as number;
}

describe('poolSizedToThreads', () => {
  it('the installed glue starts 8 pthread workers whatever the machine', () => {
    expect(poolSize(glue, 4)).toBe(8);
    expect(poolSize(glue, 64)).toBe(8);
  });

  it('starts one worker fewer than the threads tfjs runs XNNPACK on (min(8, hardwareConcurrency / 2)), and never none', () => {
    const sized = poolSizedToThreads(glue);
    // The training worker reports twice its cores (src/worker/wasmBackend.ts), so a 2-core laptop shows 4: 2 threads, 1 pthread.
    expect(poolSize(sized, 4)).toBe(1);
    expect(poolSize(sized, 16)).toBe(7);
    expect(poolSize(sized, 7)).toBe(2);
    // tfjs caps XNNPACK at 8 threads: a 64-core machine needs 7 pthreads, as many as the glue's own pool minus one.
    expect(poolSize(sized, 64)).toBe(7);
    expect(poolSize(sized, 18)).toBe(7);
    // One core, or no navigator (glue read as text): still one, so the glue's count of loaded workers reaches zero.
    expect(poolSize(sized, 2)).toBe(1);
    expect(poolSize(sized, 1)).toBe(1);
    expect(poolSize(sized, undefined)).toBe(1);
  });

  it('keeps the factory self-contained and parseable after both changes', () => {
    const source = factorySource(poolSizedToThreads(selfContainedFactory(glue)));
    expect(source).toContain('Math.max(1,Math.min(8,Math.floor(');
    expect(new Function(`var WasmBackendModuleThreadedSimd = ${source}; return typeof WasmBackendModuleThreadedSimd;`)()).toBe('function');
  });

  it('fails the build loudly when the pool size is no longer where it was', () => {
    expect(() => poolSizedToThreads(glue.replace('var pthreadPoolSize=8;', 'var pthreadPoolSize=4;'))).toThrow(/glue changed/);
  });
});
