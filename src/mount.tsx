/** Mounts the lab on #root and registers its service worker (loaded by src/main.ts once the worker has started). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import type { LabStore } from './state/labStore';
import { registerServiceWorker } from './sw/register';

export function mount(root: HTMLElement, store: LabStore): void {
  createRoot(root).render(
    <StrictMode>
      <App store={store} />
    </StrictMode>,
  );
  registerServiceWorker();
}
