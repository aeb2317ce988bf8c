import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { reportSchema, type Report } from '../../src/report/schema.js';

async function analyze(args: string[]): Promise<Report> {
  const result = await run(['analyze', '--json', '-', '--quiet', '--hedges', 'short-self,sector-etf-short,protective-put', ...args]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return reportSchema.parse(JSON.parse(result.stdout));
}

describe('analyze --scenarios', () => {
  it.each(['fhs', 'bootstrap', 'mc-normal', 'mc-t'] as const)('%s: states the method and seed, and the seed decides the draws', async (method) => {
    const a = await analyze(['--scenarios', method, '--count', '3000', '--seed', '7']);
    expect(a.scenarios.method).toBe(method);
    expect(a.scenarios.count).toBe(3000);
    expect(a.scenarios.seeded).toBe(true);
    expect(a.scenarios.description).toMatch(/seed 7/);
    const again = await analyze(['--scenarios', method, '--count', '3000', '--seed', '7']);
    expect(again).toEqual(a);
    const other = await analyze(['--scenarios', method, '--count', '3000', '--seed', '8']);
    expect(other.portfolio.risk.es[1]!.amount).not.toBe(a.portfolio.risk.es[1]!.amount);
    // The hedges still do what they must on any scenario set: a full short leaves only costs.
    const full = a.hedges.find((h) => h.name === 'Short AAPL 100%')!;
    expect(full.varianceReduction.asset).toBeGreaterThan(0.999999);
  });

  it('stress: replays named episodes and user shocks, each scenario labelled', async () => {
    const r = await analyze(['--scenarios', 'stress', '--shock', 'AAPL=-0.4,XLK=-0.25']);
    expect(r.scenarios.method).toBe('stress');
    expect(r.scenarios.seeded).toBe(false);
    expect(r.scenarios.labels?.some((l) => /2008/.test(l))).toBe(true);
    expect(r.scenarios.labels?.at(-1)).toMatch(/user shock AAPL=-0.4,XLK=-0.25/);
    // In the user shock AAPL falls 40 %: the worst AAPL loss is at least that.
    expect(r.asset.risk.worstLoss).toBeGreaterThanOrEqual(0.4 * r.asset.value - 1e-6);
  });

  it('rejects an unknown method and a malformed shock with exit 2', async () => {
    const bad = await run(['analyze', '--scenarios', 'garch']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('error: --scenarios: expected one of historical, fhs, bootstrap, mc-normal, mc-t, stress, got "garch"\n');
    const shock = await run(['analyze', '--scenarios', 'stress', '--shock', 'AAPL:-0.4']);
    expect(shock.code).toBe(2);
    expect(shock.stderr).toMatch(/^error: --shock: expected SYMBOL=MOVE pairs/);
  });
});

describe('analyze --sample energy', () => {
  it('hedges the crude inventory; the CL futures hedge beats every other on portfolio ES, and spot crude is never shorted', async () => {
    const result = await run(['analyze', '--sample', 'energy', '--json', '-', '--quiet']);
    expect(result.code).toBe(0);
    const r = reportSchema.parse(JSON.parse(result.stdout));
    expect(r.target).toBe('WTI');
    expect(r.asset.weight).toBeGreaterThan(0.5);
    const es99 = (h: Report['hedges'][number]) => h.portfolio.after.es.find((f) => f.level === 0.99)!.amount;
    const best = [...r.hedges].sort((a, b) => es99(a) - es99(b))[0]!;
    expect(best.kind).toBe('futures');
    expect(r.hedges.some((h) => h.kind === 'short-self')).toBe(false);
  });
});
