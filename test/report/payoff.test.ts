import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, DEFAULT_OPTIONS } from '../../src/pipeline/analyze.js';
import { PALETTE } from '../../src/report/charts/render.js';
import { renderCsv } from '../../src/report/csv.js';
import { renderHtml } from '../../src/report/html.js';
import type { Report } from '../../src/report/schema.js';
import { sampleInput } from '../helpers/sample.js';
import { affineMisfit, chartsIn, lines, sectionOf } from './svg.js';

// Payoff diagrams of option hedges, checked against what a put and a collar must look like.
let report: Report;

beforeAll(async () => {
  report = analyze(await sampleInput(), { ...DEFAULT_OPTIONS, hedgeKinds: ['protective-put', 'collar', 'short-self', 'macro-index-put'] });
});

const near = (a: number, b: number, scale: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * scale);

describe('payoff of option hedges', () => {
  it('a protective put covering the holding is flat below its strike at expiry and rises one for one above it', () => {
    const quantity = report.portfolio.holdings.find((h) => h.symbol === 'AAPL')!.quantity;
    for (const h of report.hedges.filter((x) => x.kind === 'protective-put')) {
      const p = h.payoff!;
      const strike = h.parameters.strike as number;
      const covered = (h.parameters.contracts as number) * (h.parameters.sharesPerContract as number);
      expect(covered).toBe(quantity);
      const below = p.points.filter((q) => q.price <= strike);
      const above = p.points.filter((q) => q.price >= strike);
      for (const q of below) near(q.atExpiry, below[0]!.atExpiry, p.spot * quantity);
      for (let i = 1; i < above.length; i++) {
        near(above[i]!.atExpiry - above[i - 1]!.atExpiry, quantity * (above[i]!.price - above[i - 1]!.price), p.spot * quantity);
      }
      // Far above the strike the puts are worthless: hedged = unhedged − premium paid − cost.
      const top = p.points.at(-1)!;
      expect(top.unhedged - top.atExpiry).toBeGreaterThan(h.cost.total);
      // A long American option is worth at least its intrinsic value at any time before expiry.
      for (const q of p.points) expect(q.atHorizon).toBeGreaterThanOrEqual(q.atExpiry - 1e-6 * p.spot * quantity);
      expect(p).toMatchObject({ underlying: 'AAPL', includesHolding: true, spot: report.market.targetPrice });
      for (const q of p.points) near(q.unhedged, quantity * (q.price - p.spot), p.spot * quantity);
    }
  });

  it('a collar caps the upside at its call strike and floors the downside at its put strike (at expiry)', () => {
    const h = report.hedges.find((x) => x.kind === 'collar')!;
    const p = h.payoff!;
    const { putStrike, callStrike } = h.parameters as { putStrike: number; callStrike: number };
    expect(putStrike).toBeLessThan(callStrike);
    const at = (pick: (price: number) => boolean) => p.points.filter((q) => pick(q.price)).map((q) => q.atExpiry);
    const low = at((s) => s <= putStrike);
    const high = at((s) => s >= callStrike);
    for (const v of low) near(v, low[0]!, p.spot * 1e4);
    for (const v of high) near(v, high[0]!, p.spot * 1e4);
    expect(high[0]!).toBeGreaterThan(low[0]!);
  });

  it('an index put shows the legs alone; hedges without options have no payoff', () => {
    const index = report.hedges.find((x) => x.kind === 'macro-index-put')!.payoff!;
    expect(index).toMatchObject({ underlying: 'SPY', includesHolding: false });
    for (const q of index.points) expect(q.unhedged).toBe(0);
    expect(report.hedges.filter((x) => x.kind === 'short-self').every((x) => x.payoff === undefined)).toBe(true);
  });

  it('is drawn in the HTML report with a title, a description and the three lines', () => {
    const html = renderHtml(report);
    const withPayoff = report.hedges.filter((h) => h.payoff !== undefined);
    expect(chartsIn(html).filter((c) => c.title.startsWith('Payoff: '))).toHaveLength(withPayoff.length);
    // Each hedge's section draws its own points: the horizon and expiry lines are affine images of
    // (price, P&L), vertex for vertex.
    for (const h of withPayoff) {
      const chart = chartsIn(sectionOf(html, h.name)).find((c) => c.title.startsWith('Payoff: '))!;
      const who = h.payoff!.includesHolding ? 'AAPL + hedge' : 'hedge legs';
      expect(chart.title).toBe(`Payoff: P&amp;L of ${who} (USD) against ${h.payoff!.underlying}&#39;s price`);
      expect(chart.description).toMatch(/^P&amp;L in USD against the price of \w+ from [\d.]+ to [\d.]+ \(spot [\d.]+, dashed\)/);
      const [horizon] = lines(chart.svg, PALETTE.after, '1.8');
      const [expiry] = lines(chart.svg, PALETTE.accent[1], '1.8');
      expect(horizon).toHaveLength(h.payoff!.points.length);
      expect(affineMisfit(horizon!, h.payoff!.points.map((q) => [q.price, q.atHorizon]))).toBeLessThan(0.5);
      expect(affineMisfit(expiry!, h.payoff!.points.map((q) => [q.price, q.atExpiry]))).toBeLessThan(0.5);
    }
  });

  it('is exported point for point in payoff.csv, with the other tables of the report', () => {
    const csv = renderCsv(report);
    expect(Object.keys(csv).sort()).toEqual(['concern.csv', 'hedges.csv', 'holdings.csv', 'out-of-sample.csv', 'payoff.csv', 'risk.csv', 'smile.csv']);
    const rows = csv['payoff.csv']!.trim().split('\n');
    expect(rows[0]).toBe('hedge,underlying,underlying_price,unhedged_pnl_USD,pnl_at_horizon_USD,pnl_at_expiry_USD');
    const withPayoff = report.hedges.filter((h) => h.payoff !== undefined);
    expect(rows).toHaveLength(1 + withPayoff.reduce((n, h) => n + h.payoff!.points.length, 0));
    const first = withPayoff[0]!;
    const q = first.payoff!.points[0]!;
    expect(rows[1]).toBe([first.name, first.payoff!.underlying, q.price, q.unhedged, q.atHorizon, q.atExpiry].join(','));
    const concern = csv['concern.csv']!.trim().split('\n');
    expect(concern).toHaveLength(1 + report.concern.holdings.length);
  });

  it('every hedge section draws the ES contributions before and after, the hedge\'s legs as one bar', () => {
    const charts = chartsIn(renderHtml(report)).filter((c) => c.title === 'Contributions to portfolio ES 99% (USD)');
    expect(charts).toHaveLength(report.hedges.length);
    for (const c of charts) expect(c.svg).toContain('>the hedge</text>');
  });
});
