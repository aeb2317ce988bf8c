import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { DuckDBInstance, LIST, VARCHAR, listValue, type DuckDBConnection } from '@duckdb/node-api';
import { InputError } from '../domain/errors.js';
import type { Portfolio } from '../domain/portfolio.js';
import { isoDateOption } from './cells.js';
import { detectAndRead, readInputBytes } from './detect.js';
import {
  readChain, readContents, readHoldings, readImports, readPrices, readRates, readSymbols, type ImportRecord, type StoreContents,
} from './store-read.js';
import { ensureSchema } from './store-schema.js';
import { writeImport, type WrittenFile } from './store-write.js';
import type { DateReadOptions, ImportResult, ImportWarning, OptionChain, PriceSeries, RateSeries } from './types.js';

export type { ImportRecord, StoreContents } from './store-read.js';

/** Where an import has got to, for a progress line: `read` after each file is parsed, `write`
 *  after each file's rows are in the (still uncommitted) transaction. */
export type ImportProgress = { phase: 'read' | 'write'; file: string; done: number; total: number };

/** What one file contributed to an import. */
export type ImportedFile = {
  /** The path as the caller gave it (used in messages). */
  file: string;
  /** Absolute path: the key of the `imports` table. */
  path: string;
  sha256: string;
  kind: ImportResult['kind'];
  /** Symbols (prices), rate names, the chain's underlying, or the portfolio name. */
  names: string[];
  /** Rows written: price or rate observations, option quotes, holdings (cash counted as one). */
  rows: number;
  /** Earliest and latest date in the file (a chain's quote date and last expiry; null for holdings). */
  firstDate: string | null;
  lastDate: string | null;
  warnings: ImportWarning[];
  /** The same path with the same content had been imported before: the rows were rewritten with
   *  identical values, nothing changed. */
  unchanged: boolean;
  /** Rows of the store that came from a different file and were replaced by this one's. */
  replaced: { name: string; previousSource: string; rows: number }[];
};

export type ImportSummary = {
  files: ImportedFile[];
  rows: number;
  /** UTC timestamp of the transaction, ISO 8601. */
  importedAt: string;
};

export type ImportOptions = {
  /** Directory relative paths are resolved against (default: the process's). */
  cwd?: string;
  /** The order of slash dates and the latest date allowed, for every file (`--date-order`,
   *  `--latest-date`). */
  dates?: DateReadOptions;
};

export type OpenStoreOptions = {
  /** Open an existing store for reading only; several processes may then read it at once. */
  readOnly?: boolean;
};

/** The embedded DuckDB store (docs/store.md). */
export type Store = {
  /** Absolute path of the database file, or null for an in-memory store. */
  readonly path: string | null;
  /** Parses every file first, then writes all of them in one transaction; on any error nothing
   *  is written and the error is rethrown (an InputError for a bad file). */
  importFiles(paths: readonly string[], onProgress?: (p: ImportProgress) => void, options?: ImportOptions): Promise<ImportSummary>;
  /** The write half of `importFiles`, for files already read with `parseImportFiles` (the CLI
   *  parses before it opens the store, so a bad file never creates a store file). */
  importParsed(parsed: readonly ParsedFile[], onProgress?: (p: ImportProgress) => void): Promise<ImportSummary>;
  /** Every stored price series, or those of `symbols` in that order (InputError for a symbol the
   *  store does not hold). */
  loadPrices(symbols?: readonly string[]): Promise<PriceSeries[]>;
  listSymbols(): Promise<string[]>;
  /** The chain of `underlying` quoted on `quoteDate`, or its latest one when no date is given. */
  loadChain(underlying: string, quoteDate?: string): Promise<OptionChain | null>;
  loadRates(name: string): Promise<RateSeries | null>;
  loadHoldings(name: string): Promise<Portfolio | null>;
  /** What the store holds besides prices, so a caller can find a portfolio, chain or rate. */
  listContents(): Promise<StoreContents>;
  listImports(): Promise<ImportRecord[]>;
  close(): Promise<void>;
};

