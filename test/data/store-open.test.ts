import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/data/store.js';
import { STORE_SCHEMA_VERSION } from '../../src/data/store-schema.js';
import { InputError } from '../../src/domain/errors.js';

// Opening is where the user's mistakes meet the store: a wrong --db path, a file that is not a
// store, a store from a newer microhedge, a store another process holds. Each must be an
// InputError that says what to do, never a DuckDB stack trace.

const ROOT = join(import.meta.dirname, '..', '..');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'microhedge-open-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function openError(path: string, options?: { readOnly?: boolean }): Promise<InputError> {
  const error = await openStore(path, options).then(async (s) => {
    await s.close();
    return null;
  }, (e: unknown) => e);
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

async function withRawDatabase(path: string, sql: string[]): Promise<void> {
  const instance = await DuckDBInstance.fromCache(path);
  const c = await instance.connect();
  try {
    for (const statement of sql) await c.run(statement);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

describe('openStore', () => {
  it('creates a new store file with the current schema version, and reopens it', async () => {
    const path = join(dir, 'new.duckdb');
    const store = await openStore(path);
    expect(store.path).toBe(path);
    expect(await store.listSymbols()).toEqual([]);
    await store.close();
    await store.close();
    const again = await openStore(path);
    expect(await again.listImports()).toEqual([]);
    await again.close();
  });

  it('refuses a path whose directory does not exist', async () => {
    const e = await openError(join(dir, 'no', 'such', 'dir', 'x.duckdb'));
    expect(e.message).toBe(`${join(dir, 'no', 'such', 'dir', 'x.duckdb')}: expected a database path in an existing directory (${join(dir, 'no', 'such', 'dir')} does not exist)`);
  });

  it('refuses a directory', async () => {
    expect((await openError(dir)).message).toBe(`${dir}: expected a database file (this is a directory or a device)`);
  });

  it('refuses a file that is not a DuckDB database (a CSV given as --db) and leaves it alone', async () => {
    const path = join(dir, 'prices.csv');
    writeFileSync(path, 'date,AAPL\n2024-01-02,185.2\n');
    expect((await openError(path)).message).toBe(`${path}: expected a microhedge store (a DuckDB database file); this file is not a DuckDB database`);
    const empty = join(dir, 'empty.duckdb');
    writeFileSync(empty, '');
    expect((await openError(empty)).message).toMatch(/not a DuckDB database$/);
  });

  it("refuses a DuckDB file that is someone else's database", async () => {
    const path = join(dir, 'other.duckdb');
    await withRawDatabase(path, ['CREATE TABLE trades (id INTEGER, px DOUBLE)', 'CREATE TABLE users (name VARCHAR)']);
    expect((await openError(path)).message).toBe(
      `${path}: expected a microhedge store (a DuckDB file with a schema_version table); this DuckDB file holds other tables, got "trades, users"`,
    );
  });

  it('refuses a schema_version table that is not ours', async () => {
    const path = join(dir, 'foreign-version.duckdb');
    await withRawDatabase(path, ['CREATE TABLE schema_version (application VARCHAR, version INTEGER)', "INSERT INTO schema_version VALUES ('flyway', 7)"]);
    expect((await openError(path)).message).toMatch(/expected a microhedge store \(schema_version holding one row \('microhedge', version\)\), got "\[\[\\"flyway\\",\\"7\\"\]\]"$/);
  });

  it('refuses a store written by a newer microhedge, naming both versions', async () => {
    const path = join(dir, 'newer.duckdb');
    await (await openStore(path)).close();
    await withRawDatabase(path, [`UPDATE schema_version SET version = ${STORE_SCHEMA_VERSION + 1}`]);
    expect((await openError(path)).message).toBe(
      `${path}: expected a store of schema version ${STORE_SCHEMA_VERSION} or older (it was written by a newer microhedge; upgrade microhedge to read it), got "schema version ${STORE_SCHEMA_VERSION + 1}"`,
    );
  });

  it('refuses a store with a table missing', async () => {
    const path = join(dir, 'damaged.duckdb');
    await (await openStore(path)).close();
    await withRawDatabase(path, ['DROP TABLE option_quotes']);
    expect((await openError(path)).message).toBe(`${path}: expected a complete microhedge store of schema version 1, got "missing tables: option_quotes"`);
  });

  it('opens read-only for reading, refuses to import then, and refuses a missing file', async () => {
    const path = join(dir, 'readonly.duckdb');
    const writer = await openStore(path);
    await writer.importFiles(['data/sample/vix_daily_2004-2026.csv'], undefined, { cwd: ROOT });
    await writer.close();
    const reader = await openStore(path, { readOnly: true });
    try {
      expect(await reader.listSymbols()).toEqual(['VIX']);
      await expect(reader.importFiles(['data/sample/portfolio.csv'], undefined, { cwd: ROOT }))
        .rejects.toThrow(`${path}: expected a store opened for writing (this one is read-only)`);
    } finally {
      await reader.close();
    }
    expect((await openError(join(dir, 'absent.duckdb'), { readOnly: true })).message)
      .toMatch(/absent\.duckdb: expected an existing microhedge store \(no such file; create it with `microhedge import`\)$/);
    await expect(openStore(undefined, { readOnly: true })).rejects.toThrow(InputError);
  });
});

describe('several stores on one file in this process', () => {
  it('lets a read-only store share a writable one, but not the other way round', async () => {
    const path = join(dir, 'modes.duckdb');
    const writer = await openStore(path);
    const reader = await openStore(path, { readOnly: true });
    await writer.importFiles(['data/sample/vix_daily_2004-2026.csv'], undefined, { cwd: ROOT });
    expect(await reader.listSymbols()).toEqual(['VIX']);
    await expect(reader.importFiles(['data/sample/portfolio.csv'], undefined, { cwd: ROOT })).rejects.toThrow(/read-only/);
    await writer.close();
    await reader.close();

    const firstReader = await openStore(path, { readOnly: true });
    expect((await openError(path)).message).toBe(`${path}: expected a store not open read-only elsewhere in this process (close that store first)`);
    await firstReader.close();
    // Once the read-only store is closed the file opens for writing again.
    await (await openStore(path)).close();
  });
});

describe('a store held by another process', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill();
  });

  it('is refused with the holder named, and opens again once that process lets go', async () => {
    const path = join(dir, 'locked.duckdb');
    await (await openStore(path)).close();
    const script = `
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const instance = await DuckDBInstance.create(${JSON.stringify(path)});
      await instance.connect();
      process.stdout.write('ready\\n');
      process.stdin.on('end', () => process.exit(0));
      process.stdin.resume();`;
    const holder = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
    child = holder;
    await new Promise<void>((resolve, reject) => {
      holder.stdout?.on('data', (d: Buffer) => { if (d.toString().includes('ready')) resolve(); });
      holder.on('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
    });
    const e = await openError(path);
    expect(e.message).toBe(
      `${path}: expected a store no other process is using (it is locked by process ${holder.pid}; DuckDB lets one process write a file at a time)`,
    );
    const exited = new Promise((resolve) => holder.on('exit', resolve));
    holder.stdin?.end();
    await exited;
    child = undefined;
    await (await openStore(path)).close();
  });
});
