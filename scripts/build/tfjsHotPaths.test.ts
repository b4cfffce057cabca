import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REWRITES, rewriteHotPaths, tfjsHotPaths } from './tfjsHotPaths';

const dist = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-core/dist/index.js'));

/** An ES module's text as a function body: imports dropped, exports made plain declarations. */
function asBody(module: string): string {
  return module.replace(/^import .*$/gm, '').replace(/^export (default )?/gm, '');
}

/** Runs `body` (a function body using `o`, pushing to `out`) on `o` and returns what it pushed. */
function collect(body: string, o: unknown): unknown[] {
  return new Function('o', `const out = []; ${body} return out;`)(o) as unknown[];
}

describe('rewriteHotPaths', () => {
  it('rewrites every file it is applied to in the installed tfjs-core, leaving no for…in loop, and each result still parses', () => {
    for (const file of Object.keys(REWRITES)) {
      const source = readFileSync(path.join(dist, file), 'utf8');
      const rewritten = rewriteHotPaths(file, source);
      expect(rewritten, file).not.toBe(source);
      expect(rewritten, file).not.toMatch(/for \(const \w+ in /);
      expect(() => new Function(asBody(rewritten)), file).not.toThrow();
    }
  });

  it('the rewritten for…in loops visit the same keys in the same order over arrays, plain objects and class instances', () => {
    const loop = 'for (const k in o) { out.push(k, o[k]); }';
    class Pair {
      a = 1;
      b = [2];
      method(): number {
        return this.a;
      }
    }
    const rewritten = rewriteHotPaths('tape.js', loop.repeat(4));
    const holey: unknown[] = [];
    holey[2] = 'c';
    for (const o of [[5, 6, 7], holey, { x: 1, y: 'two', 3: 'three' }, new Pair(), {}, []]) {
      expect(collect(rewritten, o)).toEqual(collect(loop.repeat(4), o));
    }
  });

  it('skips inherited enumerable keys, which for…in visits: the one difference, which the tape and the lab never use', () => {
    const loop = 'for (const k in o) { out.push(k); }';
    const inherits = Object.assign(Object.create({ inherited: 1 }) as object, { own: 2 });
    expect(collect(loop, inherits)).toEqual(['own', 'inherited']);
    expect(collect(rewriteHotPaths('tensor_util.js', loop), inherits)).toEqual(['own']);
  });

  it("the rewritten sizeFromShape multiplies a shape's dimensions: checked against hand-worked products, packed and holey", () => {
    const source = readFileSync(path.join(dist, 'util_base.js'), 'utf8');
    const sizeFromShape = new Function(`${asBody(rewriteHotPaths('util_base.js', source))}\nreturn sizeFromShape;`)() as (shape: number[]) => number;
    const holey: number[] = new Array<number>(3);
    holey[0] = 2;
    holey[1] = 3;
    holey[2] = 5;
    expect([[], [7], [784, 512], [2, 0, 4], [1, 128, 784]].map(sizeFromShape)).toEqual([1, 7, 401_408, 0, 100_352]);
    expect(sizeFromShape(holey)).toBe(30);
  });

  it('as a plugin: rewrites the three files by their module ids, and fails the build when tfjs-core was bundled without one of them', () => {
    type Hook = (this: { error(message: string): never }, ...args: unknown[]) => unknown;
    const context = {
      error(message: string): never {
        throw new Error(message);
      },
    };
    const run = (plugin: ReturnType<typeof tfjsHotPaths>, hook: 'buildStart' | 'transform' | 'buildEnd', ...args: unknown[]) => (plugin[hook] as Hook).call(context, ...args);
    const id = (file: string) => path.join(dist, file);
    const complete = tfjsHotPaths();
    run(complete, 'buildStart');
    for (const file of Object.keys(REWRITES)) {
      const out = run(complete, 'transform', readFileSync(id(file), 'utf8'), id(file)) as { code: string } | null;
      expect(out?.code, file).toBe(rewriteHotPaths(file, readFileSync(id(file), 'utf8')));
    }
    expect(run(complete, 'transform', 'const a = 1;', '/app/src/main.ts')).toBeNull();
    expect(() => run(complete, 'buildEnd')).not.toThrow();

    const partial = tfjsHotPaths();
    run(partial, 'buildStart');
    run(partial, 'transform', readFileSync(id('tape.js'), 'utf8'), id('tape.js'));
    run(partial, 'transform', 'export const x = 1;', id('tf-core.fesm.js'));
    expect(() => run(partial, 'buildEnd')).toThrow(/without tensor_util\.js, util_base\.js/);

    const withoutCore = tfjsHotPaths();
    run(withoutCore, 'buildStart');
    expect(() => run(withoutCore, 'buildEnd')).not.toThrow();
  });

  it('fails the build loudly when tfjs-core no longer looks as expected', () => {
    expect(() => rewriteHotPaths('tape.js', 'for (const k in o) {}')).toThrow(/tape\.js changed/);
    expect(() => rewriteHotPaths('tensor_util.js', 'for (const k in o) {} for (let j in p) {}')).toThrow(/for…in loop is left/);
    expect(() => rewriteHotPaths('util_base.js', 'function sizeFromShape(shape) { return shape.reduce((a, b) => a * b, 1); }')).toThrow(/util_base\.js changed/);
  });
});
