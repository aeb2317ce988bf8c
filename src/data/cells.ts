import { dayNumber, isoFromDayNumber } from '../domain/dates.js';
import { InputError } from '../domain/errors.js';
import type { Delimiter } from './csv.js';

/** Cell contents read as "no value": blank, R's `NA`, FRED's `.`, Yahoo's `null`, Excel's `#N/A`,
 *  pandas' `NaN`. Listed in docs/data-formats.md. */
const MISSING = new Set(['', 'NA', 'N/A', '#N/A', '.', 'null', 'NULL', 'NaN', 'nan']);

/** Plain decimal numbers with an optional exponent; rejects what `Number()` would also accept
 *  but a data file should not contain (hex, `Infinity`, blanks read as 0). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Magnitudes a value may have (besides 0): beyond them a number is a typo or a unit mistake, and
 *  products, ratios and squares of it (a return, a variance, quantity × price) leave the doubles. */
export const LARGEST_MAGNITUDE = 1e15;
export const SMALLEST_MAGNITUDE = 1e-12;
export const MAGNITUDE_RANGE = '0 or of magnitude from 1e-12 to 1e15';

/** Whether a finite number is 0 or within the magnitudes above. */
export function magnitudeOk(x: number): boolean {
  const a = x < 0 ? -x : x;
  return a <= LARGEST_MAGNITUDE && (a >= SMALLEST_MAGNITUDE || a === 0);
}

/** In a file not separated by commas (a spreadsheet saved in a decimal-comma locale), `1.500`
 *  may be 1500 written with a thousands separator: read either way, it would be a silent guess. */
const DOT_THREE_DIGITS = /^[+-]?\d{1,3}\.\d{3}$/;

