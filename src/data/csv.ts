import { InputError } from '../domain/errors.js';

/** Largest input accepted, in bytes (files) or UTF-16 code units (text already in memory): a
 *  price file this big is almost surely the wrong file, and a bigger JavaScript string would
 *  not fit comfortably in memory beside its parsed columns. */
export const MAX_INPUT_BYTES = 200 * 1024 * 1024;

/** Most lines a CSV may have: a daily history of 4,000 years, or an option chain of every listed
 *  contract many times over. A file past it is refused before any row is parsed (a 10-million-row
 *  export would otherwise take seconds and gigabytes to refuse at its first bad row). */
export const MAX_INPUT_LINES = 1_000_000;

/** Cell separators a CSV may use; one per file, found on its header line. */
export type Delimiter = ',' | ';' | '\t';

const COMMA = 44;
const SEMICOLON = 59;
const TAB = 9;
const QUOTE = 34;
const CR = 13;
const LF = 10;

/** Control characters other than tab, LF and CR, and U+FFFD (what a lossy decoder leaves for bytes
 *  that were not UTF-8): none belongs in a text data file. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NOT_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/;

/** Refuses text over the size limit and text that is not text (control characters: UTF-16 read
 *  as UTF-8, a binary file; U+FFFD: bytes decoded with the wrong encoding), and drops a leading
 *  byte-order mark. */
