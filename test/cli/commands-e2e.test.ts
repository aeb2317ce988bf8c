import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  batchOutputSchema, chainOutputSchema, effectivenessOutputSchema, importOutputSchema, ivOutputSchema, priceOutputSchema,
} from '../../src/cli/output-schemas.js';
import { run } from '../../src/cli/run.js';
import { concernScreenSchema } from '../../src/evaluate/concern.js';
import { backtestSchema } from '../../src/report/backtest.js';
import { comparisonSchema } from '../../src/report/compare.js';
import { hedgeDetailSchema } from '../../src/report/hedge-detail.js';
import { reportSchema } from '../../src/report/schema.js';

// Every command of the CLI end to end through argv, in one table: a run on the embedded sample, a
// run on the user's own files (copies of sample files under other names, in a directory of their
// own), a user error (exit 2, one line naming the flag or file), its --json validated by the
// command's schema, and --help with an example. `serve` and `worker` are run as processes by
// test/web/app.test.ts, test/server/ and test/batch/queue.test.ts.

const SAMPLE = join(process.cwd(), 'data', 'sample');
const BIN = join(process.cwd(), 'dist', 'src', 'cli', 'main.js');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'microhedge-commands-'));
  // The user's files: their own names, in their own directory.
  for (const [from, to] of [
    ['portfolio.csv', 'my-book.csv'], ['stocks_19_2004-2024.csv', 'closes.csv'], ['sector_etfs_2004-2025.csv', 'etfs.csv'],
    ['tbill_3m_dtb3_2000-2026.csv', 'tbill.csv'], ['spx_chain_2010-09-17.csv', 'spx-quotes.csv'],
    ['wti_spot_eia_2007-2026.csv', 'wti.csv'], ['energy_futures_nearby_2007-2025.csv', 'futures.csv'],
  ]) await copyFile(join(SAMPLE, from!), join(dir, to!));
  await writeFile(join(dir, 'options.csv'), 'type,style,spot,strike,rate,dividend_yield,time_years,volatility,price\nput,american,100,95,0.1,0.05,0.5,0.2,2.6\ncall,european,100,110,0.03,0,1,0.3,9.5\n');
  await mkdir(join(dir, 'books'));
  await copyFile(join(SAMPLE, 'portfolio.csv'), join(dir, 'books', 'client-a.csv'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const OWN = ['--portfolio', 'my-book.csv', '--prices', 'closes.csv', '--prices', 'etfs.csv', '--rates', 'tbill.csv'];
const QUICK = ['--horizon', '5', '--lookback', '300'];

type Case = {
  command: string;
  /** Run as the built binary (batch's worker threads load the built JavaScript). */
  asProcess?: boolean;
  sample: string[];
  own: string[];
  schema: z.ZodType;
  error: { argv: string[]; stderr: RegExp };
};

const CASES: Case[] = [
  {
    command: 'analyze', schema: reportSchema,
    sample: ['analyze', ...QUICK, '--hedges', 'short-self,protective-put'],
    own: ['analyze', ...OWN, ...QUICK, '--hedges', 'sector-etf-short', '--target', 'GOOG'],
    error: { argv: ['analyze', '--horizon', '0'], stderr: /^error: --horizon: expected .*, got "0"\n$/ },
  },
  {
    command: 'hedge', schema: hedgeDetailSchema,
    sample: ['hedge', 'short-self', ...QUICK],
    own: ['hedge', 'sector-etf-short', ...OWN, ...QUICK],
    error: { argv: ['hedge', 'long-straddle'], stderr: /^error: KIND: expected one hedge kind among: short-self, .*, got "long-straddle"\n$/ },
  },
  {
    command: 'backtest', schema: backtestSchema,
    sample: ['backtest', '--kind', 'sector-etf-short'],
    own: ['backtest', '--kind', 'sector-etf-short', ...OWN],
    error: { argv: ['backtest', '--kind', 'nothing'], stderr: /^error: --kind: expected .*, got "nothing"\n$/ },
  },
  {
    command: 'compare', schema: comparisonSchema,
    sample: ['compare', ...QUICK],
    own: ['compare', ...OWN, ...QUICK, '--top', '2'],
    error: { argv: ['compare', '--top', '-3'], stderr: /^error: --top: expected .*, got "-3"\n$/ },
  },
  {
    command: 'screen', schema: concernScreenSchema,
    sample: ['screen'],
    own: ['screen', ...OWN],
    error: { argv: ['screen', '--portfolio', 'missing.csv', '--prices', 'closes.csv'], stderr: /^error: missing\.csv: expected an existing file\n$/ },
  },
  {
    command: 'import', schema: importOutputSchema,
    sample: ['import', join(SAMPLE, 'portfolio.csv'), join(SAMPLE, 'vix_daily_2004-2026.csv'), '--db', 'sample.duckdb'],
    own: ['import', 'my-book.csv', 'closes.csv', 'tbill.csv', '--db', 'own.duckdb'],
    error: { argv: ['import', 'wti.csv', '--date-order', 'sideways'], stderr: /^error: --date-order: expected one of month-first, day-first, got "sideways"\n$/ },
  },
  {
    command: 'price', schema: priceOutputSchema,
    sample: ['price', '--type', 'put', '--style', 'american', '--spot', '100', '--strike', '95', '--rate', '0.1', '--dividend-yield', '0.05', '--time', '0.5', '--vol', '0.2'],
    own: ['price', '--file', 'options.csv'],
    error: { argv: ['price', '--type', 'put', '--spot', '100', '--strike', '95', '--rate', '0.1', '--time', '0.5', '--vol', '-0.2'], stderr: /^error: --vol: expected an annualised volatility .*, got "-0\.2"\n$/ },
  },
  {
    command: 'iv', schema: ivOutputSchema,
    sample: ['iv', '--type', 'call', '--spot', '107.68', '--strike', '110', '--rate', '0.003', '--time', '0.0082', '--price', '0.12'],
    own: ['iv', '--file', 'options.csv'],
    error: { argv: ['iv', '--type', 'call', '--spot', '100', '--strike', '90', '--rate', '0', '--time', '1', '--price', '1'], stderr: /^error: --price: expected a price with an implied volatility \(.*\), got "1"\n$/ },
  },
  {
    command: 'chain', schema: chainOutputSchema,
    sample: ['chain', join(SAMPLE, 'aapl_chain_2016-09-06.json'), '--dividend-yield', '0.0198'],
    own: ['chain', 'spx-quotes.csv'],
    error: { argv: ['chain', 'my-book.csv'], stderr: /^error: my-book\.csv: expected an option chain .*, not a holdings file\n$/ },
  },
  {
    command: 'effectiveness', schema: effectivenessOutputSchema,
    sample: ['effectiveness', '--item', join(SAMPLE, 'wti_spot_eia_2007-2026.csv'), '--instrument', join(SAMPLE, 'energy_futures_nearby_2007-2025.csv'), '--instrument-symbol', 'CL01'],
    own: ['effectiveness', '--item', 'wti.csv', '--instrument', 'futures.csv', '--instrument-symbol', 'CL02', '--period', 'weekly'],
    error: { argv: ['effectiveness', '--item', 'wti.csv', '--instrument', 'futures.csv', '--instrument-symbol', 'CL01', '--period', 'hourly'], stderr: /^error: --period: expected one of daily, weekly, monthly, got "hourly"\n$/ },
  },
  {
    command: 'batch', schema: batchOutputSchema, asProcess: true,
    sample: ['batch', '--portfolios', join(SAMPLE, 'portfolio.csv'), '--out', 'sample-batch/', '--workers', '1', ...QUICK, '--hedges', 'short-self', '--quiet'],
    own: ['batch', '--portfolios', 'books', '--prices', 'closes.csv', '--prices', 'etfs.csv', '--rates', 'tbill.csv', '--out', 'own-batch/', '--workers', '1', ...QUICK, '--hedges', 'short-self', '--quiet'],
    error: { argv: ['batch', '--portfolios', 'books', '--workers', '0'], stderr: /^error: --workers: expected an integer from 1 to \d+, got "0"\n$/ },
  },
];

async function microhedge(argv: string[], asProcess = false): Promise<{ code: number | null; stdout: string; stderr: string }> {
  if (!asProcess) return run(argv, { cwd: dir });
  const r = spawnSync(process.execPath, [BIN, ...argv], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.each(CASES)('microhedge $command', ({ command, asProcess, sample, own, schema, error }) => {
  beforeAll(() => {
    if (asProcess && !existsSync(BIN)) throw new Error(`${BIN} is missing: \`npm test\` builds it; run \`npm run build\` first`);
  });

  it('runs on the embedded sample, its --json valid by its schema', async () => {
    const r = await microhedge([...sample, '--json', '-'], asProcess);
    expect(r.stderr).not.toMatch(/^(bug|error):/m);
    expect(r.code).toBe(0);
    schema.parse(JSON.parse(r.stdout));
  });

  it('runs on the user\'s own files, its --json valid by its schema', async () => {
    const r = await microhedge([...own, '--json', '-'], asProcess);
    expect(r.stderr).not.toMatch(/^(bug|error):/m);
    expect(r.code).toBe(0);
    schema.parse(JSON.parse(r.stdout));
  });

  it('answers a user error with one line and exit 2', async () => {
    const r = await microhedge(error.argv, asProcess);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(error.stderr);
    expect(r.stdout).toBe('');
  });

  it('has --help with usage and an example', async () => {
    const r = await run([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/usage: microhedge /);
    expect(r.stdout).toMatch(/^examples?:\n {2}microhedge /m);
  });
});
