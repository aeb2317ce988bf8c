import { InputError } from '../domain/errors.js';
import { isoFromDayNumber } from '../domain/dates.js';
import { DateCells, isoDateOption, MAGNITUDE_RANGE, magnitudeOk, numberCell } from './cells.js';
import { OPTION_LIMITS } from '../pricing/validate.js';
import { checkCellCount, checkedText, lineAndColumn } from './csv.js';
import { jsonErrorOffset, jsonPreview } from './json-syntax.js';
import { symbolFromFileName } from './symbols.js';
import { openCsv } from './table.js';
import type { ChainReadOptions, ChainReadResult, OptionQuote } from './types.js';
import { WarningList } from './warnings.js';

const SECONDS_PER_DAY = 86_400;
/** Epoch seconds of 2200-01-01: later times are milliseconds or garbage, not a quote or expiry. */
const LAST_EPOCH_SECONDS = 7_258_118_400;

/** Refuses a second quote for a contract (type, strike, expiry) already read: which of the two is
 *  the market is not for us to guess. */
class ContractKeys {
  private readonly seen = new Map<string, string>();

  check(type: string, strike: number, expiry: string, where: string, fail: (expected: string) => never): void {
    const key = `${type} ${strike} ${expiry}`;
    const earlier = this.seen.get(key);
    if (earlier !== undefined) fail(`each contract once (the ${key} is also at ${earlier})`);
    this.seen.set(key, where);
  }
}

// ---------------------------------------------------------------- Yahoo v7 optionChain JSON

/** Reads a Yahoo Finance v7 `optionChain` JSON response. The quote date is the exchange-local
 *  date of `quote.regularMarketTime` (shifted by `gmtOffSetMilliseconds`); each contract's expiry
 *  is the UTC date of its `expiration` (Yahoo stamps expiries at 00:00 UTC of the expiry day).
 *  US equity options are American unless `options.style` says otherwise. */
