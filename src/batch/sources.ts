import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { InputError } from '../domain/errors.js';
import { CsvCursor, checkedText, readHeader } from '../data/csv.js';
import { readInputBytes } from '../data/detect.js';
import { baseName } from '../data/symbols.js';

/** The column of a long holdings CSV that names the portfolio (client) of each row. */
export const PORTFOLIO_COLUMN = 'portfolio';

/** One portfolio to analyse: its holdings as a holdings CSV of its own, ready for `readHoldings`.
 *  Serialisable (it crosses to worker threads and through the queue as is). */
export type PortfolioTask = {
  /** The portfolio (client) id: a holdings file's base name, or the long CSV's `portfolio` cell. */
  id: string;
  /** The file the holdings came from, as messages name it (relative to the working directory). */
  file: string;
  /** `symbol,quantity[,cost_basis][,currency]` text; for a long CSV, this portfolio's rows alone. */
  text: string;
  /** For a long CSV: `lines[k]` is the line of the original file that line k + 1 of `text` came
   *  from (index 0 is the header), so errors and warnings name the line the user sees. Null when
   *  `text` is the whole file. */
  lines: number[] | null;
  /** Why the file could not be read at all (not UTF-8, too large), as an InputError message:
   *  the task then fails without being analysed. */
  readError?: string;
  /** SHA-256 of `text` (or of `readError`), the portfolio's part of its inputs hash. */
  sha256: string;
};

/** The portfolios behind `--portfolios PATH`: every `*.csv` file of a directory (id = base
 *  name; hidden files and other names are skipped), or one file: a long CSV with a `portfolio`
 *  column (one portfolio per distinct id, in order of first appearance), else a single holdings
 *  file. Problems of one portfolio's rows are left for its own analysis to report; only what
 *  cannot be attributed to a portfolio (no header, a row without a portfolio id) is thrown here. */
export async function readPortfolioSources(path: string, cwd: string): Promise<PortfolioTask[]> {
  const absolute = resolve(cwd, path);
  const display = (p: string) => {
    const r = relative(cwd, p);
    return r.startsWith('..') ? p : r;
  };
  const info = await stat(absolute).catch(() => null);
  if (info === null) throw new InputError({ file: path, expected: 'an existing holdings CSV or a directory of them' });
  if (info.isDirectory()) {
    const names = (await readdir(absolute, { withFileTypes: true }))
      .filter((e) => e.isFile() && !e.name.startsWith('.') && /\.csv$/i.test(e.name))
      .map((e) => e.name)
      .sort();
    if (names.length === 0) throw new InputError({ file: path, expected: 'a directory holding at least one holdings CSV (*.csv)' });
    const ids = new Map<string, string>();
    for (const name of names) {
      const earlier = ids.get(baseName(name));
      if (earlier !== undefined) throw new InputError({ file: display(join(absolute, name)), expected: `a portfolio id of its own (${earlier} has the same base name)` });
      ids.set(baseName(name), name);
    }
    return Promise.all(names.map((name) => fileTask(join(absolute, name), display(join(absolute, name)))));
  }
  const file = display(absolute);
  const { text } = await readInputBytes(absolute, file);
  const header = headerOf(text, file);
  if (!header.some((h) => h.toLowerCase() === PORTFOLIO_COLUMN)) return [task(baseName(file), file, text, null)];
  return splitLongCsv(text, file);
}

async function fileTask(absolute: string, file: string): Promise<PortfolioTask> {
  const id = baseName(file);
  try {
    const { text } = await readInputBytes(absolute, file);
    return task(id, file, text, null);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { id, file, text: '', lines: null, readError: e.message, sha256: sha256(e.message) };
  }
}

function task(id: string, file: string, text: string, lines: number[] | null): PortfolioTask {
  return { id, file, text, lines, sha256: sha256(text) };
}

function headerOf(text: string, file: string): string[] {
  return readHeader(new CsvCursor(checkedText(text, file), file), file);
}

/** Splits a long CSV `portfolio,symbol,quantity[,cost_basis][,currency]` (columns in any order)
 *  into one holdings CSV per portfolio: the header and that portfolio's rows, without the
 *  portfolio column, each row re-quoted as RFC 4180 requires. */
export function splitLongCsv(text: string, file: string): PortfolioTask[] {
  const cursor = new CsvCursor(checkedText(text, file), file);
  const header = readHeader(cursor, file);
  const headerLine = cursor.line;
  const at = header.findIndex((h) => h.toLowerCase() === PORTFOLIO_COLUMN);
  if (at < 0) throw new InputError({ file, row: headerLine, value: header.join(','), expected: `a ${PORTFOLIO_COLUMN} column naming each row's portfolio` });
  const keep = (cells: readonly string[]) => cells.filter((_, i) => i !== at);
  const groups = new Map<string, { rows: string[]; lines: number[] }>();
  const subHeader = csvLine(keep(header));
  while (cursor.next()) {
    const cell = cursor.cells[at];
    const id = cell === undefined ? '' : cell.trim();
    if (id === '') {
      throw new InputError({ file, row: cursor.line, column: header[at], value: cell ?? '', expected: 'the id of the portfolio this row belongs to' });
    }
    if ([...id].some((ch) => ch.charCodeAt(0) < 32)) {
      throw new InputError({ file, row: cursor.line, column: header[at], value: id, expected: 'a portfolio id without control characters' });
    }
    let group = groups.get(id);
    if (group === undefined) groups.set(id, (group = { rows: [subHeader], lines: [headerLine] }));
    group.rows.push(csvLine(keep(cursor.cells)));
    group.lines.push(cursor.line);
    // A quoted cell spanning lines takes as many lines in the sub-file: keep `lines` aligned.
    const extra = group.rows[group.rows.length - 1]!.split(/\r\n|\r|\n/).length - 1;
    for (let k = 0; k < extra; k++) group.lines.push(cursor.line);
  }
  if (groups.size === 0) throw new InputError({ file, row: headerLine, expected: 'at least one data row after the header' });
  return [...groups].map(([id, g]) => task(id, file, `${g.rows.join('\n')}\n`, g.lines));
}

/** One CSV line: a cell holding a comma, a quote or a line break is quoted, quotes doubled. */
function csvLine(cells: readonly string[]): string {
  return cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
