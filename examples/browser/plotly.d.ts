// The one Plotly function the page calls; plotly.js-dist-min ships no typings of its own.
declare module 'plotly.js-dist-min' {
  export function newPlot(root: HTMLElement, data: object[], layout?: object): Promise<HTMLElement>;
}
