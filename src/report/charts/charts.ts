// The charts of the reports and the web app, each an ECharts option built from plain data (the
// report's JSON shapes), rendered by ./render.ts. Amounts are in the report's currency; prices in
// the underlying's quote currency; ratios as numbers.
import { money, percent } from '../format.js';
import type { HedgeReport, OutOfSample, Report } from '../schema.js';
import { PALETTE, renderChart } from './render.js';

const LEGEND = { bottom: 2, left: 'center' as const, itemWidth: 14, itemHeight: 8, itemGap: 20, textStyle: { fontSize: 11 } };
const AXIS_NAME = { nameLocation: 'middle' as const, nameTextStyle: { color: PALETTE.text } };
const SPLIT = { lineStyle: { color: PALETTE.grid } };

/** An axis label's amount: three significant digits at most, so ticks stay short ($1k, $65.5k). */
export function axisMoney(x: number, currency: string): string {
  const sign = x < 0 ? '−' : '';
  const a = Math.abs(x);
  const symbol = currency === 'USD' ? '$' : `${currency} `;
  const [scaled, suffix] = a >= 1e6 ? [a / 1e6, 'M'] : a >= 1e3 ? [a / 1e3, 'k'] : [a, ''];
  return `${sign}${symbol}${Number(scaled.toPrecision(3))}${suffix}`;
}

/** A vertical dashed marker at x (spot, at the money, zero), labelled above the plot. */
function marker(x: number | string, label: string) {
  return {
    silent: true, symbol: 'none', lineStyle: { color: PALETTE.marker, type: 'dashed' as const, width: 1 },
    label: { formatter: label, position: 'end' as const, color: PALETTE.marker, fontSize: 10 },
    data: [{ xAxis: x }],
  };
}

export type Histogram = HedgeReport['distribution']['asset'];

/** Scenario counts of P&L before and after hedging in the same bins, bars overlaid, on a value
 *  axis (so zero and the ticks sit where they belong, not at a bin's centre). */
export function histogramChart(id: string, title: string, h: Histogram, currency: string): string {
  const n = h.before.length;
  const lo = h.edges[0]!;
  const hi = h.edges[n]!;
  const grid = { left: 48, right: 14, top: 44, bottom: 62 };
  const width = 460;
  const barWidth = Math.max(1, ((width - grid.left - grid.right) / n) * 0.92);
  const bars = (name: string, counts: number[], colour: string) => ({
    type: 'bar', name, barWidth, barGap: '-100%', itemStyle: { color: colour, opacity: 0.6 },
    data: counts.map((c, k) => [(h.edges[k]! + h.edges[k + 1]!) / 2, c]),
  });
  return renderChart({
    id, title, width, height: 260,
    description: `Histogram of scenario P&L in ${currency} from ${money(lo, currency)} to ${money(hi, currency)}, ${n} bins: grey bars unhedged, ` +
      `blue bars with the hedge; losses are left of zero. Most frequent bin: ${Math.max(...h.before)} scenarios unhedged, ${Math.max(...h.after)} hedged.`,
    option: {
      grid,
      legend: LEGEND,
      xAxis: {
        type: 'value', min: lo, max: hi, name: `P&L (${currency}); bars count scenarios`, nameGap: 22, ...AXIS_NAME, splitLine: { show: false },
        axisLabel: { formatter: (v: number) => axisMoney(v, currency), hideOverlap: true },
      },
      yAxis: { type: 'value', splitLine: SPLIT, minInterval: 1, min: 0, max: (e: { max: number }) => Math.max(1, e.max) },
      series: [
        { ...bars('unhedged', h.before, PALETTE.before), ...(lo < 0 && hi > 0 ? { markLine: marker(0, 'zero') } : {}) },
        bars('hedged', h.after, PALETTE.after),
      ],
    },
  });
}

export type PayoffPoints = NonNullable<HedgeReport['payoff']>;

/** The payoff diagram of an option hedge: P&L against the underlying's price, unhedged, at the
 *  risk horizon (options repriced by the model) and at expiry (intrinsic values). */
