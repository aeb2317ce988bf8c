import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { hedgeDetailSchema, type HedgeDetail } from '../../src/report/hedge-detail.js';
import type { HedgeReport } from '../../src/report/schema.js';

// `hedge KIND` with terms of the user's choosing, through argv: a put or collar on the proposed
// candidate's own terms must be that candidate, figure for figure; a resized linear hedge must
// follow Var(A + rH) = a + b·r + c·r²; the CSV and HTML exports carry what the JSON carries.
let dir: string;

async function detail(args: string[]): Promise<HedgeDetail> {
  const r = await run(['hedge', ...args, '--json', '-', '--quiet'], { cwd: dir });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return hedgeDetailSchema.parse(JSON.parse(r.stdout));
}

/** RFC 4180 rows (quoted cells may hold commas and doubled quotes; no newlines in these files). */
function csvRows(text: string): string[][] {
  return text.trim().split('\n').map((line) => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)]
    .map((m) => (m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!)));
}

const figures = (h: HedgeReport) => ({ asset: h.asset, portfolio: h.portfolio, cost: h.cost, varianceReduction: h.varianceReduction, legs: h.legs });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'microhedge-hedge-terms-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('microhedge hedge KIND with the user\'s terms', () => {
  it('a put on a proposed candidate\'s strike, expiry and contracts is that candidate, figure for figure', async () => {
    const proposed = await detail(['protective-put']);
    expect(proposed.chosen).toEqual([]);
    const c = proposed.candidates[0]!;
    const { strike, expiry, contracts, moneyness } = c.parameters as { strike: number; expiry: string; contracts: number; moneyness: number };
    const byPrice = await detail(['protective-put', '--strike', String(strike), '--expiry', expiry, '--contracts', String(contracts)]);
    expect(byPrice.candidates).toEqual(proposed.candidates);
    expect(byPrice.chosen).toHaveLength(1);
    expect(figures(byPrice.chosen[0]!)).toEqual(figures(c));
    expect(byPrice.termNotes).toEqual([]);
    // The same strike as a percentage of spot, a little off: the nearest strike on offer is used, and said.
    const pct = `${(100 * moneyness + 0.1).toFixed(2)}%`;
    const byPercent = await detail(['protective-put', '--strike', pct, '--expiry', expiry, '--contracts', String(contracts)]);
    expect(figures(byPercent.chosen[0]!)).toEqual(figures(c));
    expect(byPercent.termNotes).toEqual([expect.stringMatching(new RegExp(`^--strike ${pct.replace('.', '\\.')}: [\\d.]+ asked, ${strike} used \\(the nearest put strike on offer for ${expiry}\\)$`))]);
  });

  it('reads a strike price as listed: a chain quoted before a split lists strikes in its own price basis', async () => {
    // AAPL's 2016-09-06 chain lists strikes around its 107.68 spot; the split-adjusted history has 24.81.
    const chain = ['--as-of', '2016-09-06', '--chain', 'data/sample/aapl_chain_2016-09-06.json'];
    const r = await run(['hedge', 'protective-put', ...chain, '--strike', '101', '--json', '-', '--quiet']);
    expect(r.code).toBe(0);
    const d = hedgeDetailSchema.parse(JSON.parse(r.stdout));
    const put = d.chosen[0]!;
    expect(put.legs[0]!.symbol).toBe('AAPL 2016-09-09 P101');
    const p = put.parameters as { listedStrike: number; strike: number; priceBasis: number };
    expect(p.listedStrike).toBe(101);
    expect(p.strike * p.priceBasis).toBeCloseTo(101, 9);
    expect(d.termNotes).toEqual(['expiry 2016-09-09 (3 days): the one on offer nearest 91 days']);
    const off = await run(['hedge', 'protective-put', ...chain, '--strike', '100.6', '--json', '-', '--quiet']);
    expect(hedgeDetailSchema.parse(JSON.parse(off.stdout)).termNotes[1]).toBe('--strike 100.6: 100.6 asked, 101 used (the nearest put strike on offer for 2016-09-09)');
    expect(await run(['hedge', 'protective-put', ...chain, '--strike', '10', '--quiet'])).toMatchObject({
      code: 2, stderr: 'error: --strike: expected a strike price near the spot 107.68, or a percentage of spot such as 90%, got "10"\n' });
  });

  it('a collar on the zero-cost collar\'s strikes is that collar; fewer contracts cost proportionally less premium', async () => {
    const proposed = await detail(['collar']);
    const c = proposed.candidates.find((h) => h.name.startsWith('ZC collar'))!;
    const p = c.parameters as { putStrike: number; callStrike: number; expiry: string; contracts: number };
    const same = await detail(['collar', '--put-strike', String(p.putStrike), '--call-strike', String(p.callStrike), '--expiry', p.expiry]);
    expect(figures(same.chosen[0]!)).toEqual(figures(c));
    const half = Math.floor(p.contracts / 2);
    const fewer = await detail(['collar', '--put-strike', String(p.putStrike), '--call-strike', String(p.callStrike), '--expiry', p.expiry,
      '--contracts', String(half)]);
    expect(fewer.chosen[0]!.legs.map((l) => l.quantity)).toEqual([half, -half]);
    expect(fewer.chosen[0]!.cost.premium).toBeCloseTo((c.cost.premium * half) / p.contracts, 6);
  });

  it('a resized short scales its legs and cost items, and its P&L variance is quadratic in the size', async () => {
    const sizes = [0.5, 2] as const;
    const [half, double] = await Promise.all(sizes.map((r) => detail(['sector-etf-short', '--ratio', String(r)])));
    const base = half!.candidates[0]!;
    const variance = (h: HedgeReport) => h.asset.after.volatility ** 2;
    for (const [r, d] of [[0.5, half!], [2, double!]] as const) {
      const h = d.chosen[0]!;
      expect(h.legs[0]!.quantity).toBeCloseTo(r * base.legs[0]!.quantity, 9);
      for (const item of ['transaction', 'borrow', 'total'] as const) expect(h.cost[item]).toBeCloseTo(r * base.cost[item], 6);
      expect(h.outOfSample).toBeNull();
      expect(h.outOfSampleNote).toMatch(/resized by hand to [\d.]+ × the estimated ratio/);
    }
    // σ²(r) = σ²(0) + b·r + c·r² through r = 0 and 1 fixes b and c given σ²(0.5); r = 2 must then agree.
    const v0 = base.asset.before.volatility ** 2;
    const v1 = variance(base);
    const vHalf = variance(half!.chosen[0]!);
    const c = (v1 - v0 - 2 * (vHalf - v0)) / (1 - 0.5);
    const b = v1 - v0 - c;
    expect(Math.abs(variance(double!.chosen[0]!) - (v0 + 2 * b + 4 * c)) / v0).toBeLessThan(1e-9);
  });

  it('writes the candidates, legs and parameters as CSV, and the hedges\' HTML report', async () => {
    const r = await run(['hedge', 'sector-etf-short', '--ratio', '0.5', '--csv', 'out', '--html', 'h.html', '--json', '-'], { cwd: dir });
    expect(r.code).toBe(0);
    const d = hedgeDetailSchema.parse(JSON.parse(r.stdout));
    const rows = csvRows(await readFile(join(dir, 'out', 'candidates.csv'), 'utf8'));
    const header = rows[0]!;
    expect(header.slice(0, 10)).toEqual(['origin', 'kind', 'name', 'premium_USD', 'transaction_USD', 'borrow_USD', 'carry_USD', 'cost_total_USD',
      'cost_fraction_of_target', 'annual_cost_USD']);
    expect(header).toContain('portfolio_es99_after');
    expect(rows.slice(1).map((x) => x[0])).toEqual(['chosen', ...d.candidates.map(() => 'proposed')]);
    for (const row of rows.slice(1)) {
      const [premium, transaction, borrow, carry, total] = row.slice(3, 8).map(Number);
      expect(premium! + transaction! + borrow! + carry!).toBeCloseTo(total!, 6);
    }
    const es = header.indexOf('portfolio_es99_after');
    expect(Number(rows[2]![es])).toBe(d.candidates[0]!.portfolio.after.es.find((f) => f.level === 0.99)!.amount);
    const legs = csvRows(await readFile(join(dir, 'out', 'legs.csv'), 'utf8'));
    expect(legs).toEqual([['hedge', 'symbol', 'instrument', 'quantity', 'description'],
      ...[...d.chosen, ...d.candidates].flatMap((h) => h.legs.map((l) => [h.name, l.symbol, l.instrument, String(l.quantity), l.description]))]);
    expect(rows[1]!.length).toBe(header.length);
    const html = await readFile(join(dir, 'h.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    for (const h of [...d.chosen, ...d.candidates]) expect(html).toContain(h.name.replace(/&/g, '&amp;'));
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it('refuses terms the kind does not take, or cannot price, with the valid ones named (exit 2)', async () => {
    const cases: [string[], string][] = [
      [['collar', '--ratio', '2'], 'error: --ratio: expected a term of short-self, sector-etf-short, comparable-short, basket-short, bond-vs-stock, '
        + 'futures, macro-index-futures (not of collar)\n'],
      [['futures', '--strike', '90%'], 'error: --strike: expected a term of protective-put (not of futures)\n'],
      [['collar', '--put-strike', '90%'], 'error: --call-strike: expected both --put-strike and --call-strike for a collar\n'],
      [['protective-put', '--expiry', '90'], 'error: --strike: expected a strike for the put (--expiry and --contracts complete it)\n'],
      [['short-self', '--ratio', '6'], 'error: --ratio: expected a ratio above 0 and at most 5 × the proposed size, got "6"\n'],
      [['short-self', '--ratio', 'half'], 'error: --ratio: expected a positive number, got "half"\n'],
      [['protective-put', '--strike', '0.9'], 'error: --strike: expected a strike price near the spot 237.33, or a percentage of spot such as 90%, got "0.9"\n'],
      [['protective-put', '--strike', '90%', '--expiry', '2099-01-01'],
        'error: --expiry: expected an expiry on offer: 2024-12-29, 2025-02-28, 2025-05-30, 2025-11-29, got "2099-01-01"\n'],
      [['protective-put', '--strike', '90%', '--expiry', 'soon'], 'error: --expiry: expected an expiry date YYYY-MM-DD or a number of calendar days, got "soon"\n'],
      [['protective-put', '--strike', '90%', '--contracts', '39'], 'error: --contracts: expected an integer from 1 to 38, got "39"\n'],
      [['protective-put', '--strikes', '90%'], expect.stringMatching(/^error: --strikes: expected one of the flags of 'hedge': .*--strike, --put-strike, --call-strike, --expiry, --contracts, --ratio/)],
    ];
    for (const [args, message] of cases) {
      const r = await run(['hedge', ...args, '--quiet'], { cwd: dir });
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 2, stderr: message });
    }
  });
});

describe('help of analyze, hedge, backtest and compare', () => {
  it('has an example and fits 100 columns', async () => {
    for (const command of ['analyze', 'hedge', 'backtest', 'compare']) {
      const r = await run([command, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`\\n {2}microhedge ${command} `));
      for (const line of r.stdout.split('\n')) expect({ command, line, fits: line.length <= 100 }).toMatchObject({ fits: true });
    }
  });
});
