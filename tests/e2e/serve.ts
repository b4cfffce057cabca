/**
 * Serves a production build on 127.0.0.1 and a free port: with Vite's preview server (the app's own
 * headers), or as a plain static host under a sub-path.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
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

/**
 * `dir` served the way a plain static host serves a project site (GitHub Pages, a course web server):
 * under `prefix` (e.g. "/course/vae/"), with only the `headers` given (none by default: no COOP, COEP or
 * CSP), "/course/vae" redirected to "/course/vae/", 404 for anything else. `close()` also drops open
 * keep-alive connections, so the host is really gone.
 */
export async function serveStatic(options: { dir: string; prefix: string; headers?: Record<string, string> }): Promise<StaticServer> {
  const { dir, prefix, headers = {} } = options;
  if (!existsSync(path.join(dir, 'index.html'))) throw new Error(`No build at ${dir}: run the build first (npm run build).`);
  const files = sirv(dir, { etag: true, setHeaders: (res) => Object.entries(headers).forEach(([name, value]) => res.setHeader(name, value)) });
  const notFound = (res: import('node:http').ServerResponse) => {
    res.statusCode = 404;
    res.end('not found');
  };
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === prefix.slice(0, -1) || url.startsWith(`${prefix.slice(0, -1)}?`)) {
      res.writeHead(301, { Location: `${prefix}${url.slice(prefix.length - 1)}` }).end();
      return;
    }
    if (!url.startsWith(prefix)) return notFound(res);
    req.url = url.slice(prefix.length - 1);
    files(req, res, () => notFound(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