export function payoffChart(id: string, p: PayoffPoints, target: string, horizonDays: number, currency: string): string {
  const who = p.includesHolding ? `${target} + hedge` : 'hedge legs';
  const line = (name: string, pick: (q: PayoffPoints['points'][number]) => number, colour: string, dashed: boolean) => ({
    type: 'line', name, showSymbol: false, data: p.points.map((q) => [q.price, pick(q)]),
    lineStyle: { color: colour, width: 1.8, type: dashed ? 'dashed' : 'solid' }, itemStyle: { color: colour },
  });
  return renderChart({
    id, width: 460, height: 260,
    title: `Payoff: P&L of ${who} (${currency}) against ${p.underlying}'s price`,
    description: `P&L in ${currency} against the price of ${p.underlying} from ${p.points[0]!.price.toFixed(2)} to ${p.points.at(-1)!.price.toFixed(2)} ` +
      `(spot ${p.spot.toFixed(2)}, dashed): ${p.includesHolding ? 'unhedged (grey), ' : ''}at the ${horizonDays}-day horizon with the options repriced ` +
      `by the model (blue) and at expiry ${p.expiry} (amber, dashed), costs included.`,
    option: {
      grid: { left: 62, right: 18, top: 44, bottom: 56 },
      legend: LEGEND,
      xAxis: {
        type: 'value', name: `${p.underlying} price`, nameGap: 22, ...AXIS_NAME, scale: true, splitLine: { show: false },
        axisLabel: { formatter: (v: number) => v.toFixed(0), hideOverlap: true },
      },
      yAxis: { type: 'value', splitLine: SPLIT, axisLabel: { formatter: (v: number) => axisMoney(v, currency) } },
      series: [
        ...(p.includesHolding ? [line('unhedged', (q) => q.unhedged, PALETTE.before, false)] : []),
        { ...line(`at ${horizonDays} days`, (q) => q.atHorizon, PALETTE.after, false), markLine: marker(p.spot, `spot ${p.spot.toFixed(2)}`) },
        line('at expiry', (q) => q.atExpiry, PALETTE.accent[1], true),
      ],
    },
  });
}

/** What the chart reads of a level of the report's contributions. */
export type Contributions = { level: number; es: number; components: { name: string; componentEs: number }[] };

/** Euler contributions to portfolio ES per holding, and the hedge's legs as one block, before and
 *  after hedging: where the risk went. The eight largest after hedging are shown. */
export function contributionChart(id: string, title: string, before: Contributions, after: Contributions, currency: string): string {
  const names = [...after.components].sort((a, b) => Math.abs(b.componentEs) - Math.abs(a.componentEs)).slice(0, 8).map((c) => c.name);
  const value = (l: Contributions, name: string) => l.components.find((c) => c.name === name)?.componentEs ?? 0;
  const labels = names.map((n) => (n.startsWith('hedge: ') ? 'the hedge' : n));
  const bars = (name: string, l: Contributions, colour: string) => ({
    type: 'bar', name, data: names.map((n) => value(l, n)), itemStyle: { color: colour, opacity: 0.75 }, barGap: '10%', barCategoryGap: '30%',
  });
  return renderChart({
    id, title, width: 460, height: 80 + names.length * 26,
    description: `Euler contribution of each holding, and of the hedge's legs as one block, to the portfolio's ES in ${currency}: ` +
      `${money(before.es, currency)} before, ${money(after.es, currency)} after. ` +
      names.map((n, i) => `${labels[i]} ${money(value(before, n), currency)} → ${money(value(after, n), currency)}`).join('; ') + '.',
    option: {
      grid: { left: 96, right: 20, top: 30, bottom: 50 },
      legend: { ...LEGEND, data: [`before (ES ${money(before.es, currency)})`, `after (ES ${money(after.es, currency)})`] },
      yAxis: { type: 'category', data: labels, inverse: true, axisTick: { show: false } },
      xAxis: { type: 'value', splitLine: SPLIT, axisLabel: { formatter: (v: number) => axisMoney(v, currency), hideOverlap: true } },
      series: [
        bars(`before (ES ${money(before.es, currency)})`, before, PALETTE.before),
        bars(`after (ES ${money(after.es, currency)})`, after, PALETTE.after),
      ],
    },
  });
}

export type FrontierPoint = { name: string; annualCost: number; esAfter: number; efficient: boolean; macro: boolean };

/** Every hedge as a point (cost per year, portfolio ES after hedging), on a logarithmic cost axis
 *  because costs span orders of magnitude (a short's borrow fee to a put's premium); the
 *  efficient ones — no cheaper hedge leaves a lower ES — joined and labelled. A hedge that costs
 *  nothing a year sits on the axis's left edge, and the description says so. */
