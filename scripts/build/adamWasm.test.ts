import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileAdamWasm, GENERATED_PATH, generatedSource } from './adamWasm';

describe('adamWasm.generated.ts', () => {
  it('is what adam.wat compiles to (run `npm run wasm` after editing the .wat)', async () => {
    const compiled = await compileAdamWasm();
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(generatedSource(compiled));
    expect(WebAssembly.Module.imports(new WebAssembly.Module(Uint8Array.from(compiled.shared)))).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    expect(WebAssembly.Module.exports(new WebAssembly.Module(Uint8Array.from(compiled.plain)))).toEqual([{ name: 'adam', kind: 'function' }]);
  });
});