/** Opens (creating if needed) the store at `path`, or an empty in-memory store when `path` is
 *  omitted. Errors the user can fix (missing directory, a file that is not a microhedge store, a
 *  store from a newer microhedge, a file locked by another process) are InputErrors. */
export async function openStore(path?: string, options: OpenStoreOptions = {}): Promise<Store> {
  const readOnly = options.readOnly ?? false;
  if (path === undefined) {
    if (readOnly) throw new InputError({ file: ':memory:', expected: 'a database file to open read-only (an in-memory store starts empty)' });
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await ensureSchema(connection, ':memory:', false);
    return new DuckDbStore(null, ':memory:', instance, connection, false);
  }
  const absolute = resolve(path);
  await checkDatabasePath(path, absolute, readOnly);
  // DuckDB's instance cache refuses a second configuration for an open file, so the first store
  // opened on a file fixes its mode for the process: a read-only store then shares a writable
  // instance (our own flag keeps it from writing), but a writable one cannot share a read-only one.
  const open = openFiles.get(absolute);
  if (open?.readOnly === true && !readOnly) {
    throw new InputError({ file: path, expected: 'a store not open read-only elsewhere in this process (close that store first)' });
  }
  const instanceReadOnly = open?.readOnly ?? readOnly;
  let instance: DuckDBInstance;
  try {
    // The process-wide cache hands every openStore of one file the same database instance:
    // two independent instances on one file in one process would each assume they own it.
    instance = await DuckDBInstance.fromCache(absolute, instanceReadOnly ? { access_mode: 'READ_ONLY' } : {});
  } catch (e) {
    throw openError(path, e);
  }
  const connection = await instance.connect();
  try {
    await ensureSchema(connection, path, readOnly);
  } catch (e) {
    connection.closeSync();
    instance.closeSync();
    throw e;
  }
  const entry = openFiles.get(absolute) ?? { readOnly: instanceReadOnly, stores: 0 };
  entry.stores += 1;
  openFiles.set(absolute, entry);
  return new DuckDbStore(absolute, path, instance, connection, readOnly);
}

/** Files with open stores in this process: the mode their DuckDB instance was opened in. */
const openFiles = new Map<string, { readOnly: boolean; stores: number }>();

function releaseFile(absolute: string): void {
  const entry = openFiles.get(absolute);
  if (entry === undefined) return;
  entry.stores -= 1;
  if (entry.stores === 0) openFiles.delete(absolute);
}

async function checkDatabasePath(path: string, absolute: string, readOnly: boolean): Promise<void> {
  const info = await stat(absolute).catch(() => null);
  if (info !== null) {
    if (!info.isFile()) throw new InputError({ file: path, expected: 'a database file (this is a directory or a device)' });
    // Checked by us, not left to DuckDB: given a CSV or other file as database it may open it as
    // something else instead of refusing, and a user who swapped two arguments deserves a plain no.
    if (!(await hasDuckDbMagic(absolute))) {
      throw new InputError({ file: path, expected: 'a microhedge store (a DuckDB database file); this file is not a DuckDB database' });
    }
    return;
  }
  if (readOnly) throw new InputError({ file: path, expected: 'an existing microhedge store (no such file; create it with `microhedge import`)' });
  const parent = await stat(dirname(absolute)).catch(() => null);
  if (parent === null || !parent.isDirectory()) {
    throw new InputError({ file: path, expected: `a database path in an existing directory (${dirname(absolute)} does not exist)` });
  }
}

/** A DuckDB database file starts with its main header: an 8-byte checksum, then the magic bytes
 *  "DUCK" (DuckDB storage format, src/storage/storage_info.cpp, MainHeader::MAGIC_BYTES). */
