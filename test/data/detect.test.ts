import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_INPUT_BYTES } from '../../src/data/csv.js';
import {
  detectAndRead, detectKind, readHoldingsFile, readInputFile, readOptionChainFile, readPricesFile, readRatesFile,
} from '../../src/data/detect.js';
import { readSample, sample } from './reference.js';

const KINDS: Record<string, string> = {
  'XLK_yahoo_ohlcv_2019-2025.csv': 'prices',
  'aapl_chain_2016-09-06.json': 'chain',
  'energy_futures_nearby_2007-2025.csv': 'prices',
  'es_emini_front_2007-2023.csv': 'prices',
  'etf_total_return_indices_2004-2023.csv': 'prices',
  'portfolio.csv': 'holdings',
  'reliance_equity_vol_debt_2011-2012.csv': 'prices',
  'sector_etfs_2004-2025.csv': 'prices',
  'sp500_index_2004-2020.csv': 'prices',
  'spx_chain_2010-09-17.csv': 'chain',
  'stocks_19_2004-2024.csv': 'prices',
  'tbill_3m_dtb3_2000-2026.csv': 'rates',
  'vix_daily_2004-2026.csv': 'prices',
  'wti_cash_vs_jun2020_contract.csv': 'prices',
  'wti_spot_eia_2007-2026.csv': 'prices',
  'yields_spreads_daily_2004-2026.csv': 'rates',
};

describe('detectAndRead / readInputFile on every file of data/sample', () => {
  it.each(Object.entries(KINDS))('%s is read as %s', async (name, kind) => {
    const result = await readInputFile(sample(name));
    expect(result.kind).toBe(kind);
    expect(result.file).toBe(sample(name));
    expect(detectAndRead(readSample(name), name).kind).toBe(kind);
  });

  it('decides rates by observation_date or by FRED names only', () => {
    expect(detectKind('observation_date,MYRATE\n', 'r.csv').kind).toBe('rates');
    expect(detectKind('date,DGS10,DGS2\n', 'r.csv').kind).toBe('rates');
    expect(detectKind('date,SPY\n', 'r.csv').kind).toBe('prices');
    expect(() => detectKind('date,SPY,DGS10\n', 'r.csv')).toThrow(
      'r.csv:1: expected either only FRED rate series (DTB3, DGS10, DGS2, DAAA, DBAA, BAA10Y, DFF) or only prices in one file, got "date,SPY,DGS10"',
    );
  });

  it('passes options to the reader that runs', () => {
    const result = detectAndRead(readSample('stocks_19_2004-2024.csv'), 'stocks.csv', { symbols: ['GE'] });
    expect(result.kind === 'prices' && result.series.map((s) => s.symbol)).toEqual(['GE']);
    const rates = detectAndRead(readSample('yields_spreads_daily_2004-2026.csv'), 'y.csv', { symbols: ['DFF'] });
    expect(rates.kind === 'rates' && rates.series.map((s) => s.name)).toEqual(['DFF']);
  });

  it('has typed wrappers per kind', async () => {
    expect((await readPricesFile(sample('vix_daily_2004-2026.csv'))).series[0]?.symbol).toBe('VIX');
    expect((await readRatesFile(sample('tbill_3m_dtb3_2000-2026.csv'))).series[0]?.name).toBe('DTB3');
    expect((await readHoldingsFile(sample('portfolio.csv'))).portfolio.cash).toBe(50000);
    expect((await readOptionChainFile(sample('aapl_chain_2016-09-06.json'))).chain.quotes).toHaveLength(76);
    expect((await readOptionChainFile(sample('spx_chain_2010-09-17.csv'))).chain.quotes).toHaveLength(481);
  });
});

describe('file wrappers: size limit, encodings, missing files', () => {
  let dir = '';
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'microhedge-data-')); });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('refuses a file over 200 MB before reading it', async () => {
    // A sparse file: the size is real to stat() but no disk is used.
    const path = join(dir, 'huge.csv');
    const handle = await open(path, 'w');
    await handle.truncate(MAX_INPUT_BYTES + 1);
    await handle.close();
    await expect(readInputFile(path)).rejects.toThrow(`${path}: expected a file of at most 200 MB, got "${MAX_INPUT_BYTES + 1} bytes"`);
  });

  it('refuses text already in memory over the same limit', () => {
    const text = 'date,X\n'.padEnd(MAX_INPUT_BYTES + 1, ' ');
    expect(() => detectAndRead(text, 'big.csv')).toThrow(`big.csv: expected a file of at most 200 MB, got "${MAX_INPUT_BYTES + 1} characters"`);
  });

  it('names a missing file and a directory', async () => {
    await expect(readInputFile(join(dir, 'nope.csv'))).rejects.toThrow(`${join(dir, 'nope.csv')}: expected an existing file`);
    await expect(readInputFile(dir)).rejects.toThrow(`${dir}: expected a file (this is a directory or a device)`);
  });
});
