import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/run.js';
import { hedgeDetailSchema, type HedgeDetail } from '../../src/report/hedge-detail.js';
import { reportSchema } from '../../src/report/schema.js';

// `hedge KIND` through argv: every candidate of the kind, with the analysis's own figures.
let dir: string;
let detail: HedgeDetail;
let terminal: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'microhedge-hedge-'));
  const r = await run(['hedge', 'sector-etf-short', '--json', '-'], { cwd: dir });
  expect(r.stderr).not.toMatch(/bug:/);
  expect(r.code).toBe(0);
  detail = hedgeDetailSchema.parse(JSON.parse(r.stdout));
  terminal = r.stderr;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('microhedge hedge KIND', () => {
  it('gives every candidate of the kind as analyze evaluates it, lowest portfolio ES first', async () => {
    const a = await run(['analyze', '--hedges', 'sector-etf-short', '--json', '-', '--quiet'], { cwd: dir });
    const report = reportSchema.parse(JSON.parse(a.stdout));
    expect(detail.candidates.map((h) => h.name).sort()).toEqual(report.hedges.map((h) => h.name).sort());
    expect(detail.candidates.length).toBeGreaterThan(0);
    const es = detail.candidates.map((h) => h.portfolio.after.es.at(-1)!.amount);
    expect(es).toEqual([...es].sort((x, y) => x - y));
    for (const h of detail.candidates) expect(h).toEqual(report.hedges.find((x) => x.name === h.name));
    expect(detail).toMatchObject({ kind: 'sector-etf-short', target: 'AAPL', asOf: '2024-11-29' });
  });

  it('prints legs, itemised cost, risk at every level and the out-of-sample test, within 100 columns', () => {
    const first = detail.candidates[0]!;
    expect(terminal).toContain(`1. ${first.name}`);
    expect(terminal).toMatch(/cost: premium \$0, transaction \$\d+, borrow \$\d+, carry \$\d+ = \$\d+/);
    for (const label of ['VaR 95%', 'ES 95%', 'VaR 99%', 'ES 99%']) expect(terminal).toContain(`     ${label}`);
    expect(terminal).toMatch(/out of sample \(\d{4}-\d{2}-\d{2} … \d{4}-\d{2}-\d{2}, \d+ periods of \d+ days\): variance removed/);
    for (const line of terminal.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('refuses a missing or unknown kind with the valid kinds listed (exit 2)', async () => {
    const kinds = 'short-self, protective-put, collar, put-spread, delta-hedge, sector-etf-short, comparable-short, basket-short, '
      + 'bond-vs-stock, futures, macro-index-futures, macro-index-put';
    expect(await run(['hedge'], { cwd: dir })).toMatchObject({ code: 2, stderr: `error: KIND: expected one hedge kind among: ${kinds}\n` });
    expect(await run(['hedge', 'puts'], { cwd: dir })).toMatchObject({ code: 2, stderr: `error: KIND: expected one hedge kind among: ${kinds}, got "puts"\n` });
    expect((await run(['hedge', 'collar', '--hedges', 'collar'], { cwd: dir })).code).toBe(2);
    expect((await run(['hedge', '--help'])).stdout).toMatch(/^microhedge hedge — /);
  });
});

describe('microhedge hedge KIND with no candidate', () => {
  it('says so within 100 columns, with an empty list in the JSON (exit 0)', async () => {
    const r = await run(['hedge', 'futures', '--json', '-'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(hedgeDetailSchema.parse(JSON.parse(r.stdout))).toMatchObject({ kind: 'futures', candidates: [], chosen: [] });
    expect(r.stderr).toContain('No futures candidate for AAPL: the data loaded offer none');
    for (const line of r.stderr.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });
});

describe('microhedge hedge KIND --seed', () => {
  it('draws its scenarios from the seed, states it, and another seed gives other draws', async () => {
    const at = async (seed: string) => {
      const r = await run(['hedge', 'short-self', '--scenarios', 'bootstrap', '--count', '500', '--seed', seed, '--json', '-', '--quiet'], { cwd: dir });
      expect(r.code).toBe(0);
      return hedgeDetailSchema.parse(JSON.parse(r.stdout));
    };
    const [a, again, b] = [await at('7'), await at('7'), await at('8')];
    expect(a).toEqual(again);
    expect(a.seed).toBe(7);
    expect(a.scenarios).toMatch(/seed 7/);
    expect(b.candidates[0]!.portfolio.before.es).not.toEqual(a.candidates[0]!.portfolio.before.es);
  });
});