async function hasDuckDbMagic(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(12);
    const { bytesRead } = await handle.read(head, 0, 12, 0);
    return bytesRead === 12 && head.toString('latin1', 8, 12) === 'DUCK';
  } finally {
    await handle.close();
  }
}

/** DuckDB's messages for files it cannot open, turned into what the user should do. */
function openError(path: string, e: unknown): Error {
  const message = e instanceof Error ? e.message : String(e);
  if (/not a valid DuckDB database file/i.test(message)) {
    return new InputError({ file: path, expected: 'a microhedge store (a DuckDB database file); this file is not a DuckDB database' });
  }
  if (/Could not set lock on file/i.test(message)) {
    const pid = /\(PID (\d+)\)/.exec(message)?.[1];
    return new InputError({
      file: path,
      expected: `a store no other process is using (it is locked${pid === undefined ? '' : ` by process ${pid}`}; DuckDB lets one process write a file at a time)`,
    });
  }
  if (/newer version of DuckDB|older version of DuckDB|storage version/i.test(message)) {
    return new InputError({ file: path, value: message, expected: 'a DuckDB file of a storage version this build reads' });
  }
  if (/^IO Error/i.test(message)) return new InputError({ file: path, value: message, expected: 'a readable and writable database file' });
  return e instanceof Error ? e : new Error(message);
}

/** Every operation on one database file runs one at a time within this process. DuckDB
 *  connections of one instance could run concurrently, but an import's transaction would then
 *  race another import's upserts (a write-write conflict) and a read could land between the two
 *  queries of `loadPrices`. Imports are rare and reads short, so a queue costs nothing. */
const queues = new Map<unknown, Promise<unknown>>();

function exclusive<T>(key: unknown, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(task, task);
  const settled = next.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return next;
}

/** One input file read and parsed, not yet written. */
export type ParsedFile = {
  /** The path as the caller gave it (used in messages). */
  file: string;
  /** Absolute path. */
  path: string;
  /** Of the file's bytes. */
  sha256: string;
  result: ImportResult;
};

/** Reads, hashes and parses every file, in order; the first bad file's InputError is thrown. */
export async function parseImportFiles(paths: readonly string[], onProgress?: (p: ImportProgress) => void, options: ImportOptions = {}): Promise<ParsedFile[]> {
  if (paths.length === 0) throw new InputError({ file: 'import', expected: 'at least one file to import' });
  const cwd = options.cwd ?? process.cwd();
  const parsed: ParsedFile[] = [];
  for (const file of paths) {
    parsed.push(await parseFile(file, resolve(cwd, file), options.dates ?? {}));
    onProgress?.({ phase: 'read', file, done: parsed.length, total: paths.length });
  }
  return parsed;
}

class DuckDbStore implements Store {
  private closed = false;

  constructor(
    readonly path: string | null,
    /** The database as the caller named it, for messages (':memory:' for an in-memory store). */
    private readonly where: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly readOnly: boolean,
  ) {}

  /** Runs `task` after every earlier operation on the same database file has finished. */
  private run<T>(task: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    return exclusive(this.path ?? this, () => {
      if (this.closed) throw new Error('store used after close()');
      return task(this.connection);
    });
  }

  async importFiles(paths: readonly string[], onProgress?: (p: ImportProgress) => void, options: ImportOptions = {}): Promise<ImportSummary> {
    this.checkWritable();
    // Every file is parsed before the transaction opens: a bad file costs no database work.
    return this.importParsed(await parseImportFiles(paths, onProgress, options), onProgress);
  }

  async importParsed(parsed: readonly ParsedFile[], onProgress?: (p: ImportProgress) => void): Promise<ImportSummary> {
    this.checkWritable();
    if (parsed.length === 0) throw new InputError({ file: 'import', expected: 'at least one file to import' });
    return this.run((c) => writeAll(c, parsed, onProgress));
  }

  private checkWritable(): void {
    if (this.readOnly) throw new InputError({ file: this.where, expected: 'a store opened for writing (this one is read-only)' });
  }

