import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { concernScreenSchema, FLAG_IDS, type ConcernScreen } from '../../src/evaluate/concern.js';

// `microhedge screen` end to end through argv, in-process, on the embedded samples.
let dir: string;
let table: string;
let screen: ConcernScreen;
let jsonRun: { stdout: string; stderr: string };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'microhedge-screen-'));
  const plain = await run(['screen'], { cwd: dir });
  expect(plain.stderr).toBe('');
  expect(plain.code).toBe(0);
  table = plain.stdout;
  const withJson = await run(['screen', '--json', '-', '--csv', join(dir, 'out')], { cwd: dir });
  expect(withJson.code).toBe(0);
  jsonRun = withJson;
  screen = concernScreenSchema.parse(JSON.parse(withJson.stdout));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('microhedge screen on the sample portfolio', () => {
  it('ranks AAPL first in a table no wider than 100 columns', () => {
    const lines = table.split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
    const header = lines.findIndex((l) => l.startsWith('#   Holding'));
    expect(header).toBeGreaterThan(0);
    expect(lines[header + 1]).toMatch(/^1\s+AAPL\s+30\.7%\s+36\.6%\s+35\.3%/);
    expect(lines.slice(header + 1, header + 14).map((l) => l.split(/\s+/)[1])).toHaveLength(13);
    expect(table).toContain('Why this holding: AAPL ranks first');
    expect(table).toContain('1. AAPL is 31% of value but 37% of 10-day 95% ES, above the 10% value line and the 20% ES line;');
    expect(table).toMatch(/^13\s+AGG\s+5\.7%\s+1\.2%/m);
    expect(table).toContain('not a valuation model');
  });

  it('--json - puts the screen alone on stdout and the table on stderr', () => {
    expect(screen.holdings[0]!.symbol).toBe('AAPL');
    expect(screen.asOf).toBe('2024-11-29');
    expect(jsonRun.stderr).toContain('Why this holding: AAPL ranks first');
    expect(jsonRun.stderr).toContain('wrote CSV:');
  });

  it('--csv DIR writes one row per holding in rank order and one per flag measured', async () => {
    const holdings = (await readFile(join(dir, 'out', 'screen-holdings.csv'), 'utf8')).trimEnd().split('\n');
    expect(holdings).toHaveLength(14);
    expect(holdings[0]).toMatch(/^rank,symbol,score,quantity,price,value,value_share,es_contribution,es_share,/);
    expect(holdings[1]).toMatch(/^1,AAPL,/);
    expect(holdings[1]).toContain(',value-share risk-share,"AAPL is 31% of value but 37% of 10-day 95% ES, above the 10% value line and the 20% ES line; its volatility');
    const flags = (await readFile(join(dir, 'out', 'screen-flags.csv'), 'utf8')).trimEnd().split('\n');
    expect(flags[0]).toBe('symbol,flag,family,value,threshold,raised,sentence');
    expect(flags.length - 1).toBe(screen.holdings.reduce((n, h) => n + h.flags.length, 0));
    expect(flags).toContain(`AAPL,value-share,concentration,${screen.holdings[0]!.concentration.valueShare},0.1,true,AAPL is 31% of the portfolio's value (flag at 10%).`);
  });

  it('every threshold is a flag of its own', async () => {
    const r = await run(['screen', '--threshold-value-share', '0.5', '--threshold-risk-share', '0.5', '--json', '-', '--quiet'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const s = concernScreenSchema.parse(JSON.parse(r.stdout));
    expect(s.settings.thresholds['value-share']).toBe(0.5);
    const aapl = s.holdings.find((h) => h.symbol === 'AAPL')!;
    expect(aapl.flags.filter((f) => f.raised)).toEqual([]);
    expect(s.top.why).toContain('carries 37% of the portfolio\'s 10-day 95% ES');
    const help = await run(['screen', '--help']);
    for (const id of FLAG_IDS) expect(help.stdout).toContain(`--threshold-${id}`);
  });

  it('--sample energy ranks the crude inventory first', async () => {
    const r = await run(['screen', '--sample', 'energy', '--json', '-', '--quiet'], { cwd: dir });
    expect(r.code).toBe(0);
    const s = concernScreenSchema.parse(JSON.parse(r.stdout));
    expect(s.top.symbol).toBe('WTI');
    expect(s.top.why).toContain('a micro-hedge of WTI is nearly a hedge of the whole portfolio');
  });

  it('your own files: the equal-weight fixture raises no concentration flag', async () => {
    const sample = join(process.cwd(), 'data', 'sample');
    const r = await run([
      'screen', '--portfolio', join(process.cwd(), 'test', 'reference', 'concern', 'equal-weight-portfolio.csv'),
      '--prices', join(sample, 'stocks_19_2004-2024.csv'), '--prices', join(sample, 'sector_etfs_2004-2025.csv'),
      '--json', '-', '--quiet',
    ], { cwd: dir });
    expect(r.code).toBe(0);
    const s = concernScreenSchema.parse(JSON.parse(r.stdout));
    expect(s.holdings).toHaveLength(13);
    expect(s.holdings.flatMap((h) => h.flags).filter((f) => f.family === 'concentration' && f.raised)).toEqual([]);
  });

  it('the user\'s mistakes exit 2 with one line naming the flag', async () => {
    const cases: [string[], string][] = [
      [['--threshold-trend-z', 'high'], 'error: --threshold-trend-z: expected a number'],
      [['--confidence', '0.95,0.99'], 'error: --confidence: expected one confidence level'],
      [['--trend', '100'], 'error: --trend: expected an integer from 252 to 6300, got "100"'],
      [['--as-of', '2024-11-30'], 'error: --as-of: expected a trading date'],
      [['--portfolio', 'x.csv'], 'error: --prices: expected --portfolio and --prices given together'],
      [['--threshold-nonsense', '1'], 'error: --threshold-nonsense: expected one of the flags of \'screen\''],
    ];
    for (const [args, message] of cases) {
      const r = await run(['screen', ...args], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.startsWith(message)).toBe(true);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });
});
