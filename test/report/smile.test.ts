import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, DEFAULT_OPTIONS } from '../../src/pipeline/analyze.js';
import { loadInputs, SAMPLE } from '../../src/pipeline/load-inputs.js';
import { priceOption } from '../../src/pricing/index.js';
import { renderCsv } from '../../src/report/csv.js';
import { renderHtml } from '../../src/report/html.js';
import type { Report } from '../../src/report/schema.js';
import { chartsIn } from './svg.js';

// The smile of the AAPL chain quoted on 2016-09-06, when the analysis is as of that date.
const CHAIN = join(process.cwd(), 'data', 'sample', 'aapl_chain_2016-09-06.json');
let report: Report;

beforeAll(async () => {
  const input = await loadInputs({ ...SAMPLE, chains: [CHAIN], cwd: process.cwd() });
  report = analyze(input, { ...DEFAULT_OPTIONS, asOf: '2016-09-06', hedgeKinds: ['protective-put'] });
});

describe('implied-volatility smile in the report', () => {
  it('lists out-of-the-money puts below spot and calls above, each IV repricing its strike to a positive value', () => {
    const smile = report.smile!;
    expect(smile.source).toMatch(/AAPL option quotes of 2016-09-06 \(american exercise\)/);
    const spot = report.market.targetPrice;
    for (const e of smile.expiries) {
      expect(e.points.length).toBeGreaterThanOrEqual(3);
      for (const p of e.points) {
        expect(p.type).toBe(p.strike < spot ? 'put' : 'call');
        expect(p.moneyness).toBeCloseTo(p.strike / spot, 12);
        expect(p.impliedVolatility).toBeGreaterThan(0.05);
        expect(p.impliedVolatility).toBeLessThan(5);
      }
      // Strikes ascend along the line, and the smile is lowest near the money.
      const strikes = e.points.map((p) => p.strike);
      expect(strikes).toEqual([...strikes].sort((a, b) => a - b));
      const atm = e.points.reduce((a, b) => (Math.abs(b.moneyness - 1) < Math.abs(a.moneyness - 1) ? b : a));
      expect(atm.impliedVolatility).toBeLessThan(e.points[0]!.impliedVolatility);
      expect(atm.impliedVolatility).toBeLessThan(e.points.at(-1)!.impliedVolatility);
      const t = e.days / 365;
      for (const p of e.points) expect(priceOption({ type: p.type, style: 'american', spot, strike: p.strike, rate: report.market.rate.value,
        dividendYield: report.market.dividendYield.value, volatility: p.impliedVolatility, timeYears: t })).toBeGreaterThan(0);
    }
  });

  it('is drawn in the HTML report and exported as smile.csv', () => {
    const html = renderHtml(report);
    expect(html).toContain("<h2>Implied volatility of AAPL's options</h2>");
    const smile = chartsIn(html).find((c) => c.id === 'smile')!;
    expect(smile).toMatchObject({ className: 'chart wide', title: 'Implied volatility (annualised) against strike / spot, AAPL' });
    expect(smile.description).toContain(`${report.smile!.expiries[0]!.expiry} (${report.smile!.expiries[0]!.days} days`);
    const rows = renderCsv(report)['smile.csv']!.trim().split('\n');
    expect(rows[0]).toBe('expiry,days,type,strike,moneyness,implied_volatility');
    expect(rows).toHaveLength(1 + report.smile!.expiries.reduce((n, e) => n + e.points.length, 0));
  });

  it('is absent when no chain quoted on the as-of date is loaded', async () => {
    const input = await loadInputs({ ...SAMPLE, chains: [CHAIN], cwd: process.cwd() });
    const later = analyze(input, { ...DEFAULT_OPTIONS, hedgeKinds: ['short-self'] });
    expect(later.smile).toBeUndefined();
    expect(renderHtml(later)).not.toContain('Implied volatility of');
  });
});
