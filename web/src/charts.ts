// The page draws the same charts as the HTML report: src/report/charts builds each one with
// ECharts and renders it to SVG text, here in the browser. The text is parsed as SVG (an XML
// document, never HTML), so a name from an uploaded file stays text; it carries no style
// attributes or <style>, so the page's Content-Security-Policy (style-src 'self') holds.
import * as charts from '../../src/report/charts/charts.js';

let count = 0;

/** Ids inside each SVG must be unique on the page, which can hold several details at once. */
function nextId(): string {
  count += 1;
  return `chart${count}`;
}

function element(svg: string): SVGSVGElement {
  const root = new DOMParser().parseFromString(svg, 'image/svg+xml').documentElement;
  if (!(root instanceof SVGSVGElement)) throw new Error('a chart did not render as SVG');
  return document.importNode(root, true);
}

export function histogramChart(title: string, hist: charts.Histogram, currency: string): SVGSVGElement {
  return element(charts.histogramChart(nextId(), title, hist, currency));
}

export function payoffChart(title: string, payoff: charts.ScenarioPayoff, currency: string): SVGSVGElement {
  return element(charts.scenarioPayoffChart(nextId(), title, payoff, currency));
}

export function ratioPathChart(title: string, path: charts.RatioPath, regressors: string[]): SVGSVGElement {
  return element(charts.ratioPathChart(nextId(), title, path, regressors));
}
