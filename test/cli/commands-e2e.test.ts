import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
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

// Every command of the CLI end to end through argv, in one table: a run on the embedded sample
// (--json - validated by the command's schema), a run on the user's own files (copies of sample
// files under other names, in a directory of their own) writing every output it has — --json FILE
// validated by the schema, --csv DIR, --html FILE — with --quiet, a user error (exit 2, one line
// naming the flag or file), and --help with an example. Then what every command shares, serve and
// worker included: help within 100 columns, unknown flags refused with the valid ones listed,
// --seed taken or refused with the reason, and a bug answered with exit 1. `serve` and `worker`
// run as processes in serve-worker.test.ts (serve on the sample and on uploaded files) and
// test/batch/queue.test.ts (workers analysing the user's books from a Redis queue).

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

/** The commands that run one analysis and write its outputs the same way (analysis-command.ts). */
const ANALYSIS = new Set(['analyze', 'hedge', 'backtest', 'compare']);

type Case = {
  command: string;
  /** Run as the built binary (batch's worker threads load the built JavaScript). */
  asProcess?: boolean;
  sample: string[];
  own: string[];
  schema: z.ZodType;
  /** The files --csv DIR writes. */
  csv: string[];
  /** Whether it writes an HTML page with --html FILE. */
  html: boolean;
  error: { argv: string[]; stderr: RegExp };
};

