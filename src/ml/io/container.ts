/**
 * The single-file form of a saved model ("Download model"), a zip-free binary:
 *
 *   bytes 0–7    ASCII "VAELAB01" (magic and container version)
 *   bytes 8–11   H, the header length in bytes, uint32 little-endian
 *   bytes 12…    the header: model.json as UTF-8 JSON (H bytes, at most LIMITS.modelJsonBytes)
 *   then         weights.bin, exactly the bytes model.json's manifest describes
 *
 * Splitting it back gives the model.json + weights.bin pair any tfjs tool reads.
 */
import { LIMITS, type ModelArtifacts } from './format';
import { formatBytes, refuse } from './validate';

export const MODEL_FILE_MAGIC = 'VAELAB01';
/** Suggested extension of the single file. */
export const MODEL_FILE_EXTENSION = '.vaelab';
const HEADER_OFFSET = 12;

/** The artefacts as one file → magic, header length, model.json, weights. */
export function packModelFile({ modelJson, weightData }: ModelArtifacts): Uint8Array<ArrayBuffer> {
  const header = new TextEncoder().encode(JSON.stringify(modelJson));
  if (header.byteLength > LIMITS.modelJsonBytes) throw new Error(`model.json takes ${formatBytes(header.byteLength)}; the limit is ${formatBytes(LIMITS.modelJsonBytes)}`);
  const file = new Uint8Array(HEADER_OFFSET + header.byteLength + weightData.byteLength);
  file.set(new TextEncoder().encode(MODEL_FILE_MAGIC), 0);
  new DataView(file.buffer).setUint32(8, header.byteLength, true);
  file.set(header, HEADER_OFFSET);
  file.set(new Uint8Array(weightData), HEADER_OFFSET + header.byteLength);
  return file;
}

/** True when `bytes` start with the single file's magic. */
export function isModelFile(bytes: Uint8Array): boolean {
  return bytes.byteLength >= MODEL_FILE_MAGIC.length && new TextDecoder().decode(bytes.subarray(0, MODEL_FILE_MAGIC.length)) === MODEL_FILE_MAGIC;
}

/** The header's text and a copy of the weight bytes; refuses a truncated file or an oversized header. */
export function unpackModelFile(bytes: Uint8Array, name: string): { modelJsonText: Uint8Array; weightData: ArrayBuffer } {
  if (!isModelFile(bytes)) refuse(`${name} is not a VAE Lab model file (it does not start with ${MODEL_FILE_MAGIC}).`);
  if (bytes.byteLength < HEADER_OFFSET) refuse(`${name} is truncated: it ends inside its header.`);
  const headerBytes = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (headerBytes > LIMITS.modelJsonBytes) refuse(`${name}'s model.json header takes ${formatBytes(headerBytes)}; the limit is ${formatBytes(LIMITS.modelJsonBytes)}.`);
  if (HEADER_OFFSET + headerBytes > bytes.byteLength) refuse(`${name} is truncated: it ends inside its model.json header.`);
  return {
    modelJsonText: bytes.subarray(HEADER_OFFSET, HEADER_OFFSET + headerBytes),
    weightData: bytes.slice(HEADER_OFFSET + headerBytes).buffer,
  };
}