export function frontierChart(id: string, title: string, points: FrontierPoint[], unhedgedEs: number, currency: string): string {
  const positive = points.map((p) => p.annualCost).filter((c) => c > 0);
  const floor = 10 ** Math.floor(Math.log10(positive.length > 0 ? Math.min(...positive) : 1));
  const top = 10 ** Math.ceil(Math.log10(Math.max(floor * 10, ...positive)));
  const free = points.filter((p) => !(p.annualCost > 0)).map((p) => p.name);
  // Labels of points in the right third go to their left, so they stay inside the picture.
  const side = (cost: number) => (Math.log10(Math.max(cost, floor) / floor) / Math.log10(top / floor) > 0.66 ? 'left' as const : 'right' as const);
  const item = (p: FrontierPoint, labelled: boolean) => ({
    name: p.name, value: [Math.max(p.annualCost, floor), p.esAfter],
    label: { show: labelled, position: side(p.annualCost), formatter: '{b}', fontSize: 10, color: PALETTE.text },
  });
  const frontier = points.filter((p) => p.efficient).sort((a, b) => a.annualCost - b.annualCost);
  const group = (name: string, keep: (p: FrontierPoint) => boolean, colour: string, labelled: boolean) => ({
    type: 'scatter', name, symbolSize: 8, itemStyle: { color: colour }, data: points.filter(keep).map((p) => item(p, labelled)),
    labelLayout: { hideOverlap: true },
  });
  return renderChart({
    id, title, width: 920, height: 340, className: 'wide',
    description: `Portfolio ES after each of ${points.length} hedges (vertical, ${currency}) against its cost per year (horizontal, logarithmic); ` +
      `unhedged ES ${money(unhedgedEs, currency)} (dashed). Efficient hedges, from cheapest: ` +
      frontier.map((p) => `${p.name} ${money(p.annualCost, currency)} a year, ES ${money(p.esAfter, currency)}`).join('; ') + '.' +
      (free.length > 0 ? ` At no cost a year (drawn at ${money(floor, currency)}): ${free.join(', ')}.` : ''),
    option: {
      grid: { left: 70, right: 24, top: 34, bottom: 56 },
      legend: LEGEND,
      xAxis: {
        type: 'log', logBase: 10, min: floor, max: top, name: `cost per year (${currency}, logarithmic scale)`, nameGap: 24, ...AXIS_NAME,
        splitLine: SPLIT, axisLabel: { formatter: (v: number) => axisMoney(v, currency), hideOverlap: true },
      },
      yAxis: { type: 'value', scale: true, splitLine: SPLIT, axisLabel: { formatter: (v: number) => axisMoney(v, currency) } },
      series: [
        {
          type: 'line', name: 'efficient frontier', data: frontier.map((p) => item(p, false)), showSymbol: false,
          lineStyle: { color: PALETTE.after, width: 1.5 }, itemStyle: { color: PALETTE.after }, z: 1,
          markLine: {
            silent: true, symbol: 'none', lineStyle: { color: PALETTE.marker, type: 'dashed' as const },
            label: { formatter: `unhedged ${money(unhedgedEs, currency)}`, position: 'insideEndTop' as const, color: PALETTE.marker },
            data: [{ yAxis: unhedgedEs }],
          },
        },
        group('efficient', (p) => p.efficient && !p.macro, PALETTE.after, true),
        group('dominated', (p) => !p.efficient && !p.macro, PALETTE.before, false),
        group('macro', (p) => p.macro, PALETTE.accent[1], true),
      ],
    },
  });
}

export type RatioPath = OutOfSample['ratioPath'];

/** Hedge ratios re-estimated on rolling windows, one line per regressor, each with a band of ±2
 *  standard errors (drawn as a transparent lower line with the band's width stacked on it). */
