import { InputError } from '../domain/errors.js';

/** Largest input accepted, in bytes (files) or UTF-16 code units (text already in memory): a
 *  price file this big is almost surely the wrong file, and a bigger JavaScript string would
 *  not fit comfortably in memory beside its parsed columns. */
export const MAX_INPUT_BYTES = 200 * 1024 * 1024;

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;

/** Refuses text over the size limit and text that is not UTF-8 (NUL characters: UTF-16 or a
 *  binary file), and drops a leading byte-order mark. */
export function checkedText(text: string, file: string): string {
  if (text.length > MAX_INPUT_BYTES) {
    throw new InputError({ file, expected: `a file of at most ${MAX_INPUT_BYTES / 1024 / 1024} MB`, value: `${text.length} characters` });
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const { line, column } = lineAndColumn(text, nul);
    throw new InputError({ file, row: line, column, expected: 'UTF-8 text (this looks like UTF-16 or a binary file)' });
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
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

/** RFC 4180 CSV rows, one at a time, reusing one `cells` array (no per-row allocation besides
 *  the cell strings). Quoted cells may hold commas, doubled quotes and line breaks; lines end in
 *  LF, CRLF or CR; empty lines are skipped (as pandas does). `line` is the 1-based file line on
 *  which the current row starts, so error messages point at what an editor shows. */
export class CsvCursor {
  readonly cells: string[] = [];
  line = 0;
  private pos = 0;
  private nextLine = 1;
  private readonly text: string;
  private readonly file: string;

  /** `text` must have passed `checkedText` (no BOM). */
  constructor(text: string, file: string) {
    this.text = text;
    this.file = file;
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
    for (;;) {
      if (text.charCodeAt(this.pos) === QUOTE) {
        this.cells.push(this.quotedCell());
      } else {
        const start = this.pos;
        while (this.pos < n) {
          const c = text.charCodeAt(this.pos);
          if (c === COMMA || c === LF || c === CR) break;
          this.pos++;
        }
        this.cells.push(text.slice(start, this.pos));
      }
      if (this.pos >= n) return true;
      const delimiter = text.charCodeAt(this.pos++);
      if (delimiter === COMMA) continue;
      if (delimiter === CR && text.charCodeAt(this.pos) === LF) this.pos++;
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
      if (c !== COMMA && c !== LF && c !== CR) {
        throw new InputError({
          file: this.file, row: this.nextLine, column: cellIndex,
          expected: 'a comma or the end of the line after a closing quote', value: text.slice(this.pos, this.pos + 10).split(/[\r\n]/)[0],
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

/** Reads and checks the header row: present, no empty or duplicate names (names trimmed).
 *  Throws for an empty file. */
export function readHeader(cursor: CsvCursor, file: string): string[] {
  if (!cursor.next()) throw new InputError({ file, expected: 'a header line and data rows', value: '' });
  const header = cursor.cells.map((c) => c.trim());
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    if (name === '') {
      throw new InputError({ file, row: cursor.line, column: i + 1, expected: 'a column name in every header cell', value: name });
    }
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      throw new InputError({ file, row: cursor.line, column: i + 1, expected: `unique column names (column ${earlier} is also named this)`, value: name });
    }
    seen.set(name, i + 1);
  });
  return header;
}

/** Throws when the current row has a different number of cells than the header. */
export function checkCellCount(cursor: CsvCursor, headerLength: number, file: string): void {
  if (cursor.cells.length !== headerLength) {
    throw new InputError({ file, row: cursor.line, expected: `${headerLength} cells as in the header`, value: `${cursor.cells.length} cells` });
  }
}
