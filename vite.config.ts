import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { plotlyFromSource } from './scripts/build/plotlyFromSource.ts';
import { tfjsWasmThreads } from './scripts/build/tfjsWasmThreads.ts';

/** One config for dev, build and preview; the worker is bundled as an ES module. */
export default defineConfig({
  plugins: [react(), plotlyFromSource()],
  base: './',
  worker: { format: 'es', plugins: () => [tfjsWasmThreads()] },
  build: { target: 'es2022', chunkSizeWarningLimit: 5000 },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