/** Why a cell is not a plain number, for the cases a user can fix: locale separators, signs. */
const HINTS: [RegExp, string][] = [
  [/^[+-]?\d{1,3}(?:,\d{3})+\.\d*$|^[+-]?\d{1,3}(?:[.\s\u00a0]\d{3}){2,}$|^[+-]?\d{1,3}(?:[\s\u00a0]\d{3})+(?:\.\d*)?$/, ' without thousands separators'],
  [/^[+-]?\d{1,3}(?:[.\s\u00a0]\d{3})+,\d*$/, ' with a decimal point and no thousands separators (written the European way: 1.234,5 for 1234.5)'],
  [/^[+-]?\d{1,3}(?:,\d{3})+$/, ' with a decimal point and no thousands separators (the comma may be either)'],
  [/^[+-]?\d*,\d+$/, ' with a decimal point, not a decimal comma'],
  [/^[+-]?[$€£¥]|[%$€£]$/, ' without currency or percent signs'],
  [/^[+-]?inf(?:inity)?$/i, ', a finite number'],
  [/^\(\s*[\d.,]+\s*\)$/, ', negative with a minus sign, not in parentheses'],
  [/^#/, ', not a spreadsheet error value'],
];

/** The cell as a finite number, NaN when it is a missing-value token; otherwise an InputError
 *  saying `expected` (e.g. "a price (a number)"). `delimiter` is the file's: outside comma files
 *  a dot followed by exactly three digits is refused as ambiguous (see DOT_THREE_DIGITS). */
export function numberCell(cell: string, file: string, row: number, column: string, expected: string, delimiter: Delimiter = ','): number {
  if (isPlainDecimal(cell)) {
    const x = +cell;
    if (magnitudeOk(x) && (delimiter === ',' || !DOT_THREE_DIGITS.test(cell))) return x;
  }
  const s = cell.trim();
  if (MISSING.has(s)) return Number.NaN;
  if (DECIMAL.test(s)) {
    const x = Number(s);
    if (!magnitudeOk(x)) throw new InputError({ file, row, column, value: cell, expected: `${expected}, ${MAGNITUDE_RANGE}` });
    if (delimiter !== ',' && DOT_THREE_DIGITS.test(s)) {
      const kind = delimiter === ';' ? 'semicolons' : 'tabs';
      throw new InputError({
        file, row, column, value: cell,
        expected: `${expected} that reads one way only: in a file separated by ${kind}, a dot followed by exactly three digits may be a thousands separator (write 1500, or 1.5000 for 1.5)`,
      });
    }
    return x;
  }
  const hint = HINTS.find(([re]) => re.test(s))?.[1] ?? '';
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

/** How a file writes its dates: ISO, or day and month between slashes in one of two orders. */
export type DateFormat = 'YYYY-MM-DD' | 'M/D/YYYY' | 'D/M/YYYY';

/** Which number comes first in a `03/04/2020` date. Without it, the file must show it by a date
 *  whose first or second number is above 12; otherwise its dates are refused, never guessed. */
export type DateOrder = 'month-first' | 'day-first';

/** Options of the readers of dated files. */
export type DateReadOptions = {
  /** Order of day and month in slash dates (default: as the file shows it; refused if it cannot). */
  dateOrder?: DateOrder;
  /** Latest date a row may carry (ISO), e.g. today: a later one is a typo or the wrong file. */
  latestDate?: string;
  /** How messages name these two options to the user (default: `dateOrder`, `latestDate`): the
   *  CLI passes its flags, the server its fields, so that a refusal says what resolves it. */
  optionNames?: { dateOrder: string; latestDate: string };
};

/** The latest calendar date anywhere on Earth now (the date at UTC+14, Kiribati's): a file can
 *  hold no later real quote, wherever it was written. The default of the CLI's `--latest-date`
 *  and of the server's `latestDate`. */
export function latestDateToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 14 * 3_600_000).toISOString().slice(0, 10);
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const SLASH = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const ACCEPTED = 'a date YYYY-MM-DD, M/D/YYYY or D/M/YYYY';
const FIRST_YEAR = 1800;
const LAST_YEAR = 2199;

/** Why a cell is not an accepted date, for the formats people actually send. */
const DATE_HINTS: [RegExp, string][] = [
  [/^\d{4}-\d{1,2}-\d{1,2}[T ]\d/, ' without a time of day'],
  [/^\d{4}-\d{1,2}-\d{1,2}$/, ' (YYYY-MM-DD has two-digit months and days)'],
  [/^\d{5}(?:\.\d+)?$/, ' (this looks like a spreadsheet serial day number: format the column as dates)'],
  [/^\d{9,10}$/, ' (seconds since 1970 are not read in a CSV file)'],
  [/^\d{1,2}\/\d{1,2}\/\d{2}$/, ' with a four-digit year'],
  [/^\d{4}[/.]\d{1,2}[/.]\d{1,2}$|^\d{8}$/, ' (write a year-first date as YYYY-MM-DD)'],
  [/^\d{1,2}[.-]\d{1,2}[.-]\d{2,4}$/, ' (day and month separated by slashes, or YYYY-MM-DD)'],
  [/jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec/i, ' (month names are not read: write YYYY-MM-DD)'],
];

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

type Fail = (line: number, value: string, expected: string) => never;

/** Reads a file's dates one cell at a time: one format per file (fixed by its first date), real
 *  calendar dates from 1800 to 2199, none after `latestDate`. The order of slash dates comes from
 *  `dateOrder` or from the first date whose first (day-first) or second (month-first) number is
 *  above 12; every later date must agree. `date` returns undefined for a slash date whose order is
 *  not known yet; the caller holds it back, or refuses it with `ambiguous`. */
export class DateCells {
  private format: 'iso' | 'slash' | undefined;
  private order: DateOrder | undefined;
  private fixedBy: string;
  private readonly latest: string | undefined;
  private readonly names: { dateOrder: string; latestDate: string };
  private readonly fail: Fail;

  constructor(options: DateReadOptions, fail: Fail) {
    this.names = options.optionNames ?? { dateOrder: 'dateOrder', latestDate: 'latestDate' };
    this.order = options.dateOrder;
    if (this.order !== undefined && this.order !== 'month-first' && this.order !== 'day-first') {
      throw new InputError({ file: this.names.dateOrder, value: String(this.order), expected: 'month-first or day-first' });
    }
    this.fixedBy = options.optionNames === undefined ? 'as the dateOrder option says' : `as ${this.names.dateOrder} says`;
    this.latest = options.latestDate === undefined ? undefined : isoDateOption(options.latestDate, this.names.latestDate);
    this.fail = fail;
  }

  /** The date as a day number and ISO string, undefined while a slash date's order is unknown. */
  date(cell: string, line: number): { day: number; iso: string } | undefined {
    const s = cell.trim();
    const iso = ISO.exec(s);
    const slash = iso === null ? SLASH.exec(s) : null;
    if (iso === null && slash === null) {
      const hint = DATE_HINTS.find(([re]) => re.test(s))?.[1] ?? '';
      this.fail(line, cell, `${ACCEPTED}${hint}`);
    }
    const format = iso !== null ? 'iso' : 'slash';
    if (this.format === undefined) this.format = format;
    else if (format !== this.format) this.fail(line, cell, `a date in the format of the first row (${this.formatName()})`);
    if (iso !== null) return this.checked(Number(iso[1]), Number(iso[2]), Number(iso[3]), 'YYYY-MM-DD', line, cell);
    const first = Number((slash as RegExpExecArray)[1]);
    const second = Number((slash as RegExpExecArray)[2]);
    const year = Number((slash as RegExpExecArray)[3]);
    if (this.order === undefined) {
      if (first > 12 && second > 12) this.fail(line, cell, `a real calendar date (${this.formatName()})`);
      if (first <= 12 && second <= 12) return undefined;
      this.order = first > 12 ? 'day-first' : 'month-first';
      this.fixedBy = `as row ${line} (${s}) shows`;
    }
    const [month, day] = this.order === 'month-first' ? [first, second] : [second, first];
    const name = this.formatName();
    if (month > 12) this.fail(line, cell, `a ${this.order} date ${name}, ${this.fixedBy}`);
    return this.checked(year, month, day, name, line, cell);
  }

  /** Refuses a slash date whose order nothing in the file (nor the option) settles. */
  ambiguous(line: number, cell: string): never {
    this.fail(line, cell, `a date whose order is known: no date in this file has a number above 12 that shows whether the month or the day comes first (set ${this.names.dateOrder} to month-first or day-first)`);
  }

  private formatName(): DateFormat | 'M/D/YYYY or D/M/YYYY' {
    if (this.format === 'iso') return 'YYYY-MM-DD';
    return this.order === undefined ? 'M/D/YYYY or D/M/YYYY' : this.order === 'month-first' ? 'M/D/YYYY' : 'D/M/YYYY';
  }

  private checked(year: number, month: number, day: number, format: string, line: number, cell: string): { day: number; iso: string } {
    if (!validDate(year, month, day)) this.fail(line, cell, `a real calendar date (${format})`);
    if (year < FIRST_YEAR || year > LAST_YEAR) this.fail(line, cell, `a date from ${FIRST_YEAR}-01-01 to ${LAST_YEAR}-12-31`);
    const n = dayNumber(year, month, day);
    const iso = isoFromDayNumber(n);
    if (this.latest !== undefined && iso > this.latest) this.fail(line, cell, `a date on or before ${this.latest} (${this.names.latestDate}: a later date is a typo or the wrong file)`);
    return { day: n, iso };
  }
}

/** Reads a file's date column row by row through `DateCells`, with no date twice and one order
 *  for the whole file: oldest-first, or newest-first throughout (then `finish` reports it so the
 *  caller reverses). Slash dates whose order is not known yet are held back until a later date
 *  shows it (or `finish` refuses them). */
export class DateColumn {
  readonly dates: string[] = [];
  readonly days: number[] = [];
  readonly lines: number[] = [];
  private direction = 0;
  private readonly cells: DateCells;
  private readonly pending: { cell: string; line: number }[] = [];
  private readonly file: string;
  private readonly column: string;

  constructor(file: string, column: string, options: DateReadOptions = {}) {
    this.file = file;
    this.column = column;
    this.cells = new DateCells(options, (line, value, expected) => this.fail(line, value, expected));
  }

  push(cell: string, line: number): void {
    const d = this.cells.date(cell, line);
    if (d === undefined) {
      this.pending.push({ cell, line });
      return;
    }
    if (this.pending.length > 0) {
      for (const p of this.pending) this.add(this.cells.date(p.cell, p.line) as { day: number; iso: string }, p.line, p.cell);
      this.pending.length = 0;
    }
    this.add(d, line, cell);
  }

  private add(d: { day: number; iso: string }, line: number, cell: string): void {
    const n = d.day;
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
    this.dates.push(d.iso);
  }

  /** True when the file ran newest-first; the caller reverses everything read alongside, and
   *  this column's own arrays are reversed here. Refuses dates whose order stayed unknown. */
  finish(): boolean {
    const first = this.pending[0];
    if (first !== undefined) this.cells.ambiguous(first.line, first.cell);
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
