/**
 * "Open model file": the single .vaelab file, or model.json with its weights.bin, from the page's file picker
 * or from disk. Everything is checked before anything is returned; a refusal is a result with a reason, never
 * a thrown error.
 */
import { describeError } from '../describeError';
import { isModelFile, unpackModelFile } from './container';
import { decodeArtifacts, readManifest, type ExpectedModel, type ImportedModel } from './decode';
import { LIMITS } from './format';
import { formatBytes, ModelFileError, refuse } from './validate';

/** A file to open: a browser File or Blob with a name satisfies it (so does a Node `File`). */
export interface ModelFileInput {
  name: string;
  /** Bytes, checked against the limits before the file is read. */
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type ImportResult = { ok: true; model: ImportedModel } | { ok: false; reason: string };

/** Largest file accepted: a single file with the largest header and weights. */
const MAX_FILE_BYTES = 12 + LIMITS.modelJsonBytes + LIMITS.weightBytes;

/**
 * Reads and checks a saved model: one .vaelab file, or model.json plus the weight file(s) its manifest lists
 * (matched by name; a lone binary file is taken whatever its name). `expected` refuses another architecture
 * (naming the field) or dataset. Never rejects: problems come back as `{ ok: false, reason }`.
 */
export async function importModel(files: readonly ModelFileInput[], expected?: ExpectedModel): Promise<ImportResult> {
  try {
    return { ok: true, model: await importFiles(files, expected) };
  } catch (error) {
    return { ok: false, reason: error instanceof ModelFileError ? error.message : `Could not open the model: ${describeError(error)}` };
  }
}

async function importFiles(files: readonly ModelFileInput[], expected?: ExpectedModel): Promise<ImportedModel> {
  if (files.length === 0) refuse('No file was given: open a .vaelab file, or model.json together with weights.bin.');
  for (const file of files) {
    if (file.size > MAX_FILE_BYTES) refuse(`${file.name} takes ${formatBytes(file.size)}; the limit is ${formatBytes(MAX_FILE_BYTES)}.`);
  }
  const read = await Promise.all(files.map(async (file) => ({ name: file.name, bytes: await readBytes(file) })));
  const single = read.filter(({ bytes }) => isModelFile(bytes));
  if (single.length > 0) {
    if (read.length > 1) refuse(`${single[0].name} is a complete model file: open it on its own.`);
    const { modelJsonText, weightData } = unpackModelFile(single[0].bytes, single[0].name);
    return decodeArtifacts(parseJson(modelJsonText, single[0].name), weightData, expected);
  }
  const json = manifestCandidates(read);
  const names = read.map(({ name }) => name).join(', ');
  if (json.length === 0) refuse(`None of the files is a model (${names}): open a .vaelab file, or model.json together with weights.bin.`);
  if (json.length > 1) refuse(`Several JSON files (${json.map(({ name }) => name).join(', ')}): open one model.json with its weights.bin.`);
  const [manifestFile] = json;
  if (manifestFile.bytes.byteLength > LIMITS.modelJsonBytes)
    refuse(`${manifestFile.name} takes ${formatBytes(manifestFile.bytes.byteLength)}; the limit is ${formatBytes(LIMITS.modelJsonBytes)}.`);
  const modelJson = parseJson(manifestFile.bytes, manifestFile.name);
  const binaries = read.filter((file) => file !== manifestFile);
  const { paths } = readManifest(modelJson);
  const parts = paths.map((path) => {
    const wanted = baseName(path);
    const match = binaries.find(({ name }) => baseName(name) === wanted) ?? (paths.length === 1 && binaries.length === 1 ? binaries[0] : undefined);
    return match ? match.bytes : refuse(`${manifestFile.name}'s weights are in '${wanted}', which is not among the files: open ${manifestFile.name} together with ${wanted}.`);
  });
  const weightData = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  parts.reduce((offset, part) => (weightData.set(part, offset), offset + part.byteLength), 0);
  return decodeArtifacts(modelJson, weightData.buffer, expected);
}

async function readBytes(file: ModelFileInput): Promise<Uint8Array> {
  try {
    return new Uint8Array(await file.arrayBuffer());
  } catch (error) {
    return refuse(`Could not read ${file.name}: ${describeError(error)}`);
  }
}

/**
 * The files that may be the model.json: those whose text starts with '{'. Weights can start with that byte too (a
 * float32's lowest byte is 0x7B one time in 256), so when several do and exactly one is named *.json, that one.
 */
function manifestCandidates<T extends { name: string; bytes: Uint8Array }>(read: readonly T[]): T[] {
  const json = read.filter(({ bytes }) => looksLikeJson(bytes));
  const named = json.filter(({ name }) => /\.json$/i.test(name));
  return json.length > 1 && named.length === 1 ? named : json;
}

/** True when the first character that is not white space (or a byte-order mark) is '{'. */
function looksLikeJson(bytes: Uint8Array): boolean {
  const start = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart();
  return start.startsWith('{');
}

function parseJson(bytes: Uint8Array, name: string): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return refuse(`${name} is not UTF-8 text, so it is not a model.json.`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    return refuse(`${name} is not valid JSON (${describeError(error)}).`);
  }
}

/** The last segment of a path: 'group1-shard1of1.bin' of './w/group1-shard1of1.bin'. */
function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