export function ratioPathChart(id: string, title: string, path: RatioPath, regressors: string[]): string {
  const width = 920;
  const names = Array.from({ length: path[0]?.ratios.length ?? 0 }, (_, j) => regressors[j] ?? `regressor ${j + 1}`);
  const series = names.flatMap((name, j) => {
    const colour = PALETTE.accent[j % PALETTE.accent.length]!;
    const lower = path.map((p) => p.ratios[j]! - 2 * p.stdErrors[j]!);
    const spread = path.map((p) => 4 * p.stdErrors[j]!);
    const stack = `band-${j}`;
    return [
      { type: 'line', name: `${name} lower`, data: lower, stack, stackStrategy: 'all', showSymbol: false, lineStyle: { opacity: 0 }, silent: true },
      { type: 'line', name: `${name} ±2 s.e.`, data: spread, stack, stackStrategy: 'all', showSymbol: false, lineStyle: { opacity: 0 },
        areaStyle: { color: colour, opacity: 0.15 }, silent: true },
      { type: 'line', name, data: path.map((p) => p.ratios[j]!), showSymbol: false, lineStyle: { color: colour, width: 1.5 }, itemStyle: { color: colour } },
    ];
  });
  const last = path.at(-1);
  return renderChart({
    id, title, width, height: 230, className: 'wide',
    description: `Hedge ratio${names.length > 1 ? 's' : ''} of ${names.join(', ')} re-estimated ${path.length} times from ${path[0]?.date ?? ''} ` +
      `to ${last?.date ?? ''}, each with a band of two standard errors; last estimate ` +
      `${last === undefined ? 'none' : names.map((r, j) => `${r} ${last.ratios[j]!.toFixed(3)} ± ${(2 * last.stdErrors[j]!).toFixed(3)}`).join(', ')}.`,
    option: {
      grid: { left: 56, right: 16, top: 30, bottom: 46 },
      legend: { ...LEGEND, data: names },
      xAxis: { type: 'category', data: path.map((p) => p.date), boundaryGap: false, axisTick: { show: false }, axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', scale: true, splitLine: SPLIT, axisLabel: { formatter: (v: number) => v.toFixed(2) } },
      series,
    },
  });
}

export type SmilePoints = NonNullable<Report['smile']>['expiries'];

/** Implied volatility against strike / spot, one line per expiry (the first four), puts (filled)
 *  below spot and calls (hollow) above. */
export function smileChart(id: string, title: string, expiries: SmilePoints): string {
  const shown = expiries.slice(0, 4);
  return renderChart({
    id, title, width: 920, height: 320, className: 'wide',
    description: 'Implied volatility of each mid quote against its strike as a fraction of spot: out-of-the-money puts (filled) below spot, ' +
      `calls (hollow) above, one line per expiry: ${shown.map((e) => `${e.expiry} (${e.days} days, ${percent(Math.min(...e.points.map((p) => p.impliedVolatility)), 0)}` +
      `–${percent(Math.max(...e.points.map((p) => p.impliedVolatility)), 0)})`).join('; ')}.`,
    option: {
      grid: { left: 56, right: 20, top: 44, bottom: 56 },
      legend: LEGEND,
      xAxis: {
        type: 'value', scale: true, name: 'strike / spot (dashed: at the money)', nameGap: 24, ...AXIS_NAME, splitLine: { show: false },
        axisLabel: { formatter: (v: number) => percent(v, 0), hideOverlap: true },
      },
      yAxis: { type: 'value', scale: true, splitLine: SPLIT, axisLabel: { formatter: (v: number) => percent(v, 0) } },
      series: shown.map((e, k) => {
        const colour = PALETTE.accent[k]!;
        return {
          type: 'line', name: `${e.expiry} (${e.days} d)`, symbolSize: 5, lineStyle: { color: colour, width: 1.5 }, itemStyle: { color: colour },
          data: e.points.map((p) => ({ value: [p.moneyness, p.impliedVolatility], symbol: p.type === 'put' ? 'circle' : 'emptyCircle' })),
          ...(k === 0 ? { markLine: marker(1, 'at the money') } : {}),
        };
      }),
    },
  });
}

export type ScenarioPayoff = {
  spot: number;
  target: string;
  horizonDays: number;
  note: string;
  scenarios: { relative: number[]; before: number[]; after: number[] };
  curve: { relative: number[]; before: number[]; after: number[] } | null;
};

/** P&L of the holding, alone and with the hedge, against the target's price at the horizon: one
 *  dot per scenario, and the exact line where the legs are on the target itself. */
export function scenarioPayoffChart(id: string, title: string, p: ScenarioPayoff, currency: string): string {
  const dots = (name: string, ys: number[], colour: string) => ({
    type: 'scatter', name, symbolSize: 3, itemStyle: { color: colour, opacity: 0.5 }, data: p.scenarios.relative.map((r, i) => [r * p.spot, ys[i]!]),
  });
  const curve = (name: string, ys: number[], colour: string) => ({
    type: 'line', name, showSymbol: false, lineStyle: { color: colour, width: 1.8 }, data: p.curve!.relative.map((r, i) => [r * p.spot, ys[i]!]),
  });
  return renderChart({
    id, title, width: 520, height: 280,
    description: `P&L in ${currency} against ${p.target}'s price in ${p.horizonDays} days (today ${p.spot.toFixed(2)}, dashed), ` +
      `one dot per scenario: grey unhedged, blue hedged. ${p.note}`,
    option: {
      grid: { left: 64, right: 18, top: 44, bottom: 56 },
      legend: { ...LEGEND, data: ['unhedged', 'hedged'] },
      xAxis: {
        type: 'value', scale: true, name: `${p.target} price in ${p.horizonDays} days`, nameGap: 22, ...AXIS_NAME, splitLine: { show: false },
        axisLabel: { formatter: (v: number) => v.toFixed(0), hideOverlap: true },
      },
      yAxis: { type: 'value', scale: true, splitLine: SPLIT, axisLabel: { formatter: (v: number) => axisMoney(v, currency) } },
      series: [
        { ...dots('unhedged', p.scenarios.before, PALETTE.before), markLine: marker(p.spot, `today ${p.spot.toFixed(2)}`) },
        dots('hedged', p.scenarios.after, PALETTE.after),
        ...(p.curve === null ? [] : [curve('unhedged', p.curve.before, PALETTE.before), curve('hedged', p.curve.after, PALETTE.after)]),
      ],
    },
  });
}
