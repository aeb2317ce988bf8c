import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectAndRead } from '../../src/data/detect.js';
import { openStore, type Store } from '../../src/data/store.js';
import { STORE_TABLES } from '../../src/data/store-schema.js';
import { portfolioName } from '../../src/data/store-write.js';
import type { ImportResult, PriceSeries, RateSeries } from '../../src/data/types.js';
import { InputError } from '../../src/domain/errors.js';

// The store must give back exactly what the importers produced: these tests import the real
// files of data/sample/ and compare with the readers' own output, value by value, bit by bit.

const ROOT = join(import.meta.dirname, '..', '..');
const SAMPLE_FILES = readdirSync(join(ROOT, 'data', 'sample'))
  .filter((f) => /\.(csv|json)$/.test(f))
  .sort()
  .map((f) => `data/sample/${f}`);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'microhedge-store-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function parse(file: string): ImportResult {
  return detectAndRead(readFileSync(join(ROOT, file), 'utf8'), file);
}

/** Bit-level equality of two double arrays (distinguishes −0 from 0 and every NaN payload). */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

/** Every table's full contents, ordered, read through a separate connection of the same
 *  database instance: the reference for "the import left the database exactly as it was". */
async function dump(path: string, options: { withoutImportTimes?: boolean } = {}): Promise<Record<string, unknown[]>> {
  const instance = await DuckDBInstance.fromCache(path);
  const c = await instance.connect();
  const out: Record<string, unknown[]> = {};
  try {
    for (const table of STORE_TABLES) {
      const columns = table === 'imports' && options.withoutImportTimes ? 'file, sha256, kind, rows' : '*';
      out[table] = (await c.runAndReadAll(`SELECT ${columns} FROM ${table} ORDER BY ALL`)).getRowsJson();
    }
  } finally {
    c.closeSync();
    instance.closeSync();
  }
  return out;
}

type Observation = { day: string; value: number; file: string; column: string };

/** What the store should hold for a list of parsed files imported in order: the later file's
 *  value wins for the same (symbol, date); a series' source lists its files in the order of
 *  the first date each contributed. Independent of the store's SQL. */