export function readYahooOptionChain(text: string, file: string, options: ChainReadOptions = {}): ChainReadResult {
  const root = parseJson(checkedText(text, file), file);
  const at = new JsonPath(file);
  const chain = at.object(at.object(root, '(document)').optionChain, 'optionChain', 'the optionChain object of a Yahoo v7 response');
  if (chain.error !== undefined && chain.error !== null) {
    const { description } = chain.error as { description?: unknown };
    const detail = typeof description === 'string' ? description : jsonPreview(chain.error);
    throw new InputError({ file, column: 'optionChain.error', value: detail, expected: 'a response without an error' });
  }
  const results = at.array(chain.result, 'optionChain.result');
  if (results.length === 0) throw new InputError({ file, column: 'optionChain.result', expected: 'one result (the response holds none)' });
  const result = at.object(results[0], 'optionChain.result[0]');
  const base = 'optionChain.result[0]';
  const quote = at.object(result.quote, `${base}.quote`);
  const underlying = options.underlying ?? at.text(result.underlyingSymbol ?? quote.symbol, `${base}.underlyingSymbol`);
  const underlyingPrice = at.number(quote.regularMarketPrice, `${base}.quote.regularMarketPrice`, 'a positive price', (x) => x > 0);
  const epoch = (x: number): boolean => x > 0 && x < LAST_EPOCH_SECONDS;
  const marketTime = at.number(quote.regularMarketTime, `${base}.quote.regularMarketTime`, 'a time in seconds since 1970 (before 2200)', epoch);
  const offsetMs = quote.gmtOffSetMilliseconds === undefined ? 0 : at.number(quote.gmtOffSetMilliseconds, `${base}.quote.gmtOffSetMilliseconds`, 'an offset in milliseconds', () => true);
  const quoteDay = Math.floor((marketTime * 1000 + offsetMs) / (SECONDS_PER_DAY * 1000));
  const quoteDate = isoFromDayNumber(quoteDay);
  if (options.latestDate !== undefined) {
    const latest = isoDateOption(options.latestDate, options.optionNames?.latestDate ?? 'latestDate');
    if (quoteDate > latest) {
      throw new InputError({
        file, column: `${base}.quote.regularMarketTime`, value: `${marketTime} (${quoteDate})`,
        expected: `a quote time on or before ${latest} (${options.optionNames?.latestDate ?? 'latestDate'}: a later date is a typo or the wrong file)`,
      });
    }
  }

  const warnings = new WarningList();
  const quotes: OptionQuote[] = [];
  const keys = new ContractKeys();
  at.array(result.options, `${base}.options`).forEach((group, g) => {
    const groupPath = `${base}.options[${g}]`;
    const expiryGroup = at.object(group, groupPath);
    for (const type of ['call', 'put'] as const) {
      const listPath = `${groupPath}.${type}s`;
      const list = expiryGroup[`${type}s`] === undefined ? [] : at.array(expiryGroup[`${type}s`], listPath);
      list.forEach((c, i) => {
        const path = `${listPath}[${i}]`;
        const contract = at.object(c, path);
        const strike = at.number(contract.strike, `${path}.strike`, 'a positive strike', (x) => x > 0);
        const expiration = at.number(contract.expiration, `${path}.expiration`, 'an expiry in seconds since 1970 (before 2200)', epoch);
        const expiryDay = Math.floor(expiration / SECONDS_PER_DAY);
        if (expiryDay < quoteDay) {
          throw new InputError({ file, column: `${path}.expiration`, value: isoFromDayNumber(expiryDay), expected: `an expiry on or after the quote date ${quoteDate}` });
        }
        const absent = (v: unknown): boolean => v === undefined || v === null;
        if (absent(contract.bid) || absent(contract.ask)) {
          warnings.add({ file, column: path, kind: 'incomplete-quote', message: `${type} ${strike} has no ${absent(contract.bid) ? 'bid' : 'ask'}; left out of the chain` });
          return;
        }
        const nonNegative = (x: number): boolean => x >= 0;
        const q: OptionQuote = {
          type, strike,
          expiry: isoFromDayNumber(expiryDay),
          timeYears: (expiryDay - quoteDay) / 365,
          bid: at.number(contract.bid, `${path}.bid`, 'a bid of 0 or more', nonNegative),
          ask: at.number(contract.ask, `${path}.ask`, 'an ask of 0 or more', nonNegative),
        };
        const optional = [['lastPrice', 'last'], ['impliedVolatility', 'impliedVolatility'], ['volume', 'volume'], ['openInterest', 'openInterest']] as const;
        for (const [from, to] of optional) {
          if (contract[from] !== undefined && contract[from] !== null) q[to] = at.number(contract[from], `${path}.${from}`, 'a number of 0 or more', nonNegative);
        }
        keys.check(type, strike, q.expiry, path, (expected) => {
          throw new InputError({ file, column: path, expected });
        });
        checkCrossed(q, file, path, undefined, warnings);
        quotes.push(q);
      });
    }
  });
  if (quotes.length === 0) throw new InputError({ file, column: `${base}.options`, expected: 'at least one option contract with a bid and an ask' });
  return {
    chain: { underlying, quoteDate, underlyingPrice, style: options.style ?? 'american', quotes, source: file },
    warnings: warnings.result(file),
  };
}

/** JSON.parse with the failure turned into an InputError at the line and column where the text
 *  stops being JSON (`jsonErrorOffset`), or saying that it ends before the document does. */
function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const offset = jsonErrorOffset(text);
    const expected = 'valid JSON (a Yahoo v7 optionChain response)';
    if (offset < 0) throw new InputError({ file, expected });
    if (offset >= text.length) {
      const { line, column } = lineAndColumn(text, text.length);
      throw new InputError({ file, row: line, column, expected: `${expected}; the text ends before the document does` });
    }
    const { line, column } = lineAndColumn(text, offset);
    throw new InputError({ file, row: line, column, expected, value: text.slice(offset, offset + 20).split(/[\r\n]/)[0] });
  }
}

/** Typed access into parsed JSON: every failure names the JSON path (as the column), the value
 *  found and what was expected there. */
class JsonPath {
  private readonly file: string;

  constructor(file: string) {
    this.file = file;
  }

  object(v: unknown, path: string, expected = 'an object'): Record<string, unknown> {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
    this.fail(v, path, expected);
  }

  array(v: unknown, path: string): unknown[] {
    if (Array.isArray(v)) return v;
    this.fail(v, path, 'an array');
  }

