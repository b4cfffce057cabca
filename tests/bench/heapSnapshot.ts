/**
 * What a V8 heap snapshot (the JSON that `HeapProfiler.takeHeapSnapshot` streams) holds, by node type: compiled code,
 * object shapes (maps), strings, JS objects, V8's internal ("hidden") objects and so on. The soak reports it so that
 * a heap that grows can be told apart: the lab's objects, or the engine's compiled code.
 */
interface SnapshotJson {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
}

/** Strings by any representation count as one type. */
const STRING_TYPES = new Set(['string', 'concatenated string', 'sliced string']);

/** Bytes of the snapshot's nodes by type, in MB to 3 decimals, largest first. */
export function heapByType(json: string): Record<string, number> {
  const { snapshot, nodes } = JSON.parse(json) as SnapshotJson;
  const fields = snapshot.meta.node_fields;
  const typeNames = snapshot.meta.node_types[0];
  const typeAt = fields.indexOf('type');
  const sizeAt = fields.indexOf('self_size');
  if (typeAt < 0 || sizeAt < 0) throw new Error('heap snapshot without type or self_size fields');
  const bytes = new Map<string, number>();
  for (let node = 0; node < nodes.length; node += fields.length) {
    const type = typeNames[nodes[node + typeAt]] ?? 'unknown';
    const key = STRING_TYPES.has(type) ? 'string' : type;
    bytes.set(key, (bytes.get(key) ?? 0) + nodes[node + sizeAt]);
  }
  return Object.fromEntries([...bytes].sort((a, b) => b[1] - a[1]).map(([type, size]) => [type, Math.round(size / 1e3) / 1e3]));
}
