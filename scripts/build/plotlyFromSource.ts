/**
 * Vite plugin for building Plotly from its source package (src/components/plotlyGl2dStrict.ts) the way
 * Plotly's own bundler does: its modules expect Node's `global`, and the trace registry pulls in
 * MapLibre's stylesheet for map traces the lab never draws (83 KB of CSS), which is replaced by nothing.
 */
import type { Plugin } from 'vite';

const MAPLIBRE_CSS = 'maplibre-gl/dist/maplibre-gl.css';
const EMPTY = '\0vae-lab:empty';

export function plotlyFromSource(): Plugin {
  return {
    name: 'vae-lab:plotly-from-source',
    enforce: 'pre',
    config: () => ({ define: { global: 'globalThis' } }),
    resolveId: (id) => (id === MAPLIBRE_CSS ? EMPTY : null),
    load: (id) => (id === EMPTY ? 'export {};' : null),
  };
}
