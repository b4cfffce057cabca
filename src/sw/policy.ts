/**
 * The security headers the lab is served with, written once: vite.config.ts sends them from the dev and
 * preview servers and writes the CSP into index.html as a <meta>; the service worker adds them to every
 * response it serves, so a static host that sends none still gets them from the second load on.
 * README "Content-Security-Policy" says why each source is allowed.
 */

/** CSP directives: everything from this origin; the exceptions are for the wasm backend and for styles. */
const DIRECTIVES: ReadonlyArray<readonly [directive: string, sources: string]> = [
  ['default-src', "'self'"],
  // wasm-unsafe-eval: compiling the tfjs .wasm binaries and the Adam kernel (adam.wat). blob:: the threaded wasm backend starts its
  // pthread workers from Blob URLs, and each imports the backend's glue script from another Blob.
  ['script-src', "'self' 'wasm-unsafe-eval' blob:"],
  ['worker-src', "'self' blob:"],
  ['style-src', "'self'"],
  // Plotly creates empty <style> elements and fills them through CSSOM: only the empty text's hash.
  ['style-src-elem', "'self' 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"],
  // KaTeX and Plotly position and colour with style attributes.
  ['style-src-attr', "'unsafe-inline'"],
  // blob:: a chart's "Save PNG" (Plotly's toImage) loads the chart's SVG from a Blob URL into an <img> to draw it on a canvas.
  ['img-src', "'self' blob:"],
  ['font-src', "'self'"],
  ['connect-src', "'self'"],
  ['manifest-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'self'"],
  ['form-action', "'none'"],
];

/** The policy as one header value (also what the <meta> tag carries: none of these is header-only). */
export const CONTENT_SECURITY_POLICY = DIRECTIVES.map(([directive, sources]) => `${directive} ${sources}`).join('; ');

/**
 * Cross-origin isolation: lets the page use SharedArrayBuffer, which the threaded wasm backend needs.
 * require-corp is safe here because the page loads nothing from another origin.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Everything the production site sends with each response. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  ...ISOLATION_HEADERS,
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
};
