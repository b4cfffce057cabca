import { DataError, formatCount } from './errors';

/** A parsed unsigned-byte IDX file: dims (e.g. [count, 28, 28]) and the row-major bytes. */
export interface IdxFile {
  dims: number[];
  data: Uint8Array;
}

/** IDX type code for unsigned bytes (the only type MNIST-style files use). */
const UBYTE_TYPE = 0x08;

/** Parses an unsigned-byte IDX file (magic 0x00000801 labels, 0x00000803 images); throws DataError. */
export function parseIdx(bytes: Uint8Array, fileName: string): IdxFile {
  const fail = (what: string): never => {
    throw new DataError(fileName, `${fileName} ${what}.`);
  };
  if (bytes.length < 4) fail(`is too short to be an IDX file (${bytes.length} bytes)`);
  const [zero0, zero1, type, rank] = bytes;
  if (zero0 !== 0 || zero1 !== 0) {
    const magic = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    fail(`is not an IDX file (bad magic number ${magic})`);
  }
  if (type !== UBYTE_TYPE) fail(`has IDX data type 0x${type.toString(16)}; expected 0x08 (unsigned byte)`);
  if (rank < 1 || rank > 3) fail(`has ${rank} dimensions; expected 1 (labels) or 3 (images)`);
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) fail(`is truncated: expected a ${headerBytes}-byte header, got ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let d = 0; d < rank; d++) dims.push(view.getUint32(4 + 4 * d, false));
  const expected = dims.reduce((a, b) => a * b, 1);
  const got = bytes.length - headerBytes;
  const kind = rank === 1 ? 'label' : 'image';
  if (got < expected) {
    fail(`is truncated: expected ${formatCount(expected)} bytes of ${kind} data, got ${formatCount(got)}`);
  }
  if (got > expected) {
    fail(`has ${formatCount(got - expected)} bytes of trailing garbage after ${formatCount(expected)} bytes of ${kind} data`);
  }
  return { dims, data: bytes.subarray(headerBytes) };
}

/** Encodes unsigned bytes as an IDX file (big-endian dims); inverse of parseIdx. */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const expected = dims.reduce((a, b) => a * b, 1);
  if (data.length !== expected) {
    throw new Error(`encodeIdx: dims ${dims.join('×')} need ${expected} bytes, got ${data.length}`);
  }
  const headerBytes = 4 + 4 * dims.length;
  const out = new Uint8Array(headerBytes + data.length);
  const view = new DataView(out.buffer);
  out[2] = UBYTE_TYPE;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, headerBytes);
  return out;
}
