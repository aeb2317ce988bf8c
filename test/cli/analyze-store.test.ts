import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';

// analyze reads the same inputs from the DuckDB store as from files, and gets the same report.
let dir: string;
const sample = join(process.cwd(), 'data', 'sample');
const files = ['portfolio.csv', 'stocks_19_2004-2024.csv', 'sector_etfs_2004-2025.csv', 'tbill_3m_dtb3_2000-2026.csv',
  'yields_spreads_daily_2004-2026.csv'].map((f) => join(sample, f));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'microhedge-store-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('analyze --db', () => {
  it('gives exactly the report that the same files give', async () => {
    const imported = await run(['import', ...files, '--db', 'market.duckdb'], { cwd: dir });
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const fromStore = await run(['analyze', '--db', 'market.duckdb', '--json', '-', '--quiet'], { cwd: dir });
    expect(fromStore.stderr).toBe('');
    expect(fromStore.code).toBe(0);
    const fromFiles = await run(['analyze', '--json', '-', '--quiet'], { cwd: dir });
    const a = JSON.parse(fromStore.stdout);
    const b = JSON.parse(fromFiles.stdout);
    // The rate's source names where it was read from; everything else is identical.
    delete a.market.rate.source;
    delete b.market.rate.source;
    expect(a).toEqual(b);
  });

  it('refuses price files alongside --db, and an unknown portfolio name, with exit 2', async () => {
    const withFiles = await run(['analyze', '--db', 'market.duckdb', '--prices', files[1]!], { cwd: dir });
    expect(withFiles.code).toBe(2);
    expect(withFiles.stderr).toMatch(/^error: --prices: expected no price, rate or chain files with --db/);
    const unknown = await run(['analyze', '--db', 'market.duckdb', '--portfolio', 'nope'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: --portfolio: expected the name of a stored portfolio: portfolio, got "nope"\n$/);
  });
});
