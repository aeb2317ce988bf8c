import { InputError } from '../domain/errors.js';
import { equityPosition, type Portfolio, type Position } from '../domain/portfolio.js';
import { numberCell } from './cells.js';
import { checkCellCount } from './csv.js';
import { listNames, openCsv } from './table.js';
import type { HoldingsReadOptions, HoldingsReadResult } from './types.js';
import { WarningList } from './warnings.js';

/** The row symbol that holds cash: its quantity is the amount, in the portfolio's currency. */
export const CASH_SYMBOL = 'CASH';

const TICKER = /^[A-Za-z0-9^][A-Za-z0-9.^=_/-]*$/;
const CURRENCY = /^[A-Z]{3}$/;
const COLUMNS = ['symbol', 'quantity', 'cost_basis', 'currency'];

/** Reads a holdings CSV `symbol,quantity[,cost_basis][,currency]` (names in any case, any
 *  order) into a Portfolio of equity positions plus cash (the `CASH` row). Quantities are
 *  signed (negative = short) and non-zero; cost_basis is optional and positive; every row must
 *  carry the same ISO currency code (default `options.currency` or USD). */
export function readHoldings(text: string, file: string, options: HoldingsReadOptions = {}): HoldingsReadResult {
  const table = openCsv(text, file);
  const { cursor, header, headerLine } = table;
  const lower = header.map((h) => h.toLowerCase());
  const index = (name: string): number => lower.indexOf(name);
  for (const required of ['symbol', 'quantity']) {
    if (index(required) < 0) {
      throw new InputError({ file, row: headerLine, expected: `a ${required} column (holdings: symbol,quantity[,cost_basis][,currency])`, value: header.join(',') });
    }
  }
  const warnings = new WarningList();
  header.forEach((h, i) => {
    if (!COLUMNS.includes(lower[i] as string)) {
      warnings.add({ file, row: headerLine, column: h, kind: 'ignored-column', message: `column ${h} is not a holdings column (${COLUMNS.join(', ')}); it is ignored` });
    }
  });
  const defaultCurrency = options.currency ?? 'USD';
  if (!CURRENCY.test(defaultCurrency)) {
    throw new InputError({ file: 'currency', value: defaultCurrency, expected: 'an ISO 4217 currency code such as USD' });
  }

  const positions: Position[] = [];
  const rows = new Map<string, number>();
  const seen = new Map<string, { symbol: string; line: number }>();
  let cash = 0;
  let currency: { code: string; line: number } | undefined;
  while (cursor.next()) {
    checkCellCount(cursor, header.length, file);
    const line = cursor.line;
    const cell = (name: string): string | undefined => (index(name) < 0 ? undefined : (cursor.cells[index(name)] as string).trim());
    const column = (name: string): string => header[index(name)] as string;

    const symbol = cell('symbol') as string;
    if (!TICKER.test(symbol)) {
      throw new InputError({ file, row: line, column: column('symbol'), value: symbol, expected: 'a ticker symbol (letters, digits and . - ^ = _ /, no spaces)' });
    }
    // Compared ignoring case: `cash` and `CASH` are both the cash row, `aapl` and `AAPL` one stock.
    const earlier = seen.get(symbol.toUpperCase());
    if (earlier !== undefined) {
      const as = earlier.symbol === symbol ? '' : ` as ${earlier.symbol}`;
      throw new InputError({ file, row: line, column: column('symbol'), value: symbol, expected: `each symbol on one row only (also on row ${earlier.line}${as})` });
    }
    seen.set(symbol.toUpperCase(), { symbol, line });
    rows.set(symbol, line);

    const quantityCell = cell('quantity') as string;
    const quantity = numberCell(quantityCell, file, line, column('quantity'), 'a quantity (a non-zero number)', cursor.delimiter);
    if (Number.isNaN(quantity) || quantity === 0) {
      throw new InputError({ file, row: line, column: column('quantity'), value: quantityCell, expected: 'a quantity (a non-zero number)' });
    }

    const code = cell('currency') || defaultCurrency;
    if (!CURRENCY.test(code)) {
      throw new InputError({ file, row: line, column: column('currency'), value: code, expected: 'an ISO 4217 currency code such as USD (three capital letters)' });
    }
    if (currency === undefined) currency = { code, line };
    else if (code !== currency.code) {
      throw new InputError({ file, row: line, column: column('currency'), value: code, expected: `the same currency on every row (${currency.code}, as on row ${currency.line})` });
    }

    const basisCell = cell('cost_basis') ?? '';
    const costBasis = basisCell === '' ? Number.NaN : numberCell(basisCell, file, line, column('cost_basis'), 'a cost basis (a positive price per unit)', cursor.delimiter);
    if (symbol.toUpperCase() === CASH_SYMBOL) {
      if (!Number.isNaN(costBasis)) {
        throw new InputError({ file, row: line, column: column('cost_basis'), value: basisCell, expected: 'no cost basis on the CASH row (its quantity is the amount)' });
      }
      cash = quantity;
      continue;
    }
    if (costBasis <= 0) {
      throw new InputError({ file, row: line, column: column('cost_basis'), value: basisCell, expected: 'a cost basis (a positive price per unit)' });
    }
    positions.push(equityPosition(symbol, quantity, Number.isNaN(costBasis) ? undefined : costBasis));
  }
  if (currency === undefined) throw new InputError({ file, row: headerLine, expected: 'at least one data row after the header' });
  const portfolio: Portfolio = { positions, cash, currency: currency.code };
  return { portfolio, rows, warnings: warnings.result(file) };
}

/** Throws an InputError for the first holding (in file order) without a price history among
 *  `availableSymbols`, naming how many others are missing too. `rows` (from `readHoldings`)
 *  adds the holding's file line to the message. */
export function checkHoldingsCovered(
  portfolio: Portfolio, availableSymbols: Iterable<string>, file: string, rows?: ReadonlyMap<string, number>,
): void {
  const available = new Set(availableSymbols);
  const missing = portfolio.positions.map((p) => p.instrument.symbol).filter((s) => !available.has(s));
  const first = missing[0];
  if (first === undefined) return;
  const row = rows?.get(first);
  const others = missing.length > 1 ? `; also without one: ${listNames(missing.slice(1))}` : '';
  throw new InputError({
    file, ...(row === undefined ? {} : { row }), column: 'symbol', value: first,
    expected: `a holding with a price history (none among the ${available.size} loaded symbols${others})`,
  });
}
