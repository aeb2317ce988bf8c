import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCapitalStructure } from '../../../src/data/capital-structure.js';
import { readOptionChainCsv, readYahooOptionChain } from '../../../src/data/chains.js';
import { MAX_INPUT_BYTES } from '../../../src/data/csv.js';
import { detectAndRead, readTextFile } from '../../../src/data/detect.js';
import { checkHoldingsCovered, readHoldings } from '../../../src/data/holdings.js';
import { readOptionRows } from '../../../src/data/option-specs.js';
import { readPrices } from '../../../src/data/prices.js';
import { readRates } from '../../../src/data/rates.js';
import type { ReadOptions } from '../../../src/data/types.js';

// How a case of cases.json is run: which importer reads which file with which options.

export const HERE = join(process.cwd(), 'test', 'bad-inputs', 'importers');

export type Importer =
  | 'prices' | 'rates' | 'holdings' | 'chain-json' | 'chain-csv' | 'options' | 'capital-structure'
  | 'detect' | 'file' | 'coverage';

export type Case = {
  name: string;
  importer: Importer;
  /** The file in this folder (also the name the importer is given), or the name of a generated one. */
  file: string;
  /** A file too big to commit, made by `generate` in a temporary folder. */
  generate?: keyof typeof GENERATORS;
  options?: ReadOptions & { names?: string[]; needs?: 'volatility' | 'price' };
  /** coverage: the price files whose symbols the holdings must be among. */
  prices?: string[];
  /** The exact message of the InputError. */
  error: string;
};

/** Files made at run time, in a temporary folder: text (the readers' input) or a path (`file`). */
export const GENERATORS = {
  /** 2 GiB of nothing (a sparse file, no disk used): refused by its size before it is read. */
  'two-gigabytes': (dir: string): { path: string } => {
    const path = join(dir, 'two-gigabytes.csv');
    writeFileSync(path, '');
    truncateSync(path, 2 * 1024 ** 3);
    return { path };
  },
  /** The sample's real Yahoo chain of AAPL, quoted 2016-09-06 (data/sample). */
  'sample-aapl-chain': (): { text: string } => ({ text: readFileSync(join(process.cwd(), 'data', 'sample', 'aapl_chain_2016-09-06.json'), 'utf8') }),
  /** 10,000,001 lines: a header and ten million holdings rows (40 MB). */
  'ten-million-rows': (): { text: string } => ({ text: `symbol,quantity\n${'A,1\n'.repeat(10_000_000)}` }),
  /** The same with old-Mac CR line ends, which a count of LFs alone would miss. */
  'ten-million-rows-cr': (): { text: string } => ({ text: `date,A\r${'2020-01-02,1\r'.repeat(10_000_000)}` }),
  /** Ten million rows as a file (130 MB, under the size limit): refused by its line count. */
  'ten-million-rows-file': (dir: string): { path: string } => {
    const path = join(dir, 'ten-million-rows.csv');
    writeFileSync(path, `date,A\n${'2020-01-02,1\n'.repeat(10_000_000)}`);
    return { path };
  },
  /** Arrays nested 100,000 deep (valid JSON of the wrong shape): nothing may recurse over it. */
  'deeply-nested-json': (): { text: string } => ({ text: `${'['.repeat(100_000)}${']'.repeat(100_000)}` }),
  /** Text one character over the size limit (already in memory, as the server receives it). */
  'over-size-text': (): { text: string } => ({ text: `date,A\n${'1'.repeat(MAX_INPUT_BYTES)}` }),
} as const;

/** Runs the case; returns what the importer threw (or undefined if it did not throw). */
export async function runImporterCase(c: Case): Promise<unknown> {
  const dir = c.generate === undefined ? undefined : mkdtempSync(join(tmpdir(), 'microhedge-importers-'));
  try {
    const made = c.generate === undefined ? undefined : GENERATORS[c.generate](dir as string) as { text?: string; path?: string };
    const path = made?.path ?? join(HERE, c.file);
    const text = (): string => made?.text ?? readFileSync(path, 'utf8');
    const o = c.options ?? {};
    try {
      switch (c.importer) {
        case 'prices': readPrices(text(), c.file, o); break;
        case 'rates': readRates(text(), c.file, o.names, o); break;
        case 'holdings': readHoldings(text(), c.file, o); break;
        case 'chain-json': readYahooOptionChain(text(), c.file, o); break;
        case 'chain-csv': readOptionChainCsv(text(), c.file, o); break;
        case 'options': readOptionRows(text(), c.file, o.needs ?? 'volatility'); break;
        case 'capital-structure': readCapitalStructure(text(), c.file, o); break;
        case 'detect': detectAndRead(text(), c.file, o); break;
        case 'file': detectAndRead(await readTextFile(path, c.file), c.file, o); break;
        case 'coverage': {
          const { portfolio, rows } = readHoldings(text(), c.file, o);
          const symbols = (c.prices ?? []).flatMap((p) => readPrices(readFileSync(join(HERE, p), 'utf8'), p).series.map((s) => s.symbol));
          checkHoldingsCovered(portfolio, symbols, c.file, rows);
          break;
        }
      }
    } catch (e) {
      return e;
    }
    return undefined;
  } finally {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}