  text(v: unknown, path: string): string {
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
    this.fail(v, path, 'a symbol (a non-empty string)');
  }

  number(v: unknown, path: string, expected: string, ok: (x: number) => boolean): number {
    if (typeof v === 'number' && Number.isFinite(v) && magnitudeOk(v) && ok(v)) return v;
    if (typeof v === 'number' && !Number.isFinite(v)) {
      // JSON.parse turns 1e400 into Infinity; echoing "Infinity" would show a value the file never held.
      throw new InputError({ file: this.file, column: path, expected: `${expected}; the number is beyond the range of a double` });
    }
    if (typeof v === 'number' && ok(v)) {
      throw new InputError({ file: this.file, column: path, value: JSON.stringify(v), expected: `${expected}, ${MAGNITUDE_RANGE}` });
    }
    this.fail(v, path, expected);
  }

  private fail(v: unknown, path: string, expected: string): never {
    if (v === undefined) throw new InputError({ file: this.file, column: path, expected: `${expected}; the field is missing` });
    if (typeof v === 'string') throw new InputError({ file: this.file, column: path, value: v, expected: `${expected}, not a string` });
    throw new InputError({ file: this.file, column: path, value: jsonPreview(v), expected });
  }
}

// ---------------------------------------------------------------- CBOE-style option CSV

/** Reads an option-quote CSV such as the CBOE SPX end-of-day export: columns `quote_date`,
 *  `type` (c/p or call/put), `strike`, `underlying` (its price), `bid`, `ask`, and either
 *  `maturity` (years: expiry = quote date + round(maturity·365) days) or `expiry` (a date);
 *  `riskfree` (decimal) optional; other columns (`leg`) ignored. Index options are European
 *  unless `options.style` says otherwise; the underlying comes from `options.underlying` or the
 *  file name (spx_chain_… → SPX). */
