import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { generatePortfolios, holdingsCsv, universeOn } from '../../src/batch/generate.js';
import { SAMPLES } from '../../src/pipeline/load-inputs.js';
import { readPrices } from '../../src/data/prices.js';
import { readFileSync } from 'node:fs';

/** The built binary: worker threads and worker processes run compiled JavaScript (npm test
 *  builds first; run `npm run build` before vitest alone). */
export const BIN = join(process.cwd(), 'dist', 'src', 'cli', 'main.js');

export function requireBuild(): void {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: \`npm test\` builds it; run \`npm run build\` before vitest alone`);
}

export function cli(cwd: string, ...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

export function cliProcess(cwd: string, ...args: string[]): ChildProcess & { output: { stdout: string; stderr: string } } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => { output.stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { output.stderr += d.toString(); });
  return Object.assign(child, { output });
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** The energy sample's price files: a superset of the equity sample's, so both sample books
 *  (and portfolios of the equity universe) can be in one batch. */
export const MARKET_FLAGS = SAMPLES.energy.prices.flatMap((p) => ['--prices', p]);

export const GOOD = ['client-1', 'client-2', 'client-3', 'client-4', 'client-5', 'client-6', 'client-7', 'client-8', 'client-9', 'energy', 'equity'];

/** A dozen real-data portfolios in `dir/clients`: the two sample books, nine drawn (seed 10) from
 *  the equity sample's universe of stocks and ETFs with 3 to 6 holdings, and `broken.csv` whose
 *  row 3 has no valid quantity. */
export async function writeClients(dir: string): Promise<string> {
  const clients = join(dir, 'clients');
  await mkdir(clients, { recursive: true });
  await copyFile(SAMPLES.equity.portfolio, join(clients, 'equity.csv'));
  await copyFile(SAMPLES.energy.portfolio, join(clients, 'energy.csv'));
  const series = SAMPLES.equity.prices.flatMap((f) => readPrices(readFileSync(f, 'utf8'), f).series);
  const drawn = generatePortfolios(universeOn(series, '2024-11-29'), { count: 9, seed: 10, minHoldings: 3, maxHoldings: 6 });
  for (const p of drawn) await writeFile(join(clients, `${p.id}.csv`), holdingsCsv(p));
  await writeFile(join(clients, 'broken.csv'), 'symbol,quantity\nAAPL,100\nMSFT,a lot\n');
  return clients;
}

/** Rows of a query on a DuckDB file, opened read-only for the query only. */
export async function query(path: string, sql: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  try {
    const c = await instance.connect();
    const rows = (await c.runAndReadAll(sql)).getRowsJS();
    c.closeSync();
    return rows;
  } finally {
    instance.closeSync();
  }
}
