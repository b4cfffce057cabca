/** Serves a production build with Vite's preview server on 127.0.0.1 and a free port. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { preview, type InlineConfig } from 'vite';

export interface StaticServer {
  /** Base URL ending in '/'. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `outDir` (relative to `root`). With `configFile` the app's vite config applies
 * (base, headers); `configFile: false` serves the folder as is.
 */
export async function serveBuild(options: {
  root: string;
  outDir: string;
  configFile: string | false;
  headers?: Record<string, string>;
}): Promise<StaticServer> {
  const indexHtml = path.resolve(options.root, options.outDir, 'index.html');
  if (!existsSync(indexHtml)) {
    throw new Error(`No build at ${indexHtml}: run the build first (npm run build).`);
  }
  const config: InlineConfig = {
    root: options.root,
    configFile: options.configFile,
    logLevel: 'warn',
    build: { outDir: options.outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false, headers: options.headers },
  };
  const server = await preview(config);
  const address = server.httpServer.address() as AddressInfo | null;
  if (!address || typeof address === 'string') throw new Error('preview server has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => server.close(),
  };
}

/** The app's production build in dist/, served with the app's own vite.config.ts. */
export function serveAppDist(repoRoot: string): Promise<StaticServer> {
  return serveBuild({
    root: repoRoot,
    outDir: 'dist',
    configFile: path.join(repoRoot, 'vite.config.ts'),
  });
}