function expectedSeries(series: (PriceSeries | RateSeries)[], nameOf: (s: PriceSeries | RateSeries) => string) {
  const byName = new Map<string, Map<string, Observation>>();
  for (const s of series) {
    const m = byName.get(nameOf(s)) ?? new Map<string, Observation>();
    byName.set(nameOf(s), m);
    s.dates.forEach((day, i) => m.set(day, { day, value: s.values[i] as number, file: s.source.file, column: s.source.column }));
  }
  return new Map([...byName].map(([name, m]) => {
    const obs = [...m.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
    const firstOf = new Map<string, string>();
    for (const o of obs) if (!firstOf.has(`${o.file}\u0000${o.column}`)) firstOf.set(`${o.file}\u0000${o.column}`, o.day);
    const groups = [...firstOf.keys()].map((k) => k.split('\u0000') as [string, string]);
    return [name, {
      dates: obs.map((o) => o.day),
      values: Float64Array.from(obs.map((o) => o.value)),
      file: [...new Set(groups.map((g) => g[0]))].join(' + '),
      column: [...new Set(groups.map((g) => g[1]))].join(' + '),
    }];
  }));
}

describe('importing every file of data/sample into one store file', () => {
  let path: string;
  let store: Store;
  const results = SAMPLE_FILES.map(parse);

  beforeAll(async () => {
    path = join(dir, 'sample.duckdb');
    store = await openStore(path);
    await store.importFiles(SAMPLE_FILES, undefined, { cwd: ROOT });
  });
  afterAll(async () => {
    await store.close();
  });

  it('gives back every price series bit for bit, later files winning on shared dates (XLK, SPY, AGG)', async () => {
    const priceSeries = results.flatMap((r) => (r.kind === 'prices' ? r.series : []));
    const expected = expectedSeries(priceSeries, (s) => (s as PriceSeries).symbol);
    const loaded = await store.loadPrices();
    expect(loaded.map((s) => s.symbol)).toEqual([...expected.keys()].sort());
    for (const s of loaded) {
      const e = expected.get(s.symbol);
      expect(s.dates).toEqual(e?.dates);
      expect(sameBits(s.values, e?.values ?? new Float64Array())).toBe(true);
      expect(s.source).toEqual({ file: e?.file, column: e?.column });
    }
    // The overlaps are real: AGG and SPY mix two files; XLK's Yahoo file sorts before the sector
    // file, whose later import replaced every one of its dates.
    const merged = loaded.filter((s) => s.source.file.includes(' + ')).map((s) => s.symbol);
    expect(merged).toEqual(['AGG', 'SPY']);
    expect(loaded.find((s) => s.symbol === 'XLK')?.source).toEqual({ file: 'data/sample/sector_etfs_2004-2025.csv', column: 'XLK' });
    const aapl = loaded.find((s) => s.symbol === 'AAPL');
    expect(aapl?.dates.at(-1)).toBe('2024-11-29');
    expect(aapl?.values.at(-1)).toBe(237.3300018310547);
  });

  it('gives back every rate series, both option chains and the portfolio exactly', async () => {
    const rates = results.flatMap((r) => (r.kind === 'rates' ? r.series : []));
    expect(rates.map((r) => r.name).sort()).toEqual(['BAA10Y', 'DAAA', 'DBAA', 'DFF', 'DGS10', 'DGS2', 'DTB3']);
    for (const r of rates) {
      const loaded = await store.loadRates(r.name);
      expect(loaded).toStrictEqual(r);
      expect(sameBits(loaded?.values ?? new Float64Array(), r.values)).toBe(true);
    }
    for (const r of results) {
      if (r.kind === 'chain') {
        expect(await store.loadChain(r.chain.underlying, r.chain.quoteDate)).toStrictEqual(r.chain);
        expect(await store.loadChain(r.chain.underlying)).toStrictEqual(r.chain);
      }
      if (r.kind === 'holdings') expect(await store.loadHoldings(portfolioName(r.file))).toStrictEqual(r.portfolio);
    }
    expect(await store.loadChain('AAPL', '2016-09-07')).toBeNull();
    await expect(store.loadChain('AAPL', '2016-9-6')).rejects.toThrow('quote date: expected a date YYYY-MM-DD, got "2016-9-6"');
    expect(await store.loadRates('DGS30')).toBeNull();
    expect(await store.loadHoldings('other')).toBeNull();
  });

  it('lists its contents and records every file with the sha256 of its bytes', async () => {
    expect(await store.listContents()).toEqual({
      chains: [{ underlying: 'AAPL', quoteDate: '2016-09-06', quotes: 76 }, { underlying: 'SPX', quoteDate: '2010-09-17', quotes: 481 }],
      rates: expect.arrayContaining([{ name: 'DTB3', first: '2000-01-03', last: expect.any(String), rows: expect.any(Number) }]),
      portfolios: [{ name: 'energy-portfolio', positions: 7 }, { name: 'portfolio', positions: 13 }],
    });
    const imports = await store.listImports();
    expect(imports.map((i) => i.file)).toEqual(SAMPLE_FILES.map((f) => join(ROOT, f)));
    for (const [i, record] of imports.entries()) {
      const bytes = readFileSync(join(ROOT, SAMPLE_FILES[i] as string));
      expect(record.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(record.kind).toBe(results[i]?.kind);
      expect(record.importedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
    expect(new Set(imports.map((i) => i.importedAt)).size).toBe(1);
  });

  it('loads requested symbols in the requested order and names the ones it lacks', async () => {
    const two = await store.loadPrices(['XOM', 'AAPL']);
    expect(two.map((s) => s.symbol)).toEqual(['XOM', 'AAPL']);
    await expect(store.loadPrices(['AAPL', 'NOPE', 'ZZZ'])).rejects.toThrow(InputError);
    await expect(store.loadPrices(['NOPE', 'ZZZ'])).rejects.toThrow(/sample\.duckdb: expected symbols the store holds prices for \(AAPL, .* and \d+ more\), got "NOPE, ZZZ"/);
    expect((await store.listSymbols()).slice(0, 3)).toEqual(['AAPL', 'AGG', 'AMD']);
  });
});

describe('each sample file alone', () => {
  it.each(SAMPLE_FILES)('%s round-trips exactly through an in-memory store', async (file) => {
    const result = parse(file);
    const store = await openStore();
    try {
      const summary = await store.importFiles([file], undefined, { cwd: ROOT });
      expect(summary.files[0]).toMatchObject({ file, kind: result.kind, warnings: result.warnings, unchanged: false, replaced: [] });
      switch (result.kind) {
        case 'prices': {
          const bySymbol = [...result.series].sort((a, b) => (a.symbol < b.symbol ? -1 : 1));
          const loaded = await store.loadPrices();
          // Field by field: a deep equality over 100 000 doubles is what would make this slow.
          expect(loaded.map((s) => [s.symbol, s.source])).toStrictEqual(bySymbol.map((s) => [s.symbol, s.source]));
          loaded.forEach((s, i) => {
            expect(s.dates.join()).toBe(bySymbol[i]?.dates.join());
            expect(sameBits(s.values, bySymbol[i]?.values as Float64Array)).toBe(true);
          });
          expect(summary.rows).toBe(result.series.reduce((n, s) => n + s.dates.length, 0));
          break;
        }
        case 'rates':
          for (const r of result.series) expect(await store.loadRates(r.name)).toStrictEqual(r);
          break;
        case 'chain':
          expect(await store.loadChain(result.chain.underlying)).toStrictEqual(result.chain);
          expect(summary.rows).toBe(result.chain.quotes.length);
          break;
        case 'holdings':
          expect(await store.loadHoldings(portfolioName(file))).toStrictEqual(result.portfolio);
          break;
      }
    } finally {
      await store.close();
    }
  });
});

describe('atomicity: a failed import leaves the database exactly as it was', () => {
  let path: string;
  let before: Record<string, unknown[]>;

  beforeAll(async () => {
    path = join(dir, 'atomic.duckdb');
    const store = await openStore(path);
    await store.importFiles(['data/sample/sector_etfs_2004-2025.csv', 'data/sample/portfolio.csv', 'data/sample/spx_chain_2010-09-17.csv'], undefined, { cwd: ROOT });
    await store.close();
    before = await dump(path);
    expect(before.prices?.length).toBe(59828);
  });

  it('a malformed file among good ones aborts the import with its file, row and column', async () => {
    const bad = join(dir, 'bad_prices.csv');
    writeFileSync(bad, 'date,AAPL,XLK\n2024-01-02,185.2,190.1\n2024-01-03,184.3,abc\n');
    const store = await openStore(path);
    try {
      const error = await store.importFiles([join(ROOT, 'data/sample/stocks_19_2004-2024.csv'), bad]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).details).toMatchObject({ file: bad, row: 3, column: 'XLK', value: 'abc' });
      expect((error as InputError).message).toMatch(/bad_prices\.csv:3:XLK: expected .*, got "abc"$/);
    } finally {
      await store.close();
    }
    expect(await dump(path)).toEqual(before);
  });

  it('an error while writing (after some files are in the transaction) is rolled back', async () => {
    const store = await openStore(path);
    const files = ['data/sample/stocks_19_2004-2024.csv', 'data/sample/XLK_yahoo_ohlcv_2019-2025.csv', 'data/sample/portfolio.csv'];
    const written: string[] = [];
    try {
      // The stocks file adds new symbols, the XLK file replaces rows of XLK, portfolio.csv
      // replaces the stored portfolio: all three are undone when the third file fails.
      const failing = store.importFiles(files, (p) => {
        if (p.phase !== 'write') return;
        written.push(p.file);
        if (written.length === 3) throw new Error('disk full (simulated)');
      }, { cwd: ROOT });
      await expect(failing).rejects.toThrow('disk full (simulated)');
      expect(written).toEqual(files);
      expect(await dump(path)).toEqual(before);
      // The connection is usable afterwards: no transaction was left open.
      const summary = await store.importFiles(['data/sample/vix_daily_2004-2026.csv'], undefined, { cwd: ROOT });
      expect(summary.files[0]?.names).toEqual(['VIX']);
    } finally {
      await store.close();
    }
    const after = await dump(path);
    expect(after.prices?.length).toBe(59828 + 5707);
    expect(after.holdings).toEqual(before.holdings);
  });

  it('a missing file aborts before anything is written', async () => {
    const store = await openStore(path);
    try {
      await expect(store.importFiles(['data/sample/vix_daily_2004-2026.csv', 'data/sample/nope.csv'], undefined, { cwd: ROOT }))
        .rejects.toThrow('data/sample/nope.csv: expected an existing file');
      await expect(store.importFiles([])).rejects.toThrow('import: expected at least one file to import');
    } finally {
      await store.close();
    }
  });
});

describe('re-importing and replacing', () => {
  it('re-importing the same files changes nothing but the import times', async () => {
    const path = join(dir, 'idempotent.duckdb');
    const files = ['data/sample/sector_etfs_2004-2025.csv', 'data/sample/XLK_yahoo_ohlcv_2019-2025.csv', 'data/sample/tbill_3m_dtb3_2000-2026.csv',
      'data/sample/aapl_chain_2016-09-06.json', 'data/sample/portfolio.csv'];
    const store = await openStore(path);
    try {
      const first = await store.importFiles(files, undefined, { cwd: ROOT });
      expect(first.files.map((f) => f.unchanged)).toEqual([false, false, false, false, false]);
      // XLK's Yahoo adjusted closes replace the sector file's on the dates both have.
      expect(first.files[1]?.replaced).toEqual([{ name: 'XLK', previousSource: 'data/sample/sector_etfs_2004-2025.csv', rows: 1514 }]);
      const once = await dump(path, { withoutImportTimes: true });
      const second = await store.importFiles(files, undefined, { cwd: ROOT });
      expect(second.files.map((f) => f.unchanged)).toEqual([true, true, true, true, true]);
      expect(second.rows).toBe(first.rows);
      expect(await dump(path, { withoutImportTimes: true })).toEqual(once);
      expect(await store.listImports()).toHaveLength(5);
    } finally {
      await store.close();
    }
  });

  it('upserts observations by (symbol, date), later files winning, and says what it replaced', async () => {
    const a = join(dir, 'a_prices.csv');
    const b = join(dir, 'b_prices.csv');
    writeFileSync(a, 'date,AAA,BBB\n2024-01-02,10,20\n2024-01-03,11,21\n2024-01-04,12,22\n');
    writeFileSync(b, 'date,AAA\n2024-01-03,11.5\n2024-01-04,12.5\n2024-01-05,13.5\n');
    const store = await openStore();
    try {
      await store.importFiles([a]);
      const summary = await store.importFiles([b]);
      expect(summary.files[0]?.replaced).toEqual([{ name: 'AAA', previousSource: a, rows: 2 }]);
      const [aaa, bbb] = await store.loadPrices(['AAA', 'BBB']);
      expect(aaa).toStrictEqual({
        symbol: 'AAA',
        dates: ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'],
        values: Float64Array.from([10, 11.5, 12.5, 13.5]),
        source: { file: `${a} + ${b}`, column: 'AAA' },
      });
      expect(bbb?.values).toEqual(Float64Array.from([20, 21, 22]));
      await store.importFiles([a]);
      const [again] = await store.loadPrices(['AAA']);
      expect(again?.values).toEqual(Float64Array.from([10, 11, 12, 13.5]));
    } finally {
      await store.close();
    }
  });

  it('replaces a whole portfolio and a whole chain (snapshots are not merged)', async () => {
    mkdirSync(join(dir, 'v1'), { recursive: true });
    mkdirSync(join(dir, 'v2'), { recursive: true });
    writeFileSync(join(dir, 'v1', 'book.csv'), 'symbol,quantity,cost_basis,currency\nAAPL,100,150,EUR\nMSFT,50,,EUR\nCASH,1000,,EUR\n');
    writeFileSync(join(dir, 'v2', 'book.csv'), 'symbol,quantity\nMSFT,-20\n');
    const header = '"quote_date","leg","maturity","riskfree","type","strike","underlying","bid","ask"\n';
    writeFileSync(join(dir, 'v1', 'spx_chain_x.csv'), `${header}"2010-09-17","near",0.0794520547945206,0.0012,"p",675,1125.59,0.05,0.1\n"2010-09-17","near",0.0794520547945206,0.0012,"c",1200,1125.59,1.05,1.2\n`);
    writeFileSync(join(dir, 'v2', 'spx_chain_x.csv'), `${header}"2010-09-17","next",0.1561643835616438,0.0015,"c",1150,1125.59,20.1,20.6\n`);
    const store = await openStore();
    try {
      await store.importFiles(['v1/book.csv', 'v1/spx_chain_x.csv'], undefined, { cwd: dir });
      expect(await store.loadHoldings('book')).toStrictEqual({
        positions: [
          { instrument: { kind: 'equity', symbol: 'AAPL' }, quantity: 100, costBasis: 150 },
          { instrument: { kind: 'equity', symbol: 'MSFT' }, quantity: 50 },
        ],
        cash: 1000,
        currency: 'EUR',
      });
      const summary = await store.importFiles(['v2/book.csv', 'v2/spx_chain_x.csv'], undefined, { cwd: dir });
      expect(summary.files.map((f) => f.replaced)).toEqual([
        [{ name: 'book', previousSource: 'v1/book.csv', rows: 3 }],
        [{ name: 'SPX', previousSource: 'v1/spx_chain_x.csv', rows: 2 }],
      ]);
      expect(await store.loadHoldings('book')).toStrictEqual({
        positions: [{ instrument: { kind: 'equity', symbol: 'MSFT' }, quantity: -20 }], cash: 0, currency: 'USD',
      });
      const chain = await store.loadChain('SPX');
      expect(chain?.quotes).toStrictEqual([
        // The reader recomputes T as ACT/365F from quote date to expiry (57 days).
        { type: 'call', strike: 1150, expiry: '2010-11-13', timeYears: 57 / 365, bid: 20.1, ask: 20.6, riskFree: 0.0015 },
      ]);
      expect(chain?.source).toBe('v2/spx_chain_x.csv');
    } finally {
      await store.close();
    }
  });
});

describe('several stores on one file in one process', () => {
  it('serialises concurrent imports and reads instead of failing on a write conflict', async () => {
    const path = join(dir, 'shared.duckdb');
    const [s1, s2] = [await openStore(path), await openStore(path)];
    try {
      const a = join(dir, 'conc_a.csv');
      const b = join(dir, 'conc_b.csv');
      writeFileSync(a, 'date,CCC\n2024-01-02,1\n2024-01-03,2\n');
      writeFileSync(b, 'date,CCC\n2024-01-02,3\n2024-01-03,4\n');
      const [ra, rb, read] = await Promise.all([s1.importFiles([a]), s2.importFiles([b]), s1.loadPrices()]);
      expect(ra.rows + rb.rows).toBe(4);
      expect(read.length).toBeLessThanOrEqual(1);
      const [ccc] = await s2.loadPrices(['CCC']);
      // Both imports ran, one after the other: the later one's values are stored.
      expect([[1, 2], [3, 4]]).toContainEqual([...(ccc?.values ?? [])]);
    } finally {
      await s1.close();
      await s2.close();
    }
    await expect(s1.listSymbols()).rejects.toThrow('store used after close()');
  });
});