const CASES: Case[] = [
  {
    command: 'analyze', schema: reportSchema, csv: ['concern.csv', 'hedges.csv', 'holdings.csv', 'out-of-sample.csv', 'payoff.csv', 'risk.csv', 'smile.csv'], html: true,
    sample: ['analyze', ...QUICK, '--hedges', 'short-self,protective-put'],
    own: ['analyze', ...OWN, ...QUICK, '--hedges', 'sector-etf-short', '--target', 'GOOG'],
    error: { argv: ['analyze', '--horizon', '0'], stderr: /^error: --horizon: expected .*, got "0"\n$/ },
  },
  {
    command: 'hedge', schema: hedgeDetailSchema, csv: ['candidates.csv', 'legs.csv', 'parameters.csv'], html: true,
    sample: ['hedge', 'short-self', ...QUICK],
    own: ['hedge', 'sector-etf-short', ...OWN, ...QUICK],
    error: { argv: ['hedge', 'long-straddle'], stderr: /^error: KIND: expected one hedge kind among: short-self, .*, got "long-straddle"\n$/ },
  },
  {
    command: 'backtest', schema: backtestSchema, csv: ['breaks.csv', 'episodes.csv', 'walk-forward.csv'], html: true,
    sample: ['backtest', '--kind', 'sector-etf-short'],
    own: ['backtest', '--kind', 'sector-etf-short', ...OWN],
    error: { argv: ['backtest', '--kind', 'nothing'], stderr: /^error: --kind: expected .*, got "nothing"\n$/ },
  },
  {
    command: 'compare', schema: comparisonSchema, csv: ['compare.csv'], html: true,
    sample: ['compare', ...QUICK],
    own: ['compare', ...OWN, ...QUICK, '--top', '2'],
    error: { argv: ['compare', '--top', '-3'], stderr: /^error: --top: expected .*, got "-3"\n$/ },
  },
  {
    command: 'screen', schema: concernScreenSchema, csv: ['screen-flags.csv', 'screen-holdings.csv'], html: false,
    sample: ['screen'],
    own: ['screen', ...OWN],
    error: { argv: ['screen', '--portfolio', 'missing.csv', '--prices', 'closes.csv'], stderr: /^error: missing\.csv: expected an existing file\n$/ },
  },
  {
    command: 'import', schema: importOutputSchema, csv: ['import-warnings.csv', 'imported-files.csv'], html: false,
    sample: ['import', join(SAMPLE, 'portfolio.csv'), join(SAMPLE, 'vix_daily_2004-2026.csv'), '--db', 'sample.duckdb'],
    own: ['import', 'my-book.csv', 'closes.csv', 'tbill.csv', '--db', 'own.duckdb'],
    error: { argv: ['import', 'wti.csv', '--date-order', 'sideways'], stderr: /^error: --date-order: expected one of month-first, day-first, got "sideways"\n$/ },
  },
  {
    command: 'price', schema: priceOutputSchema, csv: ['price.csv'], html: false,
    sample: ['price', '--type', 'put', '--style', 'american', '--spot', '100', '--strike', '95', '--rate', '0.1', '--dividend-yield', '0.05', '--time', '0.5', '--vol', '0.2'],
    own: ['price', '--file', 'options.csv'],
    error: { argv: ['price', '--type', 'put', '--spot', '100', '--strike', '95', '--rate', '0.1', '--time', '0.5', '--vol', '-0.2'], stderr: /^error: --vol: expected an annualised volatility .*, got "-0\.2"\n$/ },
  },
  {
    command: 'iv', schema: ivOutputSchema, csv: ['iv.csv'], html: false,
    sample: ['iv', '--type', 'call', '--spot', '107.68', '--strike', '110', '--rate', '0.003', '--time', '0.0082', '--price', '0.12'],
    own: ['iv', '--file', 'options.csv'],
    error: { argv: ['iv', '--type', 'call', '--spot', '100', '--strike', '90', '--rate', '0', '--time', '1', '--price', '1'], stderr: /^error: --price: expected a price with an implied volatility \(.*\), got "1"\n$/ },
  },
  {
    command: 'chain', schema: chainOutputSchema, csv: ['chain.csv'], html: true,
    sample: ['chain', join(SAMPLE, 'aapl_chain_2016-09-06.json'), '--dividend-yield', '0.0198'],
    own: ['chain', 'spx-quotes.csv'],
    error: { argv: ['chain', 'my-book.csv'], stderr: /^error: my-book\.csv: expected an option chain .*, not a holdings file\n$/ },
  },
  {
    command: 'effectiveness', schema: effectivenessOutputSchema, csv: ['dollar-offset.csv', 'effectiveness-tests.csv'], html: true,
    sample: ['effectiveness', '--item', join(SAMPLE, 'wti_spot_eia_2007-2026.csv'), '--instrument', join(SAMPLE, 'energy_futures_nearby_2007-2025.csv'), '--instrument-symbol', 'CL01'],
    own: ['effectiveness', '--item', 'wti.csv', '--instrument', 'futures.csv', '--instrument-symbol', 'CL02', '--period', 'weekly'],
    error: { argv: ['effectiveness', '--item', 'wti.csv', '--instrument', 'futures.csv', '--instrument-symbol', 'CL01', '--period', 'hourly'], stderr: /^error: --period: expected one of daily, weekly, monthly, got "hourly"\n$/ },
  },
  {
    command: 'batch', schema: batchOutputSchema, csv: ['batch-summary.csv'], html: false, asProcess: true,
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

describe.each(CASES)('microhedge $command', ({ command, asProcess, sample, own, schema, csv, html, error }) => {
  beforeAll(() => {
    if (asProcess && !existsSync(BIN)) throw new Error(`${BIN} is missing: \`npm test\` builds it; run \`npm run build\` first`);
  });

  it('runs on the embedded sample, its --json valid by its schema', async () => {
    const r = await microhedge([...sample, '--json', '-'], asProcess);
    expect(r.stderr).not.toMatch(/^(bug|error):/m);
    expect(r.code).toBe(0);
    schema.parse(JSON.parse(r.stdout));
    // The analysis commands say where they wrote (here nothing: the JSON went to stdout).
    if (ANALYSIS.has(command)) expect(r.stderr).not.toMatch(/^wrote /m);
  });

  it('runs on the user\'s own files and writes every output quietly: --json FILE by its schema, --csv DIR, --html FILE', async () => {
    const out = `own-${command}`;
    const r = await microhedge([...own, '--json', `${out}.json`, '--csv', `${out}-csv`, ...(html ? ['--html', `${out}.html`] : []), '--quiet'], asProcess);
    // Quiet: nothing but notes on the data (here the negative WTI price of April 2020).
    expect(r.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('note: '))).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    schema.parse(JSON.parse(await readFile(join(dir, `${out}.json`), 'utf8')));
    expect((await readdir(join(dir, `${out}-csv`))).sort()).toEqual(csv);
    for (const name of csv) expect(await readFile(join(dir, `${out}-csv`, name), 'utf8')).toMatch(/^[a-z_]+(,[^,\n]+)*\n/);
    if (html) expect(await readFile(join(dir, `${out}.html`), 'utf8')).toMatch(/^<!doctype html>[^]*<\/html>\n?$/i);
  });

  it.runIf(ANALYSIS.has(command))('says where it wrote each file, unless --quiet', async () => {
    const out = `loud-${command}`;
    const r = await microhedge([...own, '--json', `${out}.json`, '--csv', `${out}-csv`, '--html', `${out}.html`]);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n').filter((line) => line.startsWith('wrote '))).toEqual([
      `wrote JSON report: ${join(dir, `${out}.json`)}`, `wrote HTML report: ${join(dir, `${out}.html`)}`, `wrote CSV report: ${join(dir, `${out}-csv`)}`,
    ]);
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

// What every command shares.
const COMMANDS = ['analyze', 'hedge', 'backtest', 'compare', 'screen', 'import', 'price', 'iv', 'chain', 'effectiveness', 'batch', 'serve', 'worker'];
/** Commands that draw at random (scenarios), so take --seed. */
const SEEDED = new Set(['analyze', 'hedge', 'backtest', 'compare', 'screen', 'batch']);
/** Commands with no output of their own to write: they serve, or hand results back to a batch. */
const NO_OUTPUT = new Set(['serve', 'worker']);
/** What a command needs before it looks at its options. */
const SEED_PREFIX: Record<string, string[]> = { hedge: ['short-self'], batch: ['--portfolios', 'books'] };

describe.each(COMMANDS)('microhedge %s, as every command', (command) => {
  it('has --help within 100 columns listing --quiet (and --json FILE|- where it has output)', async () => {
    const r = await run([command, '--help']);
    expect(r.code).toBe(0);
    const wide = r.stdout.split('\n').filter((line) => line.length > 100);
    expect(wide).toEqual([]);
    expect(r.stdout).toMatch(/^ {2}--quiet /m);
    if (!NO_OUTPUT.has(command)) expect(r.stdout).toMatch(/--json (FILE|PATH)(\|-)?/);
  });

  it('refuses an unknown flag with one line listing its flags (exit 2)', async () => {
    const r = await run([command, '--frobnicate', 'x']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^error: --frobnicate: expected one of the flags of '${command}': --[^\n]*--quiet[^\n]*\n$`));
  });

  it(SEEDED.has(command) ? 'takes --seed N and checks it' : 'refuses --seed, saying why it needs none (exit 2)', async () => {
    const help = (await run([command, '--help'])).stdout;
    expect(help.includes('--seed')).toBe(SEEDED.has(command));
    const r = await run([command, ...(SEED_PREFIX[command] ?? []), '--seed', 'x'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(SEEDED.has(command)
      ? /^error: --seed: expected an integer from 0 to 2147483647, got "x"\n$/
      : /^error: --seed: expected no seed: [^\n]+\n$/);
  });
});

describe('a bug', () => {
  it('is answered with exit 1 and a bug: line asking for a report, never as the user\'s error', async () => {
    const r = await run(['price', '--type', 'put', '--spot', '100', '--strike', '95', '--rate', '0.05', '--time', '0.5', '--vol', '0.2'], {
      stdout: () => { throw new Error('EPIPE (simulated)'); },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^bug: microhedge failed unexpectedly; please report this with the command you ran\.\nError: EPIPE \(simulated\)/);
  });
});
