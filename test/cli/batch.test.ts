import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { batchOutputSchema } from '../../src/cli/output-schemas.js';
import { GOOD, MARKET_FLAGS, cli, query, requireBuild, writeClients } from '../batch/clients.js';

// `microhedge batch` as a real process (its worker threads run the built JavaScript): a dozen
// real portfolios, one of them malformed, on two threads; the same reports as `analyze` on each.
let dir: string;
beforeAll(async () => {
  requireBuild();
  dir = await mkdtemp(join(tmpdir(), 'microhedge-batch-cli-'));
  await writeClients(dir);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const FAST = ['--hedges', 'short-self,sector-etf-short,protective-put'];

describe('microhedge batch on worker threads', () => {
  it('gives every portfolio the report analyze gives it, and reports the malformed one without stopping the others', async () => {
    const r = cli(dir, 'batch', '--portfolios', 'clients', ...MARKET_FLAGS, '--out', 'all.duckdb', '--workers', '2', '--quiet');
    expect(r.stderr).toBe('error: clients/broken.csv:3:quantity: expected a quantity (a non-zero number), got "a lot"\n');
    expect(r.status).toBe(2);
    const stored = new Map((await query(join(dir, 'all.duckdb'), "SELECT portfolio_id, report FROM batch_results WHERE status = 'ok'"))
      .map(([id, report]) => [id as string, JSON.parse(report as string) as unknown]));
    expect([...stored.keys()].sort()).toEqual(GOOD);
    for (const id of GOOD) {
      const alone = await run(['analyze', '--portfolio', `clients/${id}.csv`, ...MARKET_FLAGS, '--json', '-', '--quiet'], { cwd: dir });
      expect(alone.code).toBe(0);
      expect(stored.get(id), id).toEqual(JSON.parse(alone.stdout));
    }
    const hedges = await query(join(dir, 'all.duckdb'), 'SELECT portfolio_id, CAST(count(*) AS INTEGER) FROM batch_hedges GROUP BY portfolio_id ORDER BY portfolio_id');
    expect(hedges).toEqual(GOOD.map((id) => [id, (stored.get(id) as { hedges: unknown[] }).hedges.length]));
  });

  it('prints the summary: who holds a concentrated position, the best hedge, its cost, the risk it removes', async () => {
    const r = cli(dir, 'batch', '--portfolios', 'clients', ...MARKET_FLAGS, '--hedges', 'short-self,sector-etf-short,macro-index-futures',
      '--out', 'summary.duckdb', '--workers', '1', '--concentration', '0.25', '--json', 'summary.json');
    expect(r.status).toBe(2);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^batch: 12 portfolios — 12 analysed, 0 unchanged since the last run, 1 invalid, 0 failed; 1 worker thread, [\d.]+ s/);
    expect(lines[1]).toBe('results: summary.duckdb');
    const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as { rows: { id: string; status: string; concentrated: boolean | null; summary: { largestWeight: number } | null }[] };
    const ok = summary.rows.filter((row) => row.status === 'ok');
    const concentrated = ok.filter((row) => row.summary!.largestWeight >= 0.25).map((row) => row.id);
    expect(ok.filter((row) => row.concentrated).map((row) => row.id)).toEqual(concentrated);
    expect(r.stdout).toContain(`${concentrated.length} of 11 portfolios hold a concentrated position (* : at least 25% of value in one holding)`);
    // The macro-hedge (short SPY) leaves less portfolio ES, but the best hedge of AAPL is a micro-hedge.
    expect(r.stdout).toMatch(/\nequity +AAPL 30\.7%\* +AAPL +Short AAPL 100% +\$288 +\$278\.4k → \$186\.2k +33\.1%\n/);
    expect(r.stdout).toMatch(/\nbroken {10}invalid\n/);
    const [best] = await query(join(dir, 'summary.duckdb'),
      "SELECT s.best_hedge_name, s.risk_removed, h.name, h.portfolio_es_before - h.portfolio_es_after FROM batch_summary s JOIN batch_hedges h USING (portfolio_id, inputs_hash) WHERE s.portfolio_id = 'equity' AND h.scope = 'micro' ORDER BY h.rank LIMIT 1");
    expect(best![0]).toBe(best![2]);
    expect(best![1]).toBeCloseTo(best![3] as number, 9);
  });

  it('skips unchanged portfolios on a rerun and analyses only what changed', async () => {
    const args = ['batch', '--portfolios', 'clients', ...MARKET_FLAGS, ...FAST, '--out', 'resume.duckdb', '--quiet', '--json', '-'];
    const first = batchOutputSchema.parse(JSON.parse(cli(dir, ...args).stdout));
    expect(first).toMatchObject({ analysed: 12, skipped: 0 });
    const again = cli(dir, ...args);
    // The malformed portfolio is still reported, from the stored result.
    expect(again.stderr).toContain('error: clients/broken.csv:3:quantity');
    expect(again.status).toBe(2);
    expect(JSON.parse(again.stdout)).toMatchObject({ analysed: 0, skipped: 12 });
    await appendFile(join(dir, 'clients', 'client-3.csv'), 'XLE,10,,USD\n');
    await writeFile(join(dir, 'clients', 'broken.csv'), 'symbol,quantity\nAAPL,100\nMSFT,5\nSPY,5\n');
    const changed = cli(dir, ...args);
    const summary = batchOutputSchema.parse(JSON.parse(changed.stdout));
    expect(summary).toMatchObject({ analysed: 2, skipped: 10 });
    expect(summary.rows.find((row) => row.id === 'broken')).toMatchObject({ status: 'invalid', summary: null });
    expect(changed.stderr).toBe('error: clients/broken.csv:3:symbol: expected a holding with a price history (none among the 65 loaded symbols), got "MSFT"\n');
    expect(await query(join(dir, 'resume.duckdb'), "SELECT CAST(count(*) AS INTEGER) FROM batch_results WHERE portfolio_id = 'client-3'")).toEqual([[1]]);
    await writeFile(join(dir, 'clients', 'broken.csv'), 'symbol,quantity\nAAPL,100\nMSFT,a lot\n');
  });

  it('reads a long CSV, names its lines in errors, writes a results directory, and reads the config file as analyze does', async () => {
    const configured = join(dir, 'configured');
    await mkdir(configured);
    await writeFile(join(configured, 'microhedge.config.json'), JSON.stringify({ horizonDays: 20, costs: { borrowFeeAnnual: 0.01 } }));
    const long = ['portfolio,symbol,quantity,cost_basis', 'a,AAPL,100,', 'b,XOM,50,', 'a,SPY,20,', 'b,JPM,zero,'].join('\n');
    await writeFile(join(configured, 'long.csv'), `${long}\n`);
    const r = cli(configured, 'batch', '--portfolios', 'long.csv', ...MARKET_FLAGS, ...FAST, '--out', 'results/', '--quiet');
    expect(r.stderr).toBe('error: long.csv:5:quantity: expected a quantity (a non-zero number), got "zero"\n');
    expect(r.status).toBe(2);
    await writeFile(join(configured, 'a.csv'), 'symbol,quantity,cost_basis\nAAPL,100,\nSPY,20,\n');
    const alone = await run(['analyze', '--portfolio', 'a.csv', ...MARKET_FLAGS, ...FAST, '--json', '-', '--quiet'], { cwd: configured });
    expect(JSON.parse(alone.stdout).horizonDays).toBe(20);
    expect(await readFile(join(configured, 'results', 'reports', 'a.json'), 'utf8')).toBe(alone.stdout);
    expect((await readFile(join(configured, 'results', 'summary.csv'), 'utf8')).split('\n').map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      'portfolio_id,file,status', 'a,long.csv,ok', 'b,long.csv,invalid', '',
    ]);
  });

  it('reads market files with day-first dates when told to (--date-order), as analyze does', async () => {
    const book = join(dir, 'day-first-book.csv');
    await writeFile(book, 'symbol,quantity\nAAPL,100\nXOM,50\nCASH,1000\n');
    const prices = join(process.cwd(), 'test/bad-inputs/cli/fixtures/day-first-prices.csv');
    const args = ['--portfolios', book, '--prices', prices, '--workers', '1', '--horizon', '5', '--lookback', '120', '--hedges', 'short-self', '--json', '-', '--quiet'];
    const refused = cli(dir, 'batch', ...args, '--out', join(dir, 'day-first-refused/'));
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/set --date-order to month-first or day-first/);
    const read = cli(dir, 'batch', ...args, '--out', join(dir, 'day-first/'), '--date-order', 'day-first');
    expect(read.status).toBe(0);
    const summary = batchOutputSchema.parse(JSON.parse(read.stdout));
    expect(summary.rows.map((r) => r.status)).toEqual(['ok']);
    const alone = await run(['analyze', '--portfolio', book, '--prices', prices, '--date-order', 'day-first', '--horizon', '5', '--lookback', '120',
      '--hedges', 'short-self', '--json', '-', '--quiet'], { cwd: dir });
    const report = JSON.parse(alone.stdout);
    expect(summary.rows[0]!.summary).toMatchObject({ asOf: report.asOf, portfolioValue: report.portfolio.value, target: report.target });
  });

  it('refuses bad flags with one line and exit 2', () => {
    const both = cli(dir, 'batch', '--portfolios', 'clients', '--workers', '2', '--queue', 'redis://127.0.0.1:1');
    expect([both.status, both.stderr]).toEqual([2, 'error: --workers: expected no --workers with --queue (start as many `microhedge worker` processes as you like)\n']);
    const kinds = cli(dir, 'batch', '--portfolios', 'clients', '--hedges', 'short-self,teleport');
    expect(kinds.status).toBe(2);
    expect(kinds.stderr).toMatch(/^error: --hedges: expected hedge kinds among: .*, got "teleport"\n$/);
    const none = cli(dir, 'batch', '--portfolios', 'nowhere');
    expect([none.status, none.stderr]).toEqual([2, 'error: nowhere: expected an existing holdings CSV or a directory of them\n']);
  });
});
