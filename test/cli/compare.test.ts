import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { comparisonSchema, type Comparison } from '../../src/report/compare.js';
import { reportSchema, type Report } from '../../src/report/schema.js';

// `compare` through argv on the sample: its rows must be the analysis's own figures.
const HEDGES = ['--hedges', 'short-self,sector-etf-short,protective-put,macro-index-futures,macro-index-put'];
let dir: string;
let comparison: Comparison;
let report: Report;
let terminal: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'microhedge-compare-'));
  const c = await run(['compare', ...HEDGES, '--top', '2', '--json', '-', '--csv', 'out', '--html', 'compare.html'], { cwd: dir });
  expect(c.stderr).not.toMatch(/bug:/);
  expect(c.code).toBe(0);
  comparison = comparisonSchema.parse(JSON.parse(c.stdout));
  terminal = c.stderr;
  const a = await run(['analyze', ...HEDGES, '--json', '-', '--quiet'], { cwd: dir });
  report = reportSchema.parse(JSON.parse(a.stdout));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('microhedge compare', () => {
  it('lists the two micro-hedges leaving the lowest portfolio ES, then every macro-hedge', () => {
    const hi = report.confidence.at(-1)!;
    const esAfter = (name: string) => report.hedges.find((h) => h.name === name)!.portfolio.after.es.find((f) => f.level === hi)!.amount;
    const micro = comparison.rows.filter((r) => r.scope === 'micro');
    const macro = comparison.rows.filter((r) => r.scope === 'macro');
    expect(micro).toHaveLength(2);
    expect(macro.map((r) => r.name).sort()).toEqual(report.hedges.filter((h) => h.scope === 'macro').map((h) => h.name).sort());
    const others = report.hedges.filter((h) => h.scope === 'micro' && !micro.some((m) => m.name === h.name));
    for (const m of micro) {
      expect(m.portfolioEsAfter).toBe(esAfter(m.name));
      for (const o of others) expect(m.portfolioEsAfter).toBeLessThanOrEqual(esAfter(o.name));
    }
  });

  it('carries each hedge\'s cost and risk figures unchanged from the analysis', () => {
    for (const row of comparison.rows) {
      const h = report.hedges.find((x) => x.name === row.name)!;
      expect(row.cost).toBe(h.cost.total);
      expect(row.assetEsAfter).toBe(h.asset.after.es.find((f) => f.level === comparison.assetLevel)!.amount);
      expect(row.varianceCutPortfolio).toBe(h.varianceReduction.portfolio);
      expect(row.outOfSample).toBe(h.outOfSample?.reliability ?? '—');
    }
    expect(comparison).toMatchObject({ target: 'AAPL', asOf: report.asOf, horizonDays: 10, assetLevel: 0.95, portfolioLevel: 0.99 });
  });

  it('says which side leaves less portfolio risk, prints the table within 100 columns, and writes the CSV', async () => {
    const micro = comparison.rows.find((r) => r.scope === 'micro')!;
    const macro = comparison.rows.find((r) => r.scope === 'macro')!;
    expect(comparison.verdict).toContain(`At these sizes the ${micro.portfolioEsAfter <= macro.portfolioEsAfter ? 'micro' : 'macro'}-hedge leaves less portfolio risk.`);
    expect(terminal).toMatch(/^microhedge compare — micro-hedges of AAPL against macro-hedges of the portfolio, as of 2024-11-29\n/);
    for (const line of terminal.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    const csv = (await readFile(join(dir, 'out', 'compare.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('scope,kind,name,cost_USD,annual_cost_USD,target_es95_before,target_es95_after,portfolio_es99_before,'
      + 'portfolio_es99_after,portfolio_es_removed_per_cost,variance_cut_target,variance_cut_portfolio,out_of_sample');
    expect(csv).toHaveLength(1 + comparison.rows.length);
  });

  it('writes the HTML report of exactly the hedges compared', async () => {
    const html = await readFile(join(dir, 'compare.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    const shown = new Set(comparison.rows.map((r) => r.name));
    for (const h of report.hedges) {
      const anchorText = `>${h.name.replace(/&/g, '&amp;')}</a>`;
      if (shown.has(h.name)) expect(html).toContain(anchorText);
      else expect(html).not.toContain(anchorText);
    }
    expect(report.hedges.length).toBeGreaterThan(shown.size);
  });

  it('refuses bad values with the flag named (exit 2)', async () => {
    const top = await run(['compare', '--top', '0'], { cwd: dir });
    expect(top).toMatchObject({ code: 2, stderr: 'error: --top: expected an integer from 1 to 50, got "0"\n' });
    const extra = await run(['compare', 'AAPL'], { cwd: dir });
    expect(extra).toMatchObject({ code: 2, stderr: 'error: AAPL: expected an option such as --target SYMBOL (compare takes no positional arguments)\n' });
    expect((await run(['compare', '--help'])).stdout).toMatch(/^microhedge compare — /);
  });
});
