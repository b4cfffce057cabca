import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { katexFonts } from './scripts/build/katexFonts.ts';
import { offlineFiles } from './scripts/build/offlineFiles.ts';
import { plotlyFromSource } from './scripts/build/plotlyFromSource.ts';
import { tfjsHotPaths } from './scripts/build/tfjsHotPaths.ts';
import { tfjsWasmThreads } from './scripts/build/tfjsWasmThreads.ts';
import { CONTENT_SECURITY_POLICY, ISOLATION_HEADERS, SECURITY_HEADERS } from './src/sw/policy.ts';

/** Writes the CSP into the built index.html as a <meta> (any static host serves it); dev keeps Vite's inline HMR scripts. */
function cspMeta(): Plugin {
  return {
    name: 'vae-lab:csp-meta',
    apply: 'build',
    transformIndexHtml: (html) => html.replace(/<meta charset="UTF-8" \/>/, (charset) => `${charset}\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`),
  };
}

/** Tells the service worker which served-as-is files to keep offline, and their version (build only: it reads ~40 MB). */
function offlineFileList(): Plugin {
  return {
    name: 'vae-lab:offline-files',
    config: (_, { command }) => ({
      define: { __VAE_LAB_FILES__: JSON.stringify(command === 'build' ? offlineFiles('public', ['data', 'checkpoints']) : { version: 'dev', urls: [] }) },
    }),
  };
}

/**
 * One config for dev, build and preview. `base: './'` makes every URL in the build relative, so dist/
 * works under any sub-path as it is (README "Deploying"); the worker is bundled as an ES module.
 * Dev and preview send cross-origin isolation headers (wasm threads); preview also sends the CSP.
 */
export default defineConfig({
  plugins: [
    react(),
    katexFonts('src'),
    plotlyFromSource(),
    cspMeta(),
    offlineFileList(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      injectRegister: false,
      manifest: false,
      injectManifest: {
        rollupFormat: 'iife',
        globPatterns: ['**/*.{html,js,css,wasm,woff2,svg,png,webmanifest}'],
        globIgnores: ['data/**', 'checkpoints/**'],
      },
    }),
  ],
  base: './',
  worker: { format: 'es', plugins: () => [tfjsWasmThreads(), tfjsHotPaths()] },
  // assetsInlineLimit 0: fonts stay files (a CSP without data: fonts, and the service worker precaches them).
  build: { target: 'es2022', chunkSizeWarningLimit: 5000, assetsInlineLimit: 0 },
  server: { host: '127.0.0.1', headers: ISOLATION_HEADERS },
  preview: { host: '127.0.0.1', headers: SECURITY_HEADERS },
});
