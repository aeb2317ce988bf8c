import { readFile, stat } from 'node:fs/promises';
import { InputError } from '../domain/errors.js';
import { readOptionChainCsv, readYahooOptionChain } from './chains.js';
import { MAX_INPUT_BYTES } from './csv.js';
import { decodeText } from './encoding.js';
import { readHoldings } from './holdings.js';
import { readPrices } from './prices.js';
import { readRates } from './rates.js';
import { FRED_SERIES } from './symbols.js';
import { openCsv } from './table.js';
import type {
  ChainReadOptions, ChainReadResult, HoldingsReadOptions, HoldingsReadResult, ImportResult, PriceReadOptions, PriceReadResult,
  RateReadResult, ReadOptions,
} from './types.js';

export type InputKind = ImportResult['kind'];

/** Which reader a file needs, from its name and first line (docs/data-formats.md, "Detection"):
 *  JSON → option chain; a `quantity` or `symbol` column → holdings; a `strike` column → option
 *  chain CSV; an `observation_date` column, or only FRED series names (DTB3, DGS10, DGS2, DAAA,
 *  DBAA, BAA10Y, DFF) beside the date → rates; anything else → prices. A file mixing FRED series
 *  with other columns is refused rather than half-read as prices. */
export function detectKind(text: string, fileName: string): { kind: InputKind; json: boolean } {
  if (isJson(text, fileName)) return { kind: 'chain', json: true };
  const { header, headerLine } = openCsv(text, fileName);
  const lower = header.map((h) => h.toLowerCase());
  if (lower.includes('quantity') || lower.includes('symbol')) return { kind: 'holdings', json: false };
  if (lower.includes('strike')) return { kind: 'chain', json: false };
  if (lower.includes('observation_date')) return { kind: 'rates', json: false };
  const values = header.filter((_, i) => lower[i] !== 'date');
  const fred = values.filter((h) => FRED_SERIES.has(h));
  if (fred.length === 0) return { kind: 'prices', json: false };
  if (fred.length === values.length) return { kind: 'rates', json: false };
  throw new InputError({
    file: fileName, row: headerLine, value: header.join(','),
    expected: `either only FRED rate series (${[...FRED_SERIES].join(', ')}) or only prices in one file`,
  });
}

function isJson(text: string, fileName: string): boolean {
  return /\.json$/i.test(fileName) || /^\s*\{/.test(text.slice(0, 1024));
}

/** Reads any supported file with the reader `detectKind` picks. `options` apply to the reader
 *  that runs (`symbols` also picks the columns of a rates file). */
export function detectAndRead(text: string, fileName: string, options: ReadOptions = {}): ImportResult {
  const { kind, json } = detectKind(text, fileName);
  switch (kind) {
    case 'chain':
      return { kind, file: fileName, ...(json ? readYahooOptionChain(text, fileName, options) : readOptionChainCsv(text, fileName, options)) };
    case 'holdings':
      return { kind, file: fileName, ...readHoldings(text, fileName, options) };
    case 'rates':
      return { kind, file: fileName, ...readRates(text, fileName, options.symbols, options) };
    case 'prices':
      return { kind, file: fileName, ...readPrices(text, fileName, options) };
  }
}

/** A file's text, refusing files over `MAX_INPUT_BYTES` before reading them, and decoded by
 *  `decodeText` (UTF-8, or UTF-16 with a byte-order mark; anything else refused by what it looks
 *  like). `name` is how messages call the file. */
export async function readTextFile(path: string, name = path): Promise<string> {
  return (await readInputBytes(path, name)).text;
}

/** The file's bytes (to hash them) and its text, after the same checks as `readTextFile`;
 *  `name` is how messages call the file (the path as the user gave it). */
export async function readInputBytes(path: string, name = path): Promise<{ bytes: Buffer; text: string }> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new InputError({ file: name, expected: 'an existing file' });
    if (code === 'EACCES' || code === 'EPERM') throw new InputError({ file: name, expected: 'a file this user may read' });
    throw e;
  }
  if (!info.isFile()) throw new InputError({ file: name, expected: 'a file (this is a directory or a device)' });
  // Checked before reading, so a huge file is refused without being loaded.
  if (info.size > MAX_INPUT_BYTES) {
    throw new InputError({ file: name, expected: `a file of at most ${MAX_INPUT_BYTES / 1024 / 1024} MB`, value: `${info.size} bytes` });
  }
  const bytes = await readFile(path);
  return { bytes, text: decodeText(bytes, name) };
}

/** Reads and detects any supported file (the CLI `import` and the store use this). */
export async function readInputFile(path: string, options: ReadOptions = {}): Promise<ImportResult> {
  return detectAndRead(await readTextFile(path), path, options);
}

export async function readPricesFile(path: string, options: PriceReadOptions = {}): Promise<PriceReadResult> {
  return readPrices(await readTextFile(path), path, options);
}

export async function readRatesFile(path: string, names?: readonly string[]): Promise<RateReadResult> {
  return readRates(await readTextFile(path), path, names);
}

export async function readHoldingsFile(path: string, options: HoldingsReadOptions = {}): Promise<HoldingsReadResult> {
  return readHoldings(await readTextFile(path), path, options);
}

/** A Yahoo JSON chain (by its `.json` name or its `{`), otherwise an option-quote CSV. */
export async function readOptionChainFile(path: string, options: ChainReadOptions = {}): Promise<ChainReadResult> {
  const text = await readTextFile(path);
  return isJson(text, path) ? readYahooOptionChain(text, path, options) : readOptionChainCsv(text, path, options);
}
