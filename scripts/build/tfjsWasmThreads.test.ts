import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { selfContainedFactory } from './tfjsWasmThreads';

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
