import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { reportSchema, type Report } from '../../src/report/schema.js';

// End to end through argv, in-process: the README's main job on the embedded sample.
let dir: string;
let report: Report;
let terminal: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'microhedge-analyze-'));
  const result = await run(['analyze', '--json', '-', '--html', join(dir, 'report.html')], { cwd: dir });
  expect(result.stderr).not.toMatch(/bug:/);
  expect(result.code).toBe(0);
  report = reportSchema.parse(JSON.parse(result.stdout));
  terminal = result.stderr;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('analyze on the sample portfolio', () => {
  it('hedges the concentrated holding, AAPL, as of the last common date', () => {
    expect(report.target).toBe('AAPL');
    expect(report.asOf).toBe('2024-11-29');
    expect(report.asset.weight).toBeGreaterThan(0.25);
    expect(report.horizonDays).toBe(10);
    expect(report.confidence).toEqual([0.95, 0.99]);
  });

  it('picks the target with the concern screen and says why', () => {
    expect(report.concern.selection).toBe('screen');
    expect(report.concern.holdings[0]!.symbol).toBe('AAPL');
    expect(report.concern.why).toMatch(/^AAPL ranks first .* 37% of the portfolio's 10-day 95% ES with 31% of its value/);
  });

  it('values the holding at the real closing price: 3800 × 237.3300018310547', () => {
    expect(report.market.targetPrice).toBe(237.3300018310547);
    expect(report.asset.value).toBeCloseTo(3800 * 237.3300018310547, 6);
    const sum = report.portfolio.holdings.reduce((s, h) => s + h.value, 0) + report.portfolio.cash;
    expect(report.portfolio.value).toBeCloseTo(sum, 6);
  });

  it('uses 747 overlapping 10-day windows from a 756-day lookback', () => {
    expect(report.scenarios.count).toBe(756 - 10 + 1);
    expect(report.scenarios.dataTo).toBe('2024-11-29');
    expect(report.scenarios.method).toBe('historical');
    expect(report.scenarios.seeded).toBe(false);
  });

  it('proposes every registered kind, each evaluated for asset and portfolio', () => {
    const kinds = new Set(report.hedges.map((h) => h.kind));
    for (const k of ['short-self', 'protective-put', 'sector-etf-short', 'comparable-short', 'basket-short']) expect(kinds).toContain(k);
    for (const h of report.hedges) {
      expect(h.asset.before).toEqual(report.asset.risk);
      expect(h.portfolio.before).toEqual(report.portfolio.risk);
      expect(h.rationale.length).toBeGreaterThan(100);
      const c = h.cost;
      expect(c.total).toBeCloseTo(c.premium + c.transaction + c.borrow + c.carry, 6);
    }
  });

  it('the AAPL hedge is XLK (technology) and cuts the holding\'s variance', () => {
    const etf = report.hedges.find((h) => h.kind === 'sector-etf-short');
    expect(etf?.parameters.hedge).toBe('XLK');
    expect(etf?.varianceReduction.asset).toBeGreaterThan(0.3);
    expect(etf?.legs[0]?.quantity).toBeLessThan(0);
  });

  it('tests every hedge sized from history out of sample, and says so for the others', () => {
    const etf = report.hedges.find((h) => h.kind === 'sector-etf-short')!;
    expect(etf.outOfSample).not.toBeNull();
    expect(etf.outOfSample!.outOfSampleVarianceReduction).toBeGreaterThan(0.5);
    expect(etf.outOfSample!.ratioPath.at(-1)!.ratios[0]).toBeCloseTo(etf.parameters.hedgeRatio as number, 12);
    expect(etf.outOfSampleNote).toMatch(/^(good|fair|poor): out of sample it removed \d+% of the variance/);
    const put = report.hedges.find((h) => h.kind === 'protective-put')!;
    expect(put.outOfSample).toBeNull();
    expect(put.outOfSampleNote).toMatch(/not estimated from history/);
  });

  it('a put floors the holding: its 99% ES after hedging is below the unhedged one', () => {
    for (const put of report.hedges.filter((h) => h.kind === 'protective-put')) {
      const after = put.asset.after.es.find((f) => f.level === 0.99)!.amount;
      const before = put.asset.before.es.find((f) => f.level === 0.99)!.amount;
      expect(after).toBeLessThan(before);
    }
  });

  it('ES ≥ VaR at every level, and the 99% figures exceed the 95% ones', () => {
    const figures = [report.asset.risk, report.portfolio.risk, ...report.hedges.flatMap((h) => [h.asset.after, h.portfolio.after])];
    for (const f of figures) {
      for (let k = 0; k < f.var.length; k++) expect(f.es[k]!.amount).toBeGreaterThanOrEqual(f.var[k]!.amount);
      expect(f.es[1]!.amount).toBeGreaterThanOrEqual(f.es[0]!.amount);
    }
  });

  it('prints the ranked table within 100 columns on stderr when the JSON goes to stdout', () => {
    expect(terminal).toMatch(/hedging AAPL/);
    expect(terminal).toMatch(/Short XLK/);
    for (const line of terminal.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('writes a self-contained HTML report with a before/after P&L chart', async () => {
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toMatch(/<svg[^>]*role="img"/);
    // Offline: no script and nothing fetched (the SVG namespace URI is a name, not a request).
    expect(html).not.toMatch(/<script|(?:src|href)=["']?https?:|url\(\s*["']?https?:|@import/);
    expect(html).not.toMatch(/NaN|Infinity/);
  });

  it('writes the tables as CSV for spreadsheets', async () => {
    const r = await run(['analyze', '--quiet', '--hedges', 'short-self', '--csv', 'tables'], { cwd: dir });
    expect(r.code).toBe(0);
    const hedges = (await readFile(join(dir, 'tables', 'hedges.csv'), 'utf8')).trim().split('\n');
    expect(hedges[0]).toMatch(/^kind,name,legs,cost_total,cost_fraction_of_target,asset_es95_before/);
    expect(hedges.slice(1).map((l) => l.split(',')[1])).toEqual(['Short AAPL 25%', 'Short AAPL 50%', 'Short AAPL 100%']);
    const holdings = (await readFile(join(dir, 'tables', 'holdings.csv'), 'utf8')).trim().split('\n');
    expect(holdings).toHaveLength(14);
    expect(holdings[1]).toMatch(/^AAPL,3800,237\.3300018310547,/);
  });

  it('is deterministic: the same inputs and seed give the same report', async () => {
    const again = await run(['analyze', '--json', '-', '--quiet'], { cwd: dir });
    expect(JSON.parse(again.stdout)).toEqual(report);
  });
});

describe('analyze with user files and options', () => {
  it('analyses another target and horizon from files given on the command line', async () => {
    const sample = join(process.cwd(), 'data', 'sample');
    const result = await run(['analyze', '--portfolio', join(sample, 'portfolio.csv'),
      '--prices', join(sample, 'stocks_19_2004-2024.csv'), '--prices', join(sample, 'sector_etfs_2004-2025.csv'),
      '--target', 'XOM', '--horizon', '5', '--as-of', '2020-03-20', '--json', '-', '--quiet'], { cwd: dir });
    expect(result.code).toBe(0);
    const r = reportSchema.parse(JSON.parse(result.stdout));
    expect(r.target).toBe('XOM');
    expect(r.asOf).toBe('2020-03-20');
    expect(r.hedges.find((h) => h.kind === 'sector-etf-short')?.parameters.hedge).toBe('XLE');
  });

  it.each([
    [['--horizon', '0'], /^error: --horizon: expected an integer from 1 to 250, got "0"$/],
    [['--confidence', '0.95,1.5'], /^error: --confidence: expected numbers strictly between 0.5 and 1/],
    [['--as-of', '2024-13-01'], /^error: --as-of: expected a date YYYY-MM-DD, got "2024-13-01"$/],
    [['--as-of', '2024-11-30'], /^error: --as-of: expected a trading date in the holdings' common history, 2006-05-25 to 2024-11-29, got "2024-11-30"$/],
    [['--target', 'TSLA'], /^error: --target: expected a symbol held in the portfolio \(AAPL, JPM/],
    [['--frobnicate'], /^error: --frobnicate: expected one of the flags of 'analyze'/],
    [['--portfolio', 'missing.csv'], /^error: --prices: expected --portfolio and --prices given together/],
  ])('rejects %j with exit 2 and one line naming the flag', async (args, message) => {
    const result = await run(['analyze', ...args], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd()).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('names the file, row and column of a malformed holdings file', async () => {
    const bad = join(dir, 'holdings.csv');
    await writeFile(bad, 'symbol,quantity\nAAPL,100\nXOM,abc\n');
    const sample = join(process.cwd(), 'data', 'sample');
    const result = await run(['analyze', '--portfolio', bad, '--prices', join(sample, 'stocks_19_2004-2024.csv')], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: holdings\.csv:3:quantity: expected a quantity \(a non-zero number\), got "abc"\n$/);
  });
});

describe('constraints', () => {
  it('keeps only hedges within the budget and with the allowed instruments, and none that short the target', async () => {
    const r = await run(['analyze', '--json', '-', '--quiet', '--budget', '5000', '--instruments', 'option', '--no-short-target']);
    expect(r.code).toBe(0);
    const report = reportSchema.parse(JSON.parse(r.stdout));
    expect(report.hedges.length).toBeGreaterThan(0);
    for (const h of report.hedges) {
      expect(h.cost.total).toBeLessThanOrEqual(5000);
      for (const leg of h.legs) {
        expect(leg.instrument).toBe('option');
        expect(leg.quantity < 0 && leg.symbol === 'AAPL').toBe(false);
      }
    }
  });
});

describe('flag values', () => {
  it('takes a negative number after a flag as its value, in one line of error', async () => {
    const r = await run(['analyze', '--budget', '-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: --budget: expected a positive number, got "-1"\n');
  });
});
