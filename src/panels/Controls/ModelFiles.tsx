/** Save the model in this browser or as a file, and open either again: a fold under the controls. */
import { useId, useRef, useState } from 'react';
import { DATASETS } from '../../ml/data/datasets';
import { MODEL_FAMILIES } from '../../ml/models/family';
import type { ModelDownload } from '../../state/modelActions';
import { MODEL_NAME_MAX, type SavedModelInfo } from '../../state/modelLibrary';

export interface ModelFilesProps {
  saved: SavedModelInfo[] | null;
  busy: string | null;
  /** False until a model exists to save. */
  canSave: boolean;
  onOpenFold(): void;
  onSave(name: string): void;
  onOpen(id: string): void;
  onDelete(id: string): void;
  onDownload(): Promise<ModelDownload | null>;
  onOpenFiles(files: File[]): void;
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** Hands `bytes` to the browser as a download named `fileName`. */
function saveFile({ bytes, fileName }: ModelDownload): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ModelFiles({ saved, busy, canSave, onOpenFold, onSave, onOpen, onDelete, onDownload, onOpenFiles }: ModelFilesProps) {
  const [name, setName] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  const nameId = useId();
  const working = busy !== null;
  return (
    <details className="model-files" onToggle={(event) => event.currentTarget.open && onOpenFold()}>
      <summary>Save and open models</summary>
      <form
        className="controls-row"
        onSubmit={(event) => {
          event.preventDefault();
          onSave(name);
          setName('');
        }}
      >
        <label htmlFor={nameId}>Name</label>
        <input id={nameId} type="text" value={name} maxLength={MODEL_NAME_MAX} placeholder="e.g. VAE after 5 epochs" onChange={(event) => setName(event.target.value)} />
        <button type="submit" disabled={!canSave || working}>
          Save
        </button>
        <button type="button" disabled={!canSave || working} onClick={() => void onDownload().then((download) => download && saveFile(download))}>
          Download model
        </button>
        <button type="button" disabled={working} onClick={() => fileInput.current?.click()}>
          Open model file
        </button>
        <input
          ref={fileInput}
          type="file"
          hidden
          multiple
          accept=".vaelab,.json,.bin"
          aria-label="Model file (.vaelab, or model.json with weights.bin)"
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            event.target.value = '';
            onOpenFiles(files);
          }}
        />
      </form>
      {saved === null ? null : saved.length === 0 ? (
        <p className="hint">No models saved in this browser yet.</p>
      ) : (
        <table className="saved-models" aria-label="Models saved in this browser">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Model</th>
              <th scope="col">Step</th>
              <th scope="col">Saved</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {saved.map((model) => (
              <tr key={model.id}>
                <td>{model.name}</td>
                <td>
                  {MODEL_FAMILIES[model.model].title}, {DATASETS[model.dataset].title}
                </td>
                <td>{model.step.toLocaleString('en-US')}</td>
                <td>{dateFormat.format(model.savedAt)}</td>
                <td className="saved-actions">
                  <button type="button" disabled={working} onClick={() => onOpen(model.id)} aria-label={`Open “${model.name}”`}>
                    Open
                  </button>
                  <button type="button" disabled={working} onClick={() => onDelete(model.id)} aria-label={`Delete “${model.name}”`}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
