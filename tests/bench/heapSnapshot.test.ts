import { describe, expect, it } from 'vitest';
import { heapByType } from './heapSnapshot';

/** A snapshot in V8's layout: one row of `fields` per node, types as indices into the first entry of node_types. */
function snapshot(rows: Array<[type: number, selfSize: number]>): string {
  const fields = ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'];
  const types = ['hidden', 'array', 'string', 'object', 'code', 'closure', 'regexp', 'number', 'native', 'synthetic', 'concatenated string', 'sliced string', 'symbol', 'bigint', 'object shape'];
  const nodes = rows.flatMap(([type, size], i) => [type, 0, i * 2 + 1, size, 0, 0, 0]);
  return JSON.stringify({ snapshot: { meta: { node_fields: fields, node_types: [types, 'string', 'number'] } }, nodes, edges: [], strings: [] });
}

describe('heapByType', () => {
  it("sums each type's self sizes (hand-worked), strings of every representation together, largest first", () => {
    const json = snapshot([
      [4, 600_000],
      [3, 1_000],
      [4, 400_000],
      [2, 2_000],
      [10, 3_000],
      [11, 1_000],
      [14, 250_000],
    ]);
    const byType = heapByType(json);
    expect(byType).toEqual({ code: 1, 'object shape': 0.25, string: 0.006, object: 0.001 });
    expect(Object.keys(byType)).toEqual(['code', 'object shape', 'string', 'object']);
  });

  it('refuses a snapshot whose nodes carry no size', () => {
    const json = JSON.stringify({ snapshot: { meta: { node_fields: ['type', 'name'], node_types: [['hidden']] } }, nodes: [0, 0] });
    expect(() => heapByType(json)).toThrow(/self_size/);
  });
});
