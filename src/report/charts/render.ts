// Every chart microhedge draws — in the HTML report, the backtest report and the web app — is an
// Apache ECharts option rendered to an SVG string by ECharts' server-side renderer (no DOM, so the
// same code runs in Node and in the browser). This module owns that step and makes the output fit
// for a self-contained file and for a page under a strict Content-Security-Policy:
// - ids: ECharts names clip paths and classes `zr<n>-…` from a per-process counter, so the same
//   report would differ byte for byte between two runs in one process, and two charts of one page
//   could only be told apart by that counter. Each chart gets its caller's id instead.
// - styles: ECharts writes fonts as `style="…"` attributes and hover rules in a <style> element;
//   a page with `style-src 'self'` ignores both. The fonts become presentation attributes and the
//   hover rules (meaningless in a static picture) are dropped.
// - accessibility: role="img" with <title> and <desc> naming what the chart shows in words.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import { escapeHtml } from '../format.js';

echarts.use([BarChart, LineChart, ScatterChart, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, SVGRenderer]);

export type ChartSpec = {
  /** Unique within the page: prefixes every id inside the SVG. Letters, digits and '-'. */
  id: string;
  title: string;
  /** What the chart shows, in words, for readers who cannot see it. */
  description: string;
  width: number;
  height: number;
  /** Added to the root element's class list ('chart' is always there). */
  className?: string;
  option: EChartsCoreOption;
};

/** Colours shared by every chart: unhedged grey, hedged blue, then the accents. */
export const PALETTE = {
  before: '#8c959f',
  after: '#0969da',
  accent: ['#0969da', '#bf8700', '#1a7f37', '#8250df', '#cf222e'],
  text: '#424a53',
  axis: '#57606a',
  grid: '#eaeef2',
  marker: '#cf222e',
} as const;

export const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif';

/** Settings every chart shares: no animation (a static picture), the report's font and the title
 *  drawn by ECharts at the top left. */
function baseOption(spec: ChartSpec): EChartsCoreOption {
  return {
    animation: false,
    textStyle: { fontFamily: FONT, fontSize: 11, color: PALETTE.text },
    title: { text: spec.title, left: 8, top: 4, textStyle: { fontSize: 12, fontWeight: 600, color: '#1b1f24' } },
  };
}

export function renderChart(spec: ChartSpec): string {
  if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(spec.id)) throw new Error(`chart id "${spec.id}" is not letters, digits and '-'`);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: spec.width, height: spec.height });
  try {
    chart.setOption({ ...baseOption(spec), ...spec.option });
    return tidy(chart.renderToSVGString(), spec);
  } finally {
    chart.dispose();
  }
}

function tidy(svg: string, spec: ChartSpec): string {
  const t = `${spec.id}-title`;
  const d = `${spec.id}-desc`;
  const root = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${spec.width} ${spec.height}" width="${spec.width}" height="${spec.height}" ` +
    `class="${['chart', spec.className].filter(Boolean).join(' ')}" role="img" aria-labelledby="${t} ${d}">` +
    `<title id="${t}">${escapeHtml(spec.title)}</title><desc id="${d}">${escapeHtml(spec.description)}</desc>`;
  return svg
    .replace(/^<svg[^>]*>/, root)
    .replace(/<style\s*>[\s\S]*?<\/style>\s*/g, '')
    // Only in ids, references and classes: a label may contain "zr1-" itself.
    .replace(/(id="|url\(#|href="#|class=")zr\d+-/g, `$1${spec.id}-`)
    .replace(/ class="[^"]*-cls-\d+"/g, '')
    .replace(/ pointer-events="visible"| ecmeta_[a-z_]+="[^"]*"/g, '')
    .replace(/ style="([^"]*)"/g, (_, css: string) => css.split(';').filter((p) => p.includes(':')).map((p) => {
      const i = p.indexOf(':');
      return ` ${p.slice(0, i).trim()}="${p.slice(i + 1).trim()}"`;
    }).join(''));
}
