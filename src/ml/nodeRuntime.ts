/**
 * What Node (the CLI, the unit tests) needs now that src/ imports tfjs-core alone: the cpu backend,
 * every op's gradient and the chained tensor methods (`x.mul(y)`, used by some tests), registered as
 * the `@tensorflow/tfjs` umbrella does. Its CommonJS Node build is the one build of those registrations
 * Node can load (tfjs-core's `dist/register_all_gradients` is ESM with directory imports, which Node
 * rejects); it shares tfjs-core's global engine and registries. The browser's worker registers the
 * gradients from tfjs-core itself (src/worker/backend.ts). Imported by the CLI and, for every unit test,
 * by Vitest (vitest.config.ts `setupFiles`).
 */
import '@tensorflow/tfjs';
