import { InputError } from '../domain/errors.js';
import { DateColumn, numberCell, type DateReadOptions } from './cells.js';
import { CsvCursor, checkCellCount, checkedText, checkLineCount, headerDelimiter, readHeader } from './csv.js';

/** Header names (compared case-insensitively) accepted for the date column of a dated table. */
const DATE_COLUMN_NAMES = ['date', 'observation_date'];

const LOOKS_LIKE_DATE = /^\d{4}-\d{1,2}-\d{1,2}$|^\d{1,2}\/\d{1,2}\/\d{4}$/;
const LOOKS_LIKE_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;

/** A CSV opened up to its header: one row per date, a date column, value columns. */
export type OpenTable = OpenCsv & { dateIndex: number };

export type OpenCsv = { file: string; cursor: CsvCursor; header: string[]; headerLine: number };

/** Opens a CSV whose first non-empty line must be a header (not a row of data). */
export function openCsv(text: string, file: string): OpenCsv {
  const checked = checkedText(text, file);
  if (/^\s*</.test(checked.slice(0, 256))) {
    // A failed download saved under the data file's name: the server's HTML error page.
    throw new InputError({ file, row: 1, expected: 'a CSV file (this is an HTML or XML page: a download that failed?)', value: checked.trimStart().slice(0, 40).split(/[\r\n]/)[0] });
  }
  checkLineCount(checked, file);
  const cursor = new CsvCursor(checked, file, headerDelimiter(checked, file));
  const header = readHeader(cursor, file);
  const [first, ...rest] = header;
  if (first !== undefined && (LOOKS_LIKE_DATE.test(first) || (rest.length > 0 && rest.every((c) => LOOKS_LIKE_NUMBER.test(c))))) {
    throw new InputError({ file, row: cursor.line, expected: 'a header line naming the columns (e.g. date,AAPL)', value: header.join(',') });
  }
  return { file, cursor, header, headerLine: cursor.line };
}

export function openDatedTable(text: string, file: string): OpenTable {
  const { cursor, header, headerLine } = openCsv(text, file);
  const dateIndex = header.findIndex((h) => DATE_COLUMN_NAMES.includes(h.toLowerCase()));
  if (dateIndex < 0) {
    throw new InputError({ file, row: headerLine, expected: 'a date column named "date" (any case) or "observation_date"', value: header.join(',') });
  }
  return { file, cursor, header, headerLine, dateIndex };
}

/** Rows read into columns: ISO dates ascending (a newest-first file is reversed), the file line
 *  of each row, and per picked column the numbers (NaN = missing-value token). */
export type DatedColumns = {
  dates: string[];
  lines: number[];
  columns: number[][];
  newestFirst: boolean;
};

/** Reads every row of `table`, checking cell counts and dates (`options`: their order, the latest
 *  allowed), and parses the picked columns.
 *  `check` sees every non-missing number (with its raw cell) and may throw. */
export function readDatedColumns(
  table: OpenTable,
  picks: readonly number[],
  expected: string,
  options: DateReadOptions,
  check?: (value: number, raw: string, line: number, pick: number) => void,
): DatedColumns {
  const { file, cursor, header, dateIndex } = table;
  const dateColumn = new DateColumn(file, header[dateIndex] as string, options);
  const delimiter = cursor.delimiter;
  const columns: number[][] = picks.map(() => []);
  const names = picks.map((i) => header[i] as string);
  while (cursor.next()) {
    checkCellCount(cursor, header.length, file);
    const cells = cursor.cells;
    const line = cursor.line;
    dateColumn.push(cells[dateIndex] as string, line);
    for (let k = 0; k < picks.length; k++) {
      const raw = cells[picks[k] as number] as string;
      const value = numberCell(raw, file, line, names[k] as string, expected, delimiter);
      if (check !== undefined && !Number.isNaN(value)) check(value, raw, line, k);
      (columns[k] as number[]).push(value);
    }
  }
  const newestFirst = dateColumn.finish();
  if (dateColumn.dates.length === 0) {
    throw new InputError({ file, row: table.headerLine, expected: 'at least one data row after the header' });
  }
  if (newestFirst) for (const c of columns) c.reverse();
  return { dates: dateColumn.dates, lines: dateColumn.lines, columns, newestFirst };
}

/** Index of the header column named `name` (exact), or an InputError listing what the file has. */
export function requireColumn(table: OpenCsv, name: string): number {
  const i = table.header.indexOf(name);
  if (i < 0) {
    throw new InputError({ file: table.file, row: table.headerLine, expected: `a column this file holds (${listNames(table.header)})`, value: name });
  }
  return i;
}

/** "A, B, C" with at most `max` names, then how many more. */
export function listNames(names: readonly string[], max = 12): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
