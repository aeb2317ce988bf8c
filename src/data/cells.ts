import { dayNumber, isoFromDayNumber } from '../domain/dates.js';
import { InputError } from '../domain/errors.js';

/** Cell contents read as "no value": blank, R's `NA`, FRED's `.`, Yahoo's `null`, Excel's `#N/A`,
 *  pandas' `NaN`. Listed in docs/data-formats.md. */
const MISSING = new Set(['', 'NA', 'N/A', '#N/A', '.', 'null', 'NULL', 'NaN', 'nan']);

/** Plain decimal numbers with an optional exponent; rejects what `Number()` would also accept
 *  but a data file should not contain (hex, `Infinity`, blanks read as 0). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const THOUSANDS = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;

/** The cell as a finite number, NaN when it is a missing-value token; otherwise an InputError
 *  saying `expected` (e.g. "a price (a number)"). */
export function numberCell(cell: string, file: string, row: number, column: string, expected: string): number {
  if (isPlainDecimal(cell)) {
    const x = +cell;
    if (Number.isFinite(x)) return x;
  }
  const s = cell.trim();
  if (MISSING.has(s)) return Number.NaN;
  if (DECIMAL.test(s)) {
    const x = Number(s);
    if (Number.isFinite(x)) return x;
    throw new InputError({ file, row, column, value: cell, expected: `${expected}, within the range of a double` });
  }
  const hint = THOUSANDS.test(s) ? ' without thousands separators' : '';
  throw new InputError({ file, row, column, value: cell, expected: `${expected}${hint}` });
}

const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const LOWER_E = 101;
const UPPER_E = 69;

/** The same test as `DECIMAL` without surrounding blanks, by a scan over char codes: the hot
 *  path of every numeric cell (regex + trim + set lookup cost a third of a price file's parse). */
function isPlainDecimal(s: string): boolean {
  const n = s.length;
  let i = 0;
  let c = s.charCodeAt(0);
  if (c === PLUS || c === MINUS) c = s.charCodeAt(++i);
  let digits = 0;
  while (c >= ZERO && c <= NINE) { digits++; c = s.charCodeAt(++i); }
  if (c === DOT) {
    c = s.charCodeAt(++i);
    while (c >= ZERO && c <= NINE) { digits++; c = s.charCodeAt(++i); }
  }
  if (digits === 0) return false;
  if (c === LOWER_E || c === UPPER_E) {
    c = s.charCodeAt(++i);
    if (c === PLUS || c === MINUS) c = s.charCodeAt(++i);
    let exponentDigits = 0;
    while (c >= ZERO && c <= NINE) { exponentDigits++; c = s.charCodeAt(++i); }
    if (exponentDigits === 0) return false;
  }
  return i === n;
}

export type DateFormat = 'YYYY-MM-DD' | 'M/D/YYYY';

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const MDY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const ACCEPTED = 'a date YYYY-MM-DD or M/D/YYYY';

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** A user-given ISO date (an option, a flag): the same string, or an InputError. */
export function isoDateOption(value: string, where: string): string {
  const m = ISO.exec(value);
  if (!m || !validDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
    throw new InputError({ file: where, value, expected: 'a date YYYY-MM-DD' });
  }
  return value;
}

function validDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Reads a file's date column row by row: ISO `YYYY-MM-DD` or US `M/D/YYYY` (one format per
 *  file, fixed by the first row), real calendar dates only, no duplicates, and one order for the
 *  whole file: oldest-first, or newest-first throughout (then `finish` reports it so the caller
 *  reverses). Day-first dates (`13/1/2020`) are refused, not guessed. */
export class DateColumn {
  readonly dates: string[] = [];
  readonly days: number[] = [];
  readonly lines: number[] = [];
  private format: DateFormat | undefined;
  private direction = 0;
  private readonly file: string;
  private readonly column: string;

  constructor(file: string, column: string) {
    this.file = file;
    this.column = column;
  }

  push(cell: string, line: number): void {
    const s = cell.trim();
    let year: number;
    let month: number;
    let day: number;
    let format: DateFormat;
    const iso = ISO.exec(s);
    if (iso) {
      format = 'YYYY-MM-DD';
      year = Number(iso[1]);
      month = Number(iso[2]);
      day = Number(iso[3]);
    } else {
      const mdy = MDY.exec(s);
      if (!mdy) this.fail(line, cell, ACCEPTED);
      format = 'M/D/YYYY';
      month = Number(mdy[1]);
      day = Number(mdy[2]);
      year = Number(mdy[3]);
      if (month > 12 && day <= 12) {
        this.fail(line, cell, `${ACCEPTED} (month first; day-first dates are ambiguous and not accepted)`);
      }
    }
    if (this.format === undefined) this.format = format;
    else if (format !== this.format) this.fail(line, cell, `a date in the format of the first row (${this.format})`);
    if (!validDate(year, month, day)) this.fail(line, cell, `a real calendar date (${format})`);

    const n = dayNumber(year, month, day);
    const k = this.days.length;
    if (k > 0) {
      const prev = this.days[k - 1] as number;
      const prevLine = this.lines[k - 1] as number;
      const prevIso = this.dates[k - 1] as string;
      if (n === prev) this.fail(line, cell, `a date different from row ${prevLine}'s (duplicate date)`);
      const step = n > prev ? 1 : -1;
      if (this.direction === 0) this.direction = step;
      else if (step !== this.direction) {
        const relation = this.direction > 0 ? 'after' : 'before';
        this.fail(line, cell, `a date ${relation} ${prevIso} (row ${prevLine}): dates must run oldest-first, or newest-first throughout`);
      }
    }
    this.days.push(n);
    this.lines.push(line);
    this.dates.push(format === 'YYYY-MM-DD' ? s : isoFromDayNumber(n));
  }

  /** True when the file ran newest-first; the caller reverses everything read alongside, and
   *  this column's own arrays are reversed here. */
  finish(): boolean {
    if (this.direction >= 0) return false;
    this.dates.reverse();
    this.days.reverse();
    this.lines.reverse();
    return true;
  }

  private fail(line: number, value: string, expected: string): never {
    throw new InputError({ file: this.file, row: line, column: this.column, value, expected });
  }
}
