import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { importOutputSchema } from '../../src/cli/output-schemas.js';
import { openStore } from '../../src/data/store.js';

// `microhedge import` end to end, in-process: exit codes, what goes to stdout and stderr, and
// what lands in the store.

const ROOT = join(import.meta.dirname, '..', '..');
const SAMPLE = join(ROOT, 'data', 'sample');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'microhedge-import-cli-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function symbolsIn(db: string): Promise<string[]> {
  const store = await openStore(db, { readOnly: true });
  try {
    return await store.listSymbols();
  } finally {
    await store.close();
  }
}

describe('microhedge import', () => {
  it('imports files given relative to the working directory into the default store there', async () => {
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    writeFileSync(join(cwd, 'prices.csv'), 'date,AAA,BBB\n2024-01-02,10,20\n2024-01-03,11,\n');
    writeFileSync(join(cwd, 'book.csv'), 'symbol,quantity\nAAA,100\nCASH,5000\n');
    const r = await run(['import', 'prices.csv', 'book.csv'], { cwd });
    expect(r).toEqual({
      code: 0,
      stdout: [
        'prices.csv: prices, 2 symbols (AAA, BBB), 3 values, 2024-01-02 … 2024-01-03',
        '  warning (missing-values) at 3:BBB: BBB has 1 after its last price (2024-01-02); those dates are skipped, nothing is filled at import',
        "book.csv: holdings, portfolio 'book', 1 position and cash",
        'imported 2 files, 5 rows, 1 warning into microhedge.duckdb in ' + r.stdout.match(/in (\d+\.\d\d) s\n$/)?.[1] + ' s',
        '',
      ].join('\n'),
      stderr: '',
    });
    expect(await symbolsIn(join(cwd, 'microhedge.duckdb'))).toEqual(['AAA', 'BBB']);
  });

  it('summarises the sample files: kinds, names, rows, date ranges, replaced rows and warnings', async () => {
    const db = join(dir, 'sample.duckdb');
    const files = ['sector_etfs_2004-2025.csv', 'XLK_yahoo_ohlcv_2019-2025.csv', 'aapl_chain_2016-09-06.json', 'tbill_3m_dtb3_2000-2026.csv',
      'portfolio.csv', 'wti_spot_eia_2007-2026.csv'];
    const r = await run(['import', ...files, '--db', db], { cwd: SAMPLE });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('sector_etfs_2004-2025.csv: prices, 12 symbols (SPY, XLB, XLC, XLE, XLF, XLI, XLK, XLP, …), 59,828 values, 2004-01-02 … 2025-01-07');
    expect(lines[1]).toBe('XLK_yahoo_ohlcv_2019-2025.csv: prices, 1 symbol (XLK), 1,514 values, 2019-01-02 … 2025-01-07');
    expect(lines[2]).toBe('  replaced 1,514 rows of XLK that came from sector_etfs_2004-2025.csv');
    expect(lines).toContain('aapl_chain_2016-09-06.json: option chain of AAPL quoted 2016-09-06, 76 quotes, last expiry 2016-09-09');
    expect(lines).toContain("portfolio.csv: holdings, portfolio 'portfolio', 13 positions and cash");
    expect(lines.some((l) => /^tbill_3m_dtb3_2000-2026\.csv: rates, DTB3, [\d,]+ observations, 2000-01-03 … \d{4}-\d\d-\d\d$/.test(l))).toBe(true);
    // EIA's WTI spot went negative on 2020-04-20: a warning, with where it is.
    expect(lines.some((l) => /^ {2}warning \(negative-price\) at \d+:Price: /.test(l))).toBe(true);
    expect(lines.at(-2)).toMatch(/^imported 6 files, [\d,]+ rows, \d+ warnings? into .*sample\.duckdb in \d+\.\d\d s$/);

    const again = await run(['import', 'portfolio.csv', '--db', db], { cwd: SAMPLE });
    expect(again.stdout.split('\n')[0]).toBe("portfolio.csv: holdings, portfolio 'portfolio', 13 positions and cash (unchanged since its last import)");
  });

  it('writes only JSON to stdout with --json -, and the same JSON to a file with --json PATH', async () => {
    const db = join(dir, 'json.duckdb');
    const r = await run(['import', 'vix_daily_2004-2026.csv', '--db', db, '--json', '-'], { cwd: SAMPLE });
    expect(r.code).toBe(0);
    const json = importOutputSchema.parse(JSON.parse(r.stdout));
    expect(json.db).toBe(db);
    expect(json.rows).toBe(5707);
    expect(json.files[0]).toMatchObject({ file: 'vix_daily_2004-2026.csv', kind: 'prices', names: ['VIX'], unchanged: false });
    expect(json.files[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);

    const out = join(dir, 'summary.json');
    const r2 = await run(['import', 'vix_daily_2004-2026.csv', '--db', db, '--json', out], { cwd: SAMPLE });
    expect(r2.code).toBe(0);
    expect(r2.stdout).toMatch(/^vix_daily_2004-2026\.csv: prices, 1 symbol \(VIX\), 5,707 values, .*\(unchanged since its last import\)\n/);
    expect(importOutputSchema.parse(JSON.parse(readFileSync(out, 'utf8')))).toMatchObject({ rows: 5707, files: [{ unchanged: true }] });
  });

  it('draws a progress line on stderr only when stderr is a terminal, and clears it', async () => {
    const db = join(dir, 'tty.duckdb');
    const r = await run(['import', 'portfolio.csv', 'vix_daily_2004-2026.csv', '--db', db], { cwd: SAMPLE, isTTY: true, env: { NO_COLOR: '1' } });
    expect(r.code).toBe(0);
    const clear = '\r\x1b[K';
    expect(r.stderr.endsWith(clear)).toBe(true);
    expect(r.stderr.split(clear).filter((f) => f !== '').map((f) => f.replace(/ {2}\d+\.\d s$/, ''))).toEqual([
      'importing: reading portfolio.csv [########........] 1/2', 'importing: reading vix_daily_2004-2026.csv [################] 2/2',
      'importing: writing portfolio.csv [########........] 1/2', 'importing: writing vix_daily_2004-2026.csv [################] 2/2',
    ]);
    const piped = await run(['import', 'portfolio.csv', '--db', join(dir, 'piped.duckdb')], { cwd: SAMPLE, isTTY: false });
    expect(piped.stderr).toBe('');
  });

  it('is silent with --quiet, even on a terminal, and writes the summary as CSV; an existing CSV is refused before the store is touched', async () => {
    const db = join(dir, 'quiet.duckdb');
    const csv = join(dir, 'quiet-csv');
    const r = await run(['import', 'portfolio.csv', 'stocks_19_2004-2024.csv', '--db', db, '--quiet', '--csv', csv], { cwd: SAMPLE, isTTY: true });
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const files = readFileSync(join(csv, 'imported-files.csv'), 'utf8').trim().split('\n');
    expect(files[0]).toBe('file,kind,names,rows,first_date,last_date,warnings,unchanged');
    expect(files[1]).toBe('portfolio.csv,holdings,portfolio,14,,,0,false');
    expect(files[2]).toMatch(/^stocks_19_2004-2024\.csv,prices,AAPL .+,\d+,2004-\d\d-\d\d,2024-11-29,\d+,false$/);
    const warnings = readFileSync(join(csv, 'import-warnings.csv'), 'utf8').trim().split('\n');
    expect(warnings[0]).toBe('file,row,column,kind,message');
    expect(warnings).toHaveLength(1 + Number(files[2]!.split(',')[6]));
    const again = await run(['import', 'vix_daily_2004-2026.csv', '--db', db, '--csv', csv], { cwd: SAMPLE });
    expect(again.code).toBe(2);
    // A long path keeps its end in the message: the file name is what the user needs.
    expect(again.stderr).toMatch(/^error: --csv: expected a file that does not exist yet \(add --force to overwrite it\), got "…?[^"]*\/quiet-csv\/imported-files\.csv"\n$/);
    expect(await symbolsIn(db)).not.toContain('VIX');
  });

  it('exits 2 with one error line naming file, row and column, and leaves the store as it was', async () => {
    const db = join(dir, 'atomic.duckdb');
    expect((await run(['import', 'vix_daily_2004-2026.csv', '--db', db], { cwd: SAMPLE })).code).toBe(0);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'date,AAA\n2024-01-02,10\n2024-01-03,-\n');
    const r = await run(['import', join(SAMPLE, 'stocks_19_2004-2024.csv'), bad, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^error: ${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3:AAA: expected .*, got "-"\n$`));
    expect(await symbolsIn(db)).toEqual(['VIX']);
  });

  it.each([
    [['import'], /^error: import: expected at least one FILE to import \(see `microhedge import --help`\)\n$/],
    [['import', 'x.csv', '--dbb', 'y'], /^error: --dbb: expected one of the flags of 'import': --db, --json, --csv, --quiet, --date-order, --latest-date /],
    [['import', 'no-such-file.csv', '--db', 'x.duckdb'], /^error: no-such-file\.csv: expected an existing file\n$/],
    [['import', 'portfolio.csv', '--db', 'missing-dir/x.duckdb'], /^error: .*missing-dir\/x\.duckdb: expected a database path in an existing directory \(.*missing-dir does not exist\)\n$/],
    [['import', 'portfolio.csv', '--db', 'portfolio.csv'], /^error: .*portfolio\.csv: expected a microhedge store \(a DuckDB database file\); this file is not a DuckDB database\n$/],
    [['import', 'portfolio.csv', '--db', 'x.duckdb', '--json', 'no-dir/s.json'], /^error: --json: expected a file path in an existing directory, or - for stdout, got "no-dir\/s\.json"\n$/],
  ])('exits 2 for the user error in %j, creating no store', async (argv, stderr) => {
    const cwd = mkdtempSync(join(dir, 'errors-'));
    copyFileSync(join(SAMPLE, 'portfolio.csv'), join(cwd, 'portfolio.csv'));
    const r = await run(argv, { cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(stderr);
    expect(readdirSync(cwd)).toEqual(['portfolio.csv']);
  });

  it('removes a store file it created when the write fails, and reports that as a bug (exit 1)', async () => {
    const cwd = mkdtempSync(join(dir, 'write-fails-'));
    copyFileSync(join(SAMPLE, 'portfolio.csv'), join(cwd, 'portfolio.csv'));
    // A terminal that breaks (EPIPE) while the transaction is open: the progress callback throws.
    const r = await run(['import', 'portfolio.csv', '--db', 'new.duckdb'], {
      cwd,
      isTTY: true,
      stderr: (s) => {
        if (s.includes('importing') && s.includes('writing')) throw new Error('EPIPE (simulated)');
      },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('EPIPE (simulated)');
    expect(readdirSync(cwd)).toEqual(['portfolio.csv']);
  });

  it('prints help with an example', async () => {
    const r = await run(['import', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: microhedge import FILE\.\.\. \[--db PATH\] \[--json PATH\|-\] \[--csv DIR\] \[--quiet\]\n/);
    expect(r.stdout).toContain('example:\n  microhedge import data/sample/stocks_19_2004-2024.csv');
  });
});
