/** Saved models on disk for Node callers (the CLI and the checkpoint script): a folder or one .vaelab file. */
import { readFile, readdir, rename, stat, writeFile, mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { MODEL_FILE_EXTENSION, MODEL_JSON_FILE, packModelFile, WEIGHTS_FILE, type ModelArtifacts, type ModelFileInput } from '../ml/io';

/** Writes `bytes` next to `path`, then renames it into place (a reader never sees half a file). */
async function writeAtomically(path: string, bytes: Uint8Array | string): Promise<void> {
  await writeFile(`${path}.partial`, bytes);
  await rename(`${path}.partial`, path);
}

/**
 * Writes the artefacts to `path`: one .vaelab file when it ends in .vaelab, else the folder `path` with
 * model.json and weights.bin (weights first, so model.json never describes weights that are not there yet).
 */
export async function writeModel(path: string, artifacts: ModelArtifacts): Promise<void> {
  if (path.endsWith(MODEL_FILE_EXTENSION)) {
    await mkdir(dirname(path), { recursive: true });
    await writeAtomically(path, packModelFile(artifacts));
    return;
  }
  await mkdir(path, { recursive: true });
  await writeAtomically(join(path, WEIGHTS_FILE), new Uint8Array(artifacts.weightData));
  await writeAtomically(join(path, MODEL_JSON_FILE), `${JSON.stringify(artifacts.modelJson)}\n`);
}

/** A file on disk as importModel takes it: its size is known before it is read. */
async function diskFile(path: string): Promise<ModelFileInput> {
  const { size } = await stat(path);
  return {
    name: basename(path),
    size,
    arrayBuffer: async () => {
      const buffer = await readFile(path);
      return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
    },
  };
}

/** The files to open for `path`: the file itself, or a folder's model.json and its .bin files. */
export async function modelFilesAt(path: string): Promise<ModelFileInput[]> {
  if (!(await stat(path)).isDirectory()) return [await diskFile(path)];
  const names = (await readdir(path)).filter((name) => name === MODEL_JSON_FILE || name.endsWith('.bin'));
  return Promise.all(names.sort().map((name) => diskFile(join(path, name))));
}
