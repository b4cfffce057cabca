/**
 * Vitest global setup for the browser tests: checks Chromium, serves the production build (dist/)
 * with Vite's preview server and hands its URL to the tests as `inject('baseUrl')`.
 */
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { requireChromium } from './chromium';
import { serveAppDist } from './serve';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  requireChromium();
  const server = await serveAppDist(path.resolve(import.meta.dirname, '../..'));
  console.log(`[e2e] serving dist/ at ${server.url}`);
  project.provide('baseUrl', server.url);
  return () => server.close();
}
