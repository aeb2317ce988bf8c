import { InputError } from '../domain/errors.js';
import { checkCellCount } from './csv.js';
import { numberCell } from './cells.js';
import { OPTION_LIMITS as L } from '../pricing/validate.js';
import { openCsv } from './table.js';

/** One option of an options CSV, with its file line for messages. Units as OptionSpec. */
export type OptionRow = {
  line: number;
  type: 'call' | 'put';
  style: 'european' | 'american';
  spot: number;
  strike: number;
  rate: number;
  dividendYield: number;
  timeYears: number;
  /** Given for pricing; absent when the file holds prices to invert. */
  volatility?: number;
  price?: number;
};

/** Reads `type,style,spot,strike,rate,dividend_yield,time_years` plus `volatility` (to price) or
 *  `price` (to invert), names in any case and order; `style` defaults to european and
 *  `dividend_yield` to 0 when the column is absent. */
export function readOptionRows(text: string, file: string, needs: 'volatility' | 'price'): OptionRow[] {
  const { cursor, header, headerLine } = openCsv(text, file);
  const lower = header.map((h) => h.trim().toLowerCase());
  const required = ['type', 'spot', 'strike', 'rate', 'time_years', needs];
  for (const name of required) {
    if (!lower.includes(name)) {
      throw new InputError({ file, row: headerLine, value: header.join(','), expected: `a ${name} column (options: ${required.join(',')}[,style][,dividend_yield])` });
    }
  }
  const rows: OptionRow[] = [];
  while (cursor.next()) {
    checkCellCount(cursor, header.length, file);
    const line = cursor.line;
    const cell = (name: string) => (lower.includes(name) ? (cursor.cells[lower.indexOf(name)] as string).trim() : '');
    const num = (name: string, ok: (v: number) => boolean, expected: string, fallback?: number) => {
      const raw = cell(name);
      if (raw === '' && fallback !== undefined) return fallback;
      const v = numberCell(raw, file, line, header[lower.indexOf(name)] as string, expected, cursor.delimiter);
      if (!(Number.isFinite(v) && ok(v))) throw new InputError({ file, row: line, column: header[lower.indexOf(name)], value: raw, expected });
      return v;
    };
    const type = cell('type').toLowerCase();
    const style = (cell('style') || 'european').toLowerCase();
    if (type !== 'call' && type !== 'put') throw new InputError({ file, row: line, column: 'type', value: cell('type'), expected: 'call or put' });
    if (style !== 'european' && style !== 'american') throw new InputError({ file, row: line, column: 'style', value: cell('style'), expected: 'european or american' });
    rows.push({
      line, type, style,
      spot: num('spot', (v) => v > 0, 'a positive spot price'),
      strike: num('strike', (v) => v > 0, 'a positive strike'),
      rate: num('rate', (v) => Math.abs(v) <= L.rate, `a continuously compounded rate as a decimal from −${L.rate} to ${L.rate} (0.05 = 5 %)`),
      dividendYield: num('dividend_yield', (v) => Math.abs(v) <= L.rate, `a dividend yield as a decimal from −${L.rate} to ${L.rate}`, 0),
      timeYears: num('time_years', (v) => v >= 0 && v <= L.timeYears, `a time to expiry in years from 0 to ${L.timeYears}`),
      ...(needs === 'volatility'
        ? { volatility: num('volatility', (v) => v >= 0 && v <= L.volatility, `an annualised volatility as a decimal (0.25 = 25 %) from 0 to ${L.volatility}`) }
        : { price: num('price', (v) => v >= 0, 'an option price, 0 or more') }),
    });
  }
  if (rows.length === 0) throw new InputError({ file, row: headerLine, expected: 'at least one option row after the header' });
  return rows;
}
