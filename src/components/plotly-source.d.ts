/** Plotly's scattergl trace module with precompiled regl draw calls (no eval): plotly.js types its core but not this file. */
declare module 'plotly.js/src/traces/scattergl/strict' {
  import type { RegisterTraceModule } from 'plotly.js/src/types/core/api';
  const scattergl: RegisterTraceModule;
  export default scattergl;
}