export function checkedText(text: string, file: string): string {
  if (text.length > MAX_INPUT_BYTES) {
    throw new InputError({ file, expected: `a file of at most ${MAX_INPUT_BYTES / 1024 / 1024} MB`, value: `${text.length} characters` });
  }
  const bad = NOT_TEXT.exec(text);
  if (bad !== null) {
    const { line, column } = lineAndColumn(text, bad.index);
    throw new InputError({ file, row: line, column, expected: notTextReason(text, bad.index) });
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function notTextReason(text: string, offset: number): string {
  const code = text.charCodeAt(offset);
  if (code === 0xfffd) {
    return 'UTF-8 text (U+FFFD here stands for bytes that were not UTF-8: the file was decoded with the wrong encoding; save it as UTF-8)';
  }
  if (code === 0) {
    const order = utf16Order(text);
    if (order !== undefined) return `UTF-8 text (this is UTF-16 ${order} read as UTF-8: save it as UTF-8)`;
  }
  return `text (this looks like a binary file: control character U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
}

/** 'LE' or 'BE' when the first characters alternate with NULs the way ASCII text in UTF-16 does
 *  (read one byte per character), else undefined. */
function utf16Order(text: string): 'LE' | 'BE' | undefined {
  const n = Math.min(text.length, 256) & ~1;
  if (n < 4) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i++) {
    if (text.charCodeAt(i) === 0) {
      if (i % 2 === 0) evenNul++;
      else oddNul++;
    }
  }
  if (oddNul >= n / 2 - 1 && evenNul === 0) return 'LE';
  if (evenNul >= n / 2 - 1 && oddNul === 0) return 'BE';
  return undefined;
}

/** Refuses text with more than `MAX_INPUT_LINES` lines, counting line ends (LF, CR) without
 *  parsing anything. */
export function checkLineCount(text: string, file: string): void {
  if (text.length <= MAX_INPUT_LINES) return;
  const over = (ch: string): boolean => {
    let count = 0;
    for (let i = text.indexOf(ch); i >= 0; i = text.indexOf(ch, i + 1)) {
      if (++count > MAX_INPUT_LINES) return true;
    }
    return false;
  };
  if (over('\n') || over('\r')) {
    throw new InputError({
      file, value: `more than ${MAX_INPUT_LINES.toLocaleString('en-US')} lines`,
      expected: `a file of at most ${MAX_INPUT_LINES.toLocaleString('en-US')} lines (split it, or keep only the dates you need)`,
    });
  }
}

/** The delimiter of the header line (the first non-empty line), by the separators it holds
 *  outside quotes: commas, semicolons or tabs; a header holding more than one kind is refused
 *  (which one separates is a guess); none at all (one column) counts as commas. */
export function headerDelimiter(text: string, file: string): Delimiter {
  let i = 0;
  let line = 1;
  const n = text.length;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) line++;
    else if (c === CR) {
      if (text.charCodeAt(i + 1) !== LF) line++;
    } else break;
  }
  let commas = 0;
  let semicolons = 0;
  let tabs = 0;
  let quoted = false;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (quoted) continue;
    else if (c === LF || c === CR) break;
    else if (c === COMMA) commas++;
    else if (c === SEMICOLON) semicolons++;
    else if (c === TAB) tabs++;
  }
  const found = [commas > 0 ? 'commas' : '', semicolons > 0 ? 'semicolons' : '', tabs > 0 ? 'tabs' : ''].filter((s) => s !== '');
  if (found.length > 1) {
    throw new InputError({ file, row: line, expected: `one kind of separator on the header line (it holds ${found.join(' and ')}): commas, semicolons or tabs` });
  }
  return semicolons > 0 ? ';' : tabs > 0 ? '\t' : ',';
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === LF) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

const SEPARATOR_NAMES: Record<Delimiter, string> = { ',': 'a comma', ';': 'a semicolon', '\t': 'a tab' };

/** RFC 4180 CSV rows, one at a time, reusing one `cells` array (no per-row allocation besides
 *  the cell strings). Quoted cells may hold commas, doubled quotes and line breaks; lines end in
 *  LF, CRLF or CR; empty lines are skipped (as pandas does). `line` is the 1-based file line on
 *  which the current row starts, so error messages point at what an editor shows. */
export class CsvCursor {
  readonly cells: string[] = [];
  line = 0;
  private pos = 0;
  private nextLine = 1;
  readonly delimiter: Delimiter;
  private readonly text: string;
  private readonly file: string;
  private readonly separator: number;

  /** `text` must have passed `checkedText` (no BOM). */
  constructor(text: string, file: string, delimiter: Delimiter = ',') {
    this.text = text;
    this.file = file;
    this.delimiter = delimiter;
    this.separator = delimiter.charCodeAt(0);
  }

  /** Moves to the next non-empty row; false at the end of the text. */
  next(): boolean {
    const text = this.text;
    const n = text.length;
    // Skip empty lines, counting them.
    while (this.pos < n) {
      const c = text.charCodeAt(this.pos);
      if (c === LF) {
        this.nextLine++;
        this.pos++;
      } else if (c === CR) {
        this.nextLine++;
        this.pos += text.charCodeAt(this.pos + 1) === LF ? 2 : 1;
      } else break;
    }
    if (this.pos >= n) return false;
    this.cells.length = 0;
    this.line = this.nextLine;
    const separator = this.separator;
    for (;;) {
      if (text.charCodeAt(this.pos) === QUOTE) {
        this.cells.push(this.quotedCell());
      } else {
        const start = this.pos;
        while (this.pos < n) {
          const c = text.charCodeAt(this.pos);
          if (c === separator || c === LF || c === CR) break;
          this.pos++;
        }
        this.cells.push(text.slice(start, this.pos));
      }
      if (this.pos >= n) return true;
      const end = text.charCodeAt(this.pos++);
      if (end === separator) continue;
      if (end === CR && text.charCodeAt(this.pos) === LF) this.pos++;
      this.nextLine++;
      return true;
    }
  }

  /** Reads a quoted cell starting at `pos` (on the opening quote); leaves `pos` after the
   *  closing quote, which must be followed by a comma, a line end or the end of the text. */
  private quotedCell(): string {
    const text = this.text;
    const n = text.length;
    const startLine = this.nextLine;
    const cellIndex = this.cells.length + 1;
    let out = '';
    let from = ++this.pos;
    for (;;) {
      const close = text.indexOf('"', this.pos);
      if (close < 0) {
        throw new InputError({ file: this.file, row: startLine, column: cellIndex, expected: 'a closing quote for the quoted cell that starts here' });
      }
      this.countLinesBetween(this.pos, close);
      if (text.charCodeAt(close + 1) === QUOTE) {
        out += text.slice(from, close + 1);
        this.pos = from = close + 2;
        continue;
      }
      out += text.slice(from, close);
      this.pos = close + 1;
      break;
    }
    if (this.pos < n) {
      const c = text.charCodeAt(this.pos);
      if (c !== this.separator && c !== LF && c !== CR) {
        throw new InputError({
          file: this.file, row: this.nextLine, column: cellIndex,
          expected: `${SEPARATOR_NAMES[this.delimiter]} or the end of the line after a closing quote`, value: text.slice(this.pos, this.pos + 10).split(/[\r\n]/)[0],
        });
      }
    }
    return out;
  }

  private countLinesBetween(from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const c = this.text.charCodeAt(i);
      if (c === LF) this.nextLine++;
      else if (c === CR && this.text.charCodeAt(i + 1) !== LF) this.nextLine++;
    }
  }
}

/** Reads and checks the header row: present, no empty or duplicate names (names trimmed and
 *  compared ignoring case, as the readers look them up). Throws for an empty file. */
export function readHeader(cursor: CsvCursor, file: string): string[] {
  if (!cursor.next()) throw new InputError({ file, expected: 'a header line and data rows', value: '' });
  const header = cursor.cells.map((c) => c.trim());
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    if (name === '') {
      const trailing = i === header.length - 1 && i > 0 ? ` (the line ends in ${SEPARATOR_NAMES[cursor.delimiter]}: remove it)` : '';
      throw new InputError({ file, row: cursor.line, column: i + 1, expected: `a column name in every header cell${trailing}`, value: name });
    }
    if (/[\r\n]/.test(name)) {
      throw new InputError({ file, row: cursor.line, column: i + 1, expected: 'a column name on one line (this quoted name holds a line break)', value: name });
    }
    const key = name.toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      const other = header[earlier - 1] as string;
      const also = other === name ? 'is also named this' : `is named ${other}: names are compared ignoring case`;
      throw new InputError({ file, row: cursor.line, column: i + 1, expected: `unique column names (column ${earlier} ${also})`, value: name });
    }
    seen.set(key, i + 1);
  });
  return header;
}

/** Throws when the current row has a different number of cells than the header. */
export function checkCellCount(cursor: CsvCursor, headerLength: number, file: string): void {
  const cells = cursor.cells;
  if (cells.length === headerLength) return;
  const trailing = cells.length === headerLength + 1 && cells[headerLength] === '' ? ` (the row ends in ${SEPARATOR_NAMES[cursor.delimiter]}: remove it)` : '';
  throw new InputError({ file, row: cursor.line, expected: `${headerLength} cells as in the header${trailing}`, value: `${cells.length} cell${cells.length === 1 ? '' : 's'}` });
}
