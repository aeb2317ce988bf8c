// Charts as inline SVG: the before/after P&L histograms, the payoff against the target's price,
// and the hedge-ratio path out of sample. Each is an image with a title and a description that
// states what it shows in words, for screen readers.
import { money } from '../../src/report/format.js';
import { s } from './dom.js';

const W = 520;
const H = 260;
const M = { left: 64, right: 14, top: 30, bottom: 42 };

type Scale = (v: number) => number;

function linear(d0: number, d1: number, r0: number, r1: number): Scale {
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/** About `count` round tick values spanning [lo, hi] (1, 2, 5 × 10ⁿ steps). */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((x) => x >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

function frame(title: string, description: string, axisNames: [string, string]): { svg: SVGElement; plot: SVGElement } {
  const id = `chart-${Math.random().toString(36).slice(2)}`;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${id}-t ${id}-d`, class: 'chart' },
    s('title', { id: `${id}-t` }, title), s('desc', { id: `${id}-d` }, description),
    s('text', { x: M.left, y: 16, class: 'chart-title' }, title),
    s('text', { x: 4, y: M.top - 6, class: 'axis-name' }, axisNames[1]),
    s('text', { x: M.left, y: H - 3, class: 'axis-name' }, axisNames[0]));
  const plot = s('g');
  svg.append(plot);
  return { svg, plot };
}

function axes(plot: SVGElement, x: Scale, y: Scale, xTicks: number[], yTicks: number[], fx: (v: number) => string, fy: (v: number) => string): void {
  for (const t of yTicks) {
    plot.append(s('line', { x1: M.left, x2: W - M.right, y1: y(t), y2: y(t), class: t === 0 ? 'axis zero' : 'grid' }));
    plot.append(s('text', { x: M.left - 6, y: y(t) + 4, 'text-anchor': 'end', class: 'tick' }, fy(t)));
  }
  for (const t of xTicks) {
    plot.append(s('line', { x1: x(t), x2: x(t), y1: H - M.bottom, y2: H - M.bottom + 4, class: 'axis' }));
    plot.append(s('text', { x: x(t), y: H - M.bottom + 16, 'text-anchor': 'middle', class: 'tick' }, fx(t)));
  }
  plot.append(s('line', { x1: M.left, x2: W - M.right, y1: H - M.bottom, y2: H - M.bottom, class: 'axis' }));
}

function legend(svg: SVGElement, items: [string, string][]): void {
  let x = W - M.right;
  for (const [label, cls] of [...items].reverse()) {
    const width = 18 + label.length * 6.2;
    x -= width;
    svg.append(s('rect', { x, y: H - 12, width: 10, height: 10, class: `key ${cls}` }), s('text', { x: x + 14, y: H - 3, class: 'legend' }, label));
    x -= 10;
  }
}

/** Counts of scenario P&L before and after hedging in the same bins, bars overlaid. */
export function histogramChart(title: string, hist: { edges: number[]; before: number[]; after: number[] }, currency: string): SVGElement {
  const n = hist.before.length;
  const lo = hist.edges[0]!;
  const hi = hist.edges[n]!;
  const max = Math.max(1, ...hist.before, ...hist.after);
  const { svg, plot } = frame(title, `Histogram of scenario P&L in ${currency}, from ${money(lo, currency)} to ${money(hi, currency)}: ` +
    'grey bars unhedged, blue bars with the hedge. Losses are to the left of zero.', [`P&L (${currency})`, 'scenarios']);
  const x = linear(lo, hi, M.left, W - M.right);
  const y = linear(0, max, H - M.bottom, M.top);
  axes(plot, x, y, ticks(lo, hi, 4), ticks(0, max, 4), (v) => money(v, currency), (v) => String(v));
  for (const [counts, cls] of [[hist.before, 'before'], [hist.after, 'after']] as const) {
    counts.forEach((c, k) => {
      if (c === 0) return;
      const a = x(hist.edges[k]!);
      const b = x(hist.edges[k + 1]!);
      plot.append(s('rect', { x: a, y: y(c), width: Math.max(0.5, b - a - 0.6), height: H - M.bottom - y(c), class: `bar ${cls}` }));
    });
  }
  if (lo < 0 && hi > 0) plot.append(s('line', { x1: x(0), x2: x(0), y1: M.top, y2: H - M.bottom, class: 'zero-line' }));
  legend(svg, [['unhedged', 'before'], ['hedged', 'after']]);
  return svg;
}

/** P&L of the holding (alone and with the hedge) against the target's price at the horizon:
 *  one dot per scenario, and the exact line when the legs are on the target itself. */
export function payoffChart(title: string, p: { spot: number; scenarios: { relative: number[]; before: number[]; after: number[] };
  curve: { relative: number[]; before: number[]; after: number[] } | null; note: string; target: string; horizonDays: number }, currency: string): SVGElement {
  const xs = [...p.scenarios.relative, ...(p.curve?.relative ?? [])];
  const ys = [...p.scenarios.before, ...p.scenarios.after, ...(p.curve?.before ?? []), ...(p.curve?.after ?? [])];
  const x0 = Math.min(...xs) * p.spot;
  const x1 = Math.max(...xs) * p.spot;
  const y0 = Math.min(0, ...ys);
  const y1 = Math.max(0, ...ys);
  const { svg, plot } = frame(title, `P&L in ${currency} against the target's price at the horizon (today ${p.spot.toFixed(2)}). ${p.note}`,
    [`${p.target} price in ${p.horizonDays} days`, `P&L (${currency})`]);
  const x = linear(x0, x1, M.left, W - M.right);
  const y = linear(y0, y1, H - M.bottom, M.top);
  axes(plot, x, y, ticks(x0, x1, 6), ticks(y0, y1, 5), (v) => v.toFixed(0), (v) => money(v, currency));
  const dots = (ys2: number[], cls: string) => p.scenarios.relative.forEach((r, i) => {
    plot.append(s('circle', { cx: x(r * p.spot), cy: y(ys2[i]!), r: 1.6, class: `dot ${cls}` }));
  });
  dots(p.scenarios.before, 'before');
  dots(p.scenarios.after, 'after');
  if (p.curve !== null) {
    const path = (values: number[]) => p.curve!.relative.map((r, i) => `${i === 0 ? 'M' : 'L'}${x(r * p.spot).toFixed(1)},${y(values[i]!).toFixed(1)}`).join('');
    plot.append(s('path', { d: path(p.curve.before), class: 'curve before' }), s('path', { d: path(p.curve.after), class: 'curve after' }));
  }
  plot.append(s('line', { x1: x(p.spot), x2: x(p.spot), y1: M.top, y2: H - M.bottom, class: 'spot-line' }));
  legend(svg, [['unhedged', 'before'], ['hedged', 'after']]);
  return svg;
}

/** The hedge ratios estimated on rolling windows, each with a ±2 standard-error band. */
export function ratioPathChart(title: string, path: { date: string; ratios: number[]; stdErrors: number[] }[], instruments: string[]): SVGElement {
  const lows = path.flatMap((p) => p.ratios.map((r, j) => r - 2 * p.stdErrors[j]!));
  const highs = path.flatMap((p) => p.ratios.map((r, j) => r + 2 * p.stdErrors[j]!));
  const y0 = Math.min(0, ...lows);
  const y1 = Math.max(...highs);
  const first = path[0]?.date ?? '';
  const last = path[path.length - 1]?.date ?? '';
  const { svg, plot } = frame(title, `Hedge ratio${instruments.length > 1 ? 's' : ''} of ${instruments.join(', ')} re-estimated from ${first} to ${last}, ` +
    'each with a band of two standard errors; the last one sizes today\'s hedge.', ['estimation window ending', 'ratio']);
  const x = linear(0, Math.max(1, path.length - 1), M.left, W - M.right);
  const y = linear(y0, y1, H - M.bottom, M.top);
  const years = [...new Set(path.map((p) => p.date.slice(0, 4)))];
  const yearTicks = years.filter((_, i) => i % Math.ceil(years.length / 6) === 0).map((yr) => path.findIndex((p) => p.date.startsWith(yr)));
  axes(plot, x, y, yearTicks, ticks(y0, y1, 5), (i) => path[i]?.date.slice(0, 4) ?? '', (v) => v.toFixed(2));
  instruments.forEach((_, j) => {
    const upper = path.map((p, i) => `${x(i).toFixed(1)},${y(p.ratios[j]! + 2 * p.stdErrors[j]!).toFixed(1)}`);
    const lower = path.map((p, i) => `${x(i).toFixed(1)},${y(p.ratios[j]! - 2 * p.stdErrors[j]!).toFixed(1)}`).reverse();
    plot.append(s('polygon', { points: [...upper, ...lower].join(' '), class: `band series-${j % 4}` }));
    plot.append(s('polyline', { points: path.map((p, i) => `${x(i).toFixed(1)},${y(p.ratios[j]!).toFixed(1)}`).join(' '), class: `ratio series-${j % 4}` }));
  });
  legend(svg, instruments.slice(0, 4).map((name, j) => [name, `series-${j}`]));
  return svg;
}
