import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { backtestSchema, type Backtest } from '../../src/report/backtest.js';
import { reportSchema } from '../../src/report/schema.js';
import { chartsIn, lines } from '../report/svg.js';

// `backtest` through argv on the sample: the walk-forward tests are the analysis's own.
let dir: string;
let backtest: Backtest;
let terminal: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'microhedge-backtest-'));
  const r = await run(['backtest', '--kind', 'sector-etf-short', '--json', '-', '--csv', 'out'], { cwd: dir });
  expect(r.stderr).not.toMatch(/bug:/);
  expect(r.code).toBe(0);
  backtest = backtestSchema.parse(JSON.parse(r.stdout));
  terminal = r.stderr;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('microhedge backtest', () => {
  it('gives the walk-forward test of each hedge sized from history, as analyze computes it', async () => {
    const a = await run(['analyze', '--hedges', 'sector-etf-short', '--json', '-', '--quiet'], { cwd: dir });
    const report = reportSchema.parse(JSON.parse(a.stdout));
    const tested = report.hedges.filter((h) => h.outOfSample !== null);
    expect(tested.length).toBeGreaterThan(0);
    expect(backtest.walkForward.map((w) => w.name)).toEqual(tested.map((h) => h.name));
    for (const w of backtest.walkForward) expect(w.outOfSample).toEqual(report.hedges.find((h) => h.name === w.name)!.outOfSample);
    expect(terminal).toMatch(/variance removed: \d+% out of sample, \d+% in sample; hedged volatility/);
    // The summary table: one row per test, the JSON's figures rounded.
    for (const w of backtest.walkForward) {
      const o = w.outOfSample;
      const pct = (x: number, d: number) => `${(100 * x).toFixed(d)}%`;
      const flagged = o.breaks.filter((t) => t.flagged).map((t) => t.test).join(',') || 'none';
      expect(terminal.split('\n')).toContainEqual(expect.stringMatching(new RegExp(`^${w.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} +`
        + `${pct(o.outOfSampleVarianceReduction, 0)} +${pct(o.inSampleVarianceReduction, 0)} +${pct(o.hedgeErrorVolatility, 1).replace('.', '\\.')} +`
        + `${pct(o.maxDrawdown.unhedged, 1).replace('.', '\\.')}→${pct(o.maxDrawdown.hedged, 1).replace('.', '\\.')} +${flagged} +${o.reliability}$`)));
    }
    for (const line of terminal.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('writes the ratio paths, episodes and break tests as CSV', async () => {
    const rows = (name: string) => readFile(join(dir, 'out', name), 'utf8').then((t) => t.trim().split('\n'));
    const path = await rows('walk-forward.csv');
    expect(path[0]).toBe('hedge,date,regressor,ratio,std_error');
    const points = backtest.walkForward.reduce((n, w) => n + w.outOfSample.ratioPath.reduce((m, p) => m + p.ratios.length, 0), 0);
    expect(path).toHaveLength(1 + points);
    expect(path[1]).toMatch(new RegExp(`^${backtest.walkForward[0]!.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')},\\d{4}-\\d{2}-\\d{2},XLK,`));
    expect((await rows('breaks.csv'))[0]).toBe('hedge,test,statistic,critical,flagged,date');
    expect((await rows('episodes.csv'))[0]).toBe('hedge,episode,from,to,oos_variance_reduction');
  });

  it('backtests the delta-hedged put: tracking error, trades and costs on a band and daily', async () => {
    const r = await run(['backtest', '--kind', 'delta-hedge', '--json', '-', '--quiet'], { cwd: dir });
    const b = backtestSchema.parse(JSON.parse(r.stdout));
    expect(b.walkForward).toEqual([]);
    expect(b.deltaHedge).toHaveLength(1);
    const f = b.deltaHedge[0]!.figures;
    expect(f.backtestRuns).toBeGreaterThan(30);
    expect(f.bandTrackingErrorStd).toBeGreaterThan(0);
    expect(f.dailyMeanTrades as number).toBeGreaterThan(f.bandMeanTrades as number);
    expect(b.deltaHedge[0]!.summary).toMatch(/^Backtested on \d+ quarterly starts/);
  });

  it('draws each ratio path with its ±2 standard-error band in a self-contained page', async () => {
    const r = await run(['backtest', '--kind', 'basket-short', '--html', 'basket.html', '--json', '-', '--quiet'], { cwd: dir });
    expect(r.code).toBe(0);
    const b = backtestSchema.parse(JSON.parse(r.stdout));
    const html = await readFile(join(dir, 'basket.html'), 'utf8');
    const regressors = b.walkForward.reduce((n, w) => n + w.outOfSample.ratioPath[0]!.ratios.length, 0);
    expect(regressors).toBeGreaterThan(1);
    const charts = chartsIn(html);
    expect(charts).toHaveLength(b.walkForward.length);
    // One line and one ±2 s.e. band per regressor.
    expect(charts.reduce((n, c) => n + (c.svg.match(/fill-opacity="0.15"/g) ?? []).length, 0)).toBe(regressors);
    b.walkForward.forEach((w, k) => {
      expect(lines(charts[k]!.svg, '#[0-9a-f]{6}', '1.5')).toHaveLength(w.regressors.length);
      // Named as in the hedge (Short basket XLK/GOOG/…), in the legend and the description.
      expect(w.name).toContain(w.regressors.join('/'));
      for (const name of w.regressors) expect(charts[k]!.svg).toContain(`>${name}</text>`);
      expect(charts[k]!.description).toContain(`of ${w.regressors.join(', ')} re-estimated ${w.outOfSample.ratioPath.length} times`);
    });
    for (const w of b.walkForward) {
      expect(html).toContain(`${w.name} <span class="rel ${w.outOfSample.reliability}">`);
      for (const t of w.outOfSample.breaks) expect(html).toContain(`<td>${t.test}</td><td>${t.statistic.toFixed(2)}</td>`);
    }
    expect(html).not.toMatch(/<script|(?:src|href)=["']?https?:/);
    const again = await run(['backtest', '--kind', 'basket-short', '--html', 'basket.html', '--quiet'], { cwd: dir });
    expect(again).toMatchObject({ code: 2, stderr: 'error: --html: expected a file that does not exist yet (add --force to overwrite it), got "basket.html"\n' });
  });

  it('gives the hedged volatility and drawdowns of futures sized on price changes in price units, not as percentages', async () => {
    const r = await run(['backtest', '--sample', 'energy', '--kind', 'futures', '--json', '-'], { cwd: dir });
    expect(r.code).toBe(0);
    const b = backtestSchema.parse(JSON.parse(r.stdout));
    const o = b.walkForward[0]!.outOfSample;
    expect(o.maxDrawdown.unit).toBe('price');
    expect(r.stderr).toContain(`hedged volatility ${o.hedgeErrorVolatility.toFixed(2)} (price units) a year`);
    expect(r.stderr).toContain(`largest drawdown: ${o.maxDrawdown.unhedged.toFixed(2)} unhedged, ${o.maxDrawdown.hedged.toFixed(2)} hedged`);
    expect(r.stderr).toContain('Hedges sized on price changes: volatility and drawdowns in the target\'s price units.');
  });

  it('refuses a kind that is not sized from history, naming the valid ones (exit 2)', async () => {
    const r = await run(['backtest', '--kind', 'collar'], { cwd: dir });
    expect(r).toMatchObject({ code: 2, stderr: 'error: --kind: expected one of sector-etf-short, comparable-short, basket-short, futures, '
      + 'macro-index-futures, delta-hedge (the others are not sized from history), got "collar"\n' });
    expect((await run(['backtest', '--help'])).stdout).toMatch(/^microhedge backtest — /);
  });
});
