import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { effectivenessOutputSchema } from '../../src/cli/output-schemas.js';

// End to end through argv, in-process, on real files from data/sample; figures against
// test/reference/evaluation/make-accounting-vectors.py (pandas/statsmodels).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of known shape, read in tests only
const vectors: any = JSON.parse(readFileSync(join(process.cwd(), 'test/reference/evaluation/accounting-vectors.json'), 'utf8'));
const SAMPLE = join(process.cwd(), 'data', 'sample');
const WTI = join(SAMPLE, 'wti_spot_eia_2007-2026.csv');
const FUTURES = join(SAMPLE, 'energy_futures_nearby_2007-2025.csv');

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'microhedge-effectiveness-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

function near(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

describe('microhedge effectiveness on the sample data', () => {
  it('WTI spot hedged with CL01: the JSON alone on stdout, the same figures as pandas/statsmodels, a Markdown memo', async () => {
    const ref = vectors.cases[0];
    const memoPath = join(dir, 'wti.md');
    const r = await run(['effectiveness', '--item', WTI, '--instrument', FUTURES, '--instrument-symbol', 'CL01', '--designated', '2024-09-30',
      '--json', '-', '--memo', memoPath], { cwd: dir });
    expect(r.stderr).not.toMatch(/bug:|error:/);
    expect(r.code).toBe(0);
    const out = effectivenessOutputSchema.parse(JSON.parse(r.stdout));
    expect(out.item).toEqual({ symbol: 'WTI', file: WTI, column: 'Price' });
    expect(out.instrument.symbol).toBe('CL01');
    expect(out.calendar).toEqual({ from: ref.calendar.first, to: ref.calendar.last, days: ref.calendar.days });
    const a = out.assessment;
    expect(a.designationDate).toBe('2024-09-30');
    expect(a.ratioSource).toBe('minimum-variance');
    near(a.ratio, ref.ratio, 1e-12);
    if (!a.prospective.ok || !a.prospective.value.regression.ok || !a.retrospective.ok) throw new Error('the sample relationship is assessable');
    near(a.prospective.value.regression.value.rSquared, ref.prospective.regression.rSquared, 1e-10);
    near(a.retrospective.value.dollarOffset.cumulative.ratio!, ref.retrospective.cumulativeRatio, 1e-10);
    expect(a.retrospective.value.dollarOffset.periodEnds).toEqual(ref.retrospective.periodEnds);
    expect(a.highlyEffective).toBe(true);
    // The table went to stderr, with the import notes (CL01 and WTI were negative on 2020-04-20).
    expect(r.stderr).toContain('Retrospective: cumulative dollar offset');
    expect(r.stderr).toMatch(/note: .*wti_spot_eia_2007-2026\.csv:3346:Price: WTI is negative on 2020-04-20/);
    const md = await readFile(memoPath, 'utf8');
    expect(md).toContain('| Hedging instrument | CL01 |');
    expect(md).toMatch(/\| Retrospective: cumulative dollar offset \| 12 monthly periods, 2024-09-30 … 2025-09-16 \| 94\.5 % \| 80 % … 125 % \| PASS \|/);
  });

  it('writes the tests and the period-by-period offsets as CSV, the memo as HTML with --html, and the same figures as the JSON', async () => {
    const ref = vectors.cases[0];
    const r = await run(['effectiveness', '--item', WTI, '--instrument', FUTURES, '--instrument-symbol', 'CL01', '--designated', '2024-09-30',
      '--csv', 'wti-csv', '--html', 'wti.html', '--quiet'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const tests = (await readFile(join(dir, 'wti-csv', 'effectiveness-tests.csv'), 'utf8')).trim().split('\n').map((l) => l.split(','));
    expect(tests[0]).toEqual(['assessment', 'test', 'statistic', 'threshold', 'passed', 'changes', 'detail']);
    const row = (assessment: string, test: string) => tests.find((t) => t[0] === assessment && t[1] === test)!;
    near(Number(row('prospective', 'regression r_squared')[2]), ref.prospective.regression.rSquared, 1e-10);
    near(Number(row('retrospective', 'cumulative dollar offset')[2]), ref.retrospective.cumulativeRatio, 1e-10);
    expect(row('retrospective', 'cumulative dollar offset').slice(3, 6)).toEqual(['0.8 to 1.25', 'true', '12']);
    const offsets = (await readFile(join(dir, 'wti-csv', 'dollar-offset.csv'), 'utf8')).trim().split('\n');
    expect(offsets[0]).toBe('period_end,item_change,hedge_change,offset_ratio,passed');
    expect(offsets.slice(1).map((l) => l.split(',')[0])).toEqual(ref.retrospective.periodEnds);
    // Each period's ratio is −hedge/item, and the verdict is the 80–125 % band.
    for (const l of offsets.slice(1)) {
      const [, item, hedge, ratio, passed] = l.split(',');
      near(Number(ratio), -Number(hedge) / Number(item), 1e-12);
      expect(passed).toBe(String(Number(ratio) >= 0.8 && Number(ratio) <= 1.25));
    }
    const html = await readFile(join(dir, 'wti.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('CL01');
  });

  it('XOM with 1.25 XLE per share, weekly, from two wide files: not effective after designation (exit 0, the verdict is data)', async () => {
    const ref = vectors.cases[1];
    const htmlPath = join(dir, 'xom.html');
    const r = await run(['effectiveness', '--item', join(SAMPLE, 'stocks_19_2004-2024.csv'), '--item-symbol', 'XOM',
      '--instrument', join(SAMPLE, 'sector_etfs_2004-2025.csv'), '--instrument-symbol', 'XLE', '--period', 'weekly', '--designated', '2023-06-30',
      '--ratio', '1.25', '--json', join(dir, 'xom.json'), '--memo', htmlPath], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('The relationship does not meet the effectiveness criteria above.');
    expect(r.stderr).toContain(`wrote memo: ${htmlPath}`);
    const a = JSON.parse(await readFile(join(dir, 'xom.json'), 'utf8')).assessment;
    expect(a.ratioSource).toBe('designated');
    near(a.retrospective.value.dollarOffset.cumulative.ratio, ref.retrospective.cumulativeRatio, 1e-10);
    near(a.prospective.value.variabilityReduction.value.value, ref.prospective.variabilityReduction, 1e-10);
    expect(a.highlyEffective).toBe(false);
    const html = await readFile(htmlPath, 'utf8');
    expect(html).toMatch(/<td class="">Retrospective: cumulative dollar offset<\/td>.*<td class="fail">FAIL<\/td>/);
  });

  it('reads a Yahoo OHLCV download as the instrument (any supported format), daily, restricted by --from/--to', async () => {
    const r = await run(['effectiveness', '--item', join(SAMPLE, 'stocks_19_2004-2024.csv'), '--item-symbol', 'AAPL',
      '--instrument', join(SAMPLE, 'XLK_yahoo_ohlcv_2019-2025.csv'), '--period', 'daily', '--from', '2023-01-01', '--to', '2024-06-28',
      '--designated', '2024-01-02', '--json', '-', '--quiet'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.instrument).toEqual({ symbol: 'XLK', file: join(SAMPLE, 'XLK_yahoo_ohlcv_2019-2025.csv'), column: 'Adj Close' });
    expect(out.calendar.from >= '2023-01-01' && out.calendar.to <= '2024-06-28').toBe(true);
    expect(out.assessment.prospective.value.from).toBe(out.calendar.from);
  });

  it('defaults the designation to one year before the last common date', async () => {
    const r = await run(['effectiveness', '--item', WTI, '--instrument', FUTURES, '--instrument-symbol', 'CL02', '--json', '-'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).assessment.designationDate).toBe('2024-09-16');
  });
});

describe('microhedge effectiveness: the user\'s errors are one line and exit code 2', () => {
  async function fails(args: string[]): Promise<string> {
    const r = await run(['effectiveness', ...args], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    return r.stderr.trimEnd();
  }

  it('a malformed price file names the file, the line, the column and the value', async () => {
    const bad = join(dir, 'bad.csv');
    await writeFile(bad, 'Date,Price\n2024-01-02,71.2\n2024-01-03,abc\n2024-01-04,72.0\n');
    expect(await fails(['--item', bad, '--item-symbol', 'OIL', '--instrument', WTI])).toBe(`error: ${bad}:3:Price: expected a price (a number), got "abc"`);
  });

  it('a missing flag, a wide file without a symbol, a holdings file, a bad period, ratio or memo name', async () => {
    expect(await fails(['--item', WTI])).toBe("error: --instrument: expected a price file (--instrument FILE); see 'microhedge effectiveness --help'");
    expect(await fails(['--item', WTI, '--instrument', FUTURES])).toMatch(/^error: .*energy_futures_nearby_2007-2025\.csv: expected one price series, or --instrument-symbol naming one of its 30 columns \(CL01, CL02/);
    expect(await fails(['--item', join(SAMPLE, 'portfolio.csv'), '--instrument', WTI])).toMatch(/portfolio\.csv: expected a price file for --item \(this looks like a holdings file\)$/);
    expect(await fails(['--item', WTI, '--instrument', FUTURES, '--instrument-symbol', 'CL01', '--period', 'yearly'])).toBe('error: --period: expected one of daily, weekly, monthly, got "yearly"');
    expect(await fails(['--item', WTI, '--instrument', FUTURES, '--instrument-symbol', 'CL01', '--ratio=-1'])).toBe('error: --ratio: expected a positive number, got "-1"');
    expect(await fails(['--item', WTI, '--instrument', FUTURES, '--instrument-symbol', 'CL01', '--memo', 'memo.pdf'])).toMatch(/^error: --memo: expected a file name ending in \.md or \.html/);
    expect(await fails(['--item', WTI, '--instrument', FUTURES, '--instrument-symbol', 'NOPE'])).toMatch(/NOPE/);
    expect(await fails(['--item', WTI, '--instrument', WTI])).toMatch(/^error: --instrument-symbol: expected a hedging instrument other than the hedged item \(WTI\)/);
    expect(await fails(['--item', WTI, '--instrument', FUTURES, '--instrument-symbol', 'CL01', '--designated', '1990-01-01']))
      .toMatch(/^error: --designated: expected a date within the common price dates, 2007-01-02 to \d{4}-\d{2}-\d{2}, got "1990-01-01"/);
    expect(await fails(['--item', join(dir, 'missing.csv'), '--instrument', WTI])).toMatch(/missing\.csv: expected an existing file$/);
    expect(await fails(['--bogus'])).toMatch(/^error: --bogus: expected one of the flags of 'effectiveness'/);
  });

  it('is listed in the overview and has its own help', async () => {
    const overview = await run(['--help']);
    expect(overview.stdout).toMatch(/effectiveness +hedge-accounting tests/);
    const help = await run(['effectiveness', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^microhedge effectiveness — /);
    expect(help.stdout).toContain('--memo FILE.md|FILE.html');
  });
});