  loadPrices(symbols?: readonly string[]): Promise<PriceSeries[]> {
    return this.run(async (c) => {
      const series = await readPrices(c, symbols);
      if (symbols === undefined) return series;
      const bySymbol = new Map(series.map((s) => [s.symbol, s]));
      const missing = symbols.filter((s) => !bySymbol.has(s));
      if (missing.length > 0) {
        const held = await readSymbols(c);
        throw new InputError({
          file: this.where,
          value: missing.join(', '),
          expected: `symbols the store holds prices for (${held.length === 0 ? 'it holds none: import a price file first' : summariseList(held)})`,
        });
      }
      return symbols.map((s) => bySymbol.get(s) as PriceSeries);
    });
  }

  listSymbols(): Promise<string[]> {
    return this.run(readSymbols);
  }

  async loadChain(underlying: string, quoteDate?: string): Promise<OptionChain | null> {
    // A caller may pass a user's flag through: a bad date is their error, not DuckDB's cast error.
    if (quoteDate !== undefined) isoDateOption(quoteDate, 'quote date');
    return this.run((c) => readChain(c, underlying, quoteDate));
  }

  loadRates(name: string): Promise<RateSeries | null> {
    return this.run((c) => readRates(c, name));
  }

  loadHoldings(name: string): Promise<Portfolio | null> {
    return this.run((c) => readHoldings(c, name));
  }

  listContents(): Promise<StoreContents> {
    return this.run(readContents);
  }

  listImports(): Promise<ImportRecord[]> {
    return this.run(readImports);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Waits for this file's queued operations, so closing never cuts an import short.
    await exclusive(this.path ?? this, async () => {
      this.closed = true;
      this.connection.closeSync();
      this.instance.closeSync();
      if (this.path !== null) releaseFile(this.path);
    });
  }
}

/** The transaction of `importFiles`: every parsed file, then COMMIT; ROLLBACK on any error. */
async function writeAll(c: DuckDBConnection, parsed: readonly ParsedFile[], onProgress?: (p: ImportProgress) => void): Promise<ImportSummary> {
  const importedAt = new Date().toISOString();
  const previous = new Map((await c.runAndReadAll(
    'SELECT file, sha256 FROM imports WHERE list_contains($1, file)',
    [listValue(parsed.map((p) => p.path))], [LIST(VARCHAR)],
  )).getRows().map(([file, sha256]) => [String(file), String(sha256)]));
  const files: ImportedFile[] = [];
  await c.run('BEGIN TRANSACTION');
  try {
    for (const p of parsed) {
      const written: WrittenFile = await writeImport(c, p.result);
      await c.run('INSERT OR REPLACE INTO imports VALUES ($1, $2, $3, $4, CAST($5 AS TIMESTAMP))', [
        p.path, p.sha256, p.result.kind, written.rows, importedAt.slice(0, -1),
      ]);
      files.push({
        file: p.file,
        path: p.path,
        sha256: p.sha256,
        kind: p.result.kind,
        ...written,
        warnings: p.result.warnings,
        unchanged: previous.get(p.path) === p.sha256,
      });
      onProgress?.({ phase: 'write', file: p.file, done: files.length, total: parsed.length });
    }
    await c.run('COMMIT');
  } catch (e) {
    // The error that matters is the one that aborted the import, not a failed ROLLBACK after it.
    await c.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
  return { files, rows: files.reduce((n, f) => n + f.rows, 0), importedAt };
}

/** Reads, hashes and parses one file. The hash is of the bytes on disk, so `unchanged` means
 *  byte-identical content. */
async function parseFile(file: string, path: string, dates: DateReadOptions): Promise<ParsedFile> {
  const { bytes, text } = await readInputBytes(path, file);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { file, path, sha256, result: detectAndRead(text, file, dates) };
}

function summariseList(names: readonly string[], max = 20): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
