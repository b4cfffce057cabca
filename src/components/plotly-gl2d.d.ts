/**
 * The runtime is Plotly's partial gl2d bundle (scatter + scattergl: 1.6 MB instead of the full 4.6 MB,
 * which parses for over a second on a slow laptop); its API and types are the full bundle's.
 */
declare module 'plotly.js-gl2d-dist-min' {
  import Plotly from 'plotly.js-dist-min';
  export default Plotly;
}