export function readOptionChainCsv(text: string, file: string, options: ChainReadOptions = {}): ChainReadResult {
  const table = openCsv(text, file);
  const { cursor, header } = table;
  const col = (name: string, required: boolean): number => {
    const i = header.findIndex((h) => h.toLowerCase() === name);
    if (i < 0 && required) {
      throw new InputError({ file, row: table.headerLine, expected: `a column named ${name} (option-chain CSV)`, value: header.join(',') });
    }
    return i;
  };
  const c = {
    quoteDate: col('quote_date', true), type: col('type', true), strike: col('strike', true),
    underlying: col('underlying', true), bid: col('bid', true), ask: col('ask', true),
    maturity: col('maturity', false), expiry: col('expiry', false), riskFree: col('riskfree', false),
  };
  if (c.maturity < 0 && c.expiry < 0) {
    throw new InputError({ file, row: table.headerLine, expected: 'a maturity (years) or expiry (date) column', value: header.join(',') });
  }
  const underlying = options.underlying ?? symbolFromFileName(file);
  if (underlying === undefined) {
    throw new InputError({ file, expected: 'an underlying symbol: pass the underlying option (the file name does not name one)' });
  }

  const warnings = new WarningList();
  const quotes: OptionQuote[] = [];
  const keys = new ContractKeys();
  let quoteDate: string | undefined;
  let quoteDay = 0;
  let spot: { value: number; line: number } | undefined;
  let dateColumn = '';
  const dates = new DateCells(options, (row, value, expected) => {
    throw new InputError({ file, row, column: dateColumn, value, expected });
  });
  /** Chain rows need their dates at once: an ambiguous one is refused, not held back. */
  const day = (i: number, line: number): { day: number; iso: string } => {
    dateColumn = header[i] as string;
    const cell = cursor.cells[i] as string;
    return dates.date(cell, line) ?? dates.ambiguous(line, cell);
  };
  const delimiter = cursor.delimiter;
  while (cursor.next()) {
    checkCellCount(cursor, header.length, file);
    const line = cursor.line;
    const cell = (i: number): string => cursor.cells[i] as string;
    const name = (i: number): string => header[i] as string;
    const num = (i: number, expected: string, ok: (x: number) => boolean): number => {
      const x = numberCell(cell(i), file, line, name(i), expected, delimiter);
      if (Number.isNaN(x) || !ok(x)) throw new InputError({ file, row: line, column: name(i), value: cell(i), expected });
      return x;
    };

    const rowDate = day(c.quoteDate, line);
    if (quoteDate === undefined) {
      quoteDate = rowDate.iso;
      quoteDay = rowDate.day;
    } else if (rowDate.iso !== quoteDate) {
      throw new InputError({ file, row: line, column: name(c.quoteDate), value: cell(c.quoteDate), expected: `the same quote date on every row (${quoteDate})` });
    }
    const price = num(c.underlying, 'a positive underlying price', (x) => x > 0);
    if (spot === undefined) spot = { value: price, line };
    else if (price !== spot.value) {
      throw new InputError({ file, row: line, column: name(c.underlying), value: cell(c.underlying), expected: `the same underlying price on every row (${spot.value} on row ${spot.line})` });
    }
    const typeCell = cell(c.type).trim().toLowerCase();
    const type = typeCell === 'c' || typeCell === 'call' ? 'call' : typeCell === 'p' || typeCell === 'put' ? 'put' : undefined;
    if (type === undefined) throw new InputError({ file, row: line, column: name(c.type), value: cell(c.type), expected: 'c, p, call or put' });
    const strike = num(c.strike, 'a positive strike', (x) => x > 0);

    let expiryDay: number;
    if (c.expiry >= 0) {
      expiryDay = day(c.expiry, line).day;
      if (expiryDay < quoteDay) throw new InputError({ file, row: line, column: name(c.expiry), value: cell(c.expiry), expected: `an expiry on or after the quote date ${quoteDate}` });
    } else {
      const years = num(c.maturity, `a maturity in years from 0 to ${OPTION_LIMITS.timeYears}`, (x) => x >= 0 && x <= OPTION_LIMITS.timeYears);
      expiryDay = quoteDay + Math.round(years * 365);
    }
    const bid = numberCell(cell(c.bid), file, line, name(c.bid), 'a bid of 0 or more', delimiter);
    const ask = numberCell(cell(c.ask), file, line, name(c.ask), 'an ask of 0 or more', delimiter);
    if (Number.isNaN(bid) || Number.isNaN(ask)) {
      const missing = Number.isNaN(bid) ? 'bid' : 'ask';
      warnings.add({ file, row: line, column: name(c[missing]), kind: 'incomplete-quote', message: `${type} ${strike} has no ${missing}; left out of the chain` });
      continue;
    }
    if (bid < 0) throw new InputError({ file, row: line, column: name(c.bid), value: cell(c.bid), expected: 'a bid of 0 or more' });
    if (ask < 0) throw new InputError({ file, row: line, column: name(c.ask), value: cell(c.ask), expected: 'an ask of 0 or more' });
    const q: OptionQuote = { type, strike, expiry: isoFromDayNumber(expiryDay), timeYears: (expiryDay - quoteDay) / 365, bid, ask };
    if (c.riskFree >= 0) {
      const r = numberCell(cell(c.riskFree), file, line, name(c.riskFree), 'a risk-free rate (a decimal number)', delimiter);
      if (!Number.isNaN(r)) q.riskFree = r;
    }
    keys.check(type, strike, q.expiry, `row ${line}`, (expected) => {
      throw new InputError({ file, row: line, column: name(c.strike), value: cell(c.strike), expected });
    });
    checkCrossed(q, file, undefined, line, warnings);
    quotes.push(q);
  }
  if (quoteDate === undefined || spot === undefined) {
    throw new InputError({ file, row: table.headerLine, expected: 'at least one data row after the header' });
  }
  if (quotes.length === 0) throw new InputError({ file, expected: 'at least one option quote with a bid and an ask' });
  return {
    chain: { underlying, quoteDate, underlyingPrice: spot.value, style: options.style ?? 'european', quotes, source: file },
    warnings: warnings.result(file),
  };
}

function checkCrossed(q: OptionQuote, file: string, column: string | undefined, row: number | undefined, warnings: WarningList): void {
  if (q.ask >= q.bid) return;
  warnings.add({
    file, kind: 'crossed-quote', value: `${q.bid}/${q.ask}`,
    ...(row === undefined ? {} : { row }), ...(column === undefined ? {} : { column }),
    message: `${q.type} ${q.strike} expiring ${q.expiry} has ask ${q.ask} below bid ${q.bid}`,
  });
}
