/**
 * The Plotly the lab loads: core (which has scatter) plus scattergl in its CSP-safe "strict" form, built
 * from Plotly's source package the way Plotly builds its own strict bundle. Its regl draw calls are
 * precompiled, so, unlike the gl2d dist bundle, it needs no 'unsafe-eval' (README "Content-Security-Policy").
 * The lab's Plotly types are plotly.js-dist-min's; the runtime API is the same.
 */
import Plotly from 'plotly.js/lib/core';
import scattergl from 'plotly.js/src/traces/scattergl/strict';
import type { PlotlyApi } from './plotly';

Plotly.register([scattergl]);

export default Plotly as unknown as PlotlyApi;
