import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DateColumn, LARGEST_MAGNITUDE, numberCell, SMALLEST_MAGNITUDE } from '../../src/data/cells.js';
import { dayNumber, isoDayNumber, isoFromDayNumber } from '../../src/domain/dates.js';
import { CsvCursor, checkedText, headerDelimiter } from '../../src/data/csv.js';
import { jsonErrorOffset } from '../../src/data/json-syntax.js';

function rows(text: string): [number, string[]][] {
  const checked = checkedText(text, 't.csv');
  const cursor = new CsvCursor(checked, 't.csv', headerDelimiter(checked, 't.csv'));
  const out: [number, string[]][] = [];
  while (cursor.next()) out.push([cursor.line, [...cursor.cells]]);
  return out;
}

/** RFC 4180 writer, to round-trip random tables through the cursor. */
function quote(cell: string): string {
  return /[",\r\n]/.test(cell) || cell === '' ? `"${cell.replaceAll('"', '""')}"` : cell;
}

describe('CsvCursor', () => {
  it('splits RFC 4180 rows with quotes, doubled quotes and line breaks inside quotes', () => {
    expect(rows('a,"b,c","say ""hi"""\n"multi\nline",2,\n')).toEqual([
      [1, ['a', 'b,c', 'say "hi"']],
      [2, ['multi\nline', '2', '']],
    ]);
  });

  it('counts file lines across LF, CRLF, lone CR and skipped empty lines', () => {
    expect(rows('h\r\n\r\nx\ry\n\n\nz')).toEqual([[1, ['h']], [3, ['x']], [4, ['y']], [7, ['z']]]);
    expect(rows('"a\r\nb",c\r\nd')).toEqual([[1, ['a\r\nb', 'c']], [3, ['d']]]);
  });

  it('drops a BOM and refuses control characters with their position', () => {
    expect(rows('\uFEFFdate\n1')).toEqual([[1, ['date']], [2, ['1']]]);
    expect(() => rows('date\n1\u0000')).toThrow('t.csv:2:2: expected text (this looks like a binary file: control character U+0000)');
  });

  it('takes the delimiter from the header line: commas, semicolons or tabs, never two kinds', () => {
    expect(rows('date;A\n"2020-01-02";"1,5"\n')).toEqual([[1, ['date', 'A']], [2, ['2020-01-02', '1,5']]]);
    expect(rows('\n\ndate\tA\n2020-01-02\t1,5\n')).toEqual([[3, ['date', 'A']], [4, ['2020-01-02', '1,5']]]);
    expect(rows('"a;b",c\n1,2')).toEqual([[1, ['a;b', 'c']], [2, ['1', '2']]]);
    expect(rows('date\n1')).toEqual([[1, ['date']], [2, ['1']]]);
    expect(() => rows('\r\ndate;A,B\n')).toThrow('t.csv:2: expected one kind of separator on the header line (it holds commas and semicolons)');
  });

  it('round-trips any table of strings written by an RFC 4180 writer', () => {
    const table = fc.array(fc.array(fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ', 'é') }), { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 });
    fc.assert(fc.property(table, (t) => {
      const text = t.map((r) => r.map(quote).join(',')).join('\r\n');
      return JSON.stringify(rows(text).map(([, cells]) => cells)) === JSON.stringify(t);
    }));
  });
});

describe('numberCell', () => {
  it('reads plain decimals, missing-value tokens as NaN, and refuses the rest', () => {
    expect([' 1.5 ', '-2', '+3.', '.5', '1e-3', '2E+2'].map((c) => numberCell(c, 'f', 2, 'X', 'a number'))).toEqual([1.5, -2, 3, 0.5, 0.001, 200]);
    for (const c of ['', 'NA', 'N/A', '#N/A', '.', 'null', 'NULL', 'NaN', 'nan', '  ']) expect(numberCell(c, 'f', 2, 'X', 'a number')).toBeNaN();
    for (const c of ['Infinity', '0x10', '1,5', '1 000', '--1', '1e', 'e5', '$5']) expect(() => numberCell(c, 'f', 2, 'X', 'a number')).toThrow(/^f:2:X: expected a number/);
  });

  it('parses every double within the magnitudes printed by JavaScript back to itself, and refuses the others', () => {
    // String(-0) is "0": compare with ===, for which 0 and −0 are equal.
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
      const a = Math.abs(x);
      if (a === 0 || (a >= SMALLEST_MAGNITUDE && a <= LARGEST_MAGNITUDE)) return numberCell(String(x), 'f', 2, 'X', 'n') === x;
      expect(() => numberCell(String(x), 'f', 2, 'X', 'n')).toThrow('f:2:X: expected n, 0 or of magnitude from 1e-12 to 1e15');
      return true;
    }));
  });

  it('refuses a dot followed by three digits outside comma files only', () => {
    expect(numberCell('1.500', 'f', 2, 'X', 'n')).toBe(1.5);
    expect(numberCell('1.5000', 'f', 2, 'X', 'n', ';')).toBe(1.5);
    expect(numberCell('1234.500', 'f', 2, 'X', 'n', '\t')).toBe(1234.5);
    expect(() => numberCell('-1.500', 'f', 2, 'X', 'n', ';')).toThrow(/^f:2:X: expected n that reads one way only/);
  });
});

describe('dates', () => {
  it('day numbers agree with Date.UTC over four centuries', () => {
    fc.assert(fc.property(fc.date({ min: new Date('1800-01-01'), max: new Date('2200-12-31'), noInvalidDate: true }), (d) => {
      const iso = d.toISOString().slice(0, 10);
      const expected = Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) / 86_400_000);
      return dayNumber(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()) === expected
        && isoDayNumber(iso) === expected && isoFromDayNumber(expected) === iso;
    }));
  });

  it('holds slash dates back until one shows the order, then reads them all that way', () => {
    const c = new DateColumn('f.csv', 'Date');
    c.push('1/2/2020', 2);
    c.push('3/2/2020', 3);
    expect(c.dates).toEqual([]);
    c.push('13/2/2020', 4);
    expect(c.finish()).toBe(false);
    expect([c.dates, c.lines]).toEqual([['2020-02-01', '2020-02-03', '2020-02-13'], [2, 3, 4]]);
  });

  it('reads ambiguous slash dates the way dateOrder says', () => {
    for (const [dateOrder, iso] of [['month-first', '2020-03-04'], ['day-first', '2020-04-03']] as const) {
      const c = new DateColumn('f.csv', 'Date', { dateOrder });
      c.push('03/04/2020', 2);
      c.finish();
      expect(c.dates).toEqual([iso]);
    }
  });

  it('reads M/D/YYYY as ISO and keeps file lines through a reversal', () => {
    const c = new DateColumn('f.csv', 'Date');
    c.push('1/31/2020', 2);
    c.push('12/1/2019', 3);
    c.push('2/29/2016', 4);
    expect(c.finish()).toBe(true);
    expect([c.dates, c.lines]).toEqual([['2016-02-29', '2019-12-01', '2020-01-31'], [4, 3, 2]]);
  });
});

describe('jsonErrorOffset', () => {
  const jsonish = fc.array(fc.constantFrom('{', '}', '[', ']', '"', '"a"', ':', ',', ' ', '\n', '1', '-', '.', 'e', '0', 'true', 'nul', 'null', '\\', 'u', 'x'), { maxLength: 40 }).map((p) => p.join(''));

  it('agrees with JSON.parse on what is valid, and points inside the text or at its end', () => {
    fc.assert(fc.property(fc.oneof(jsonish, fc.json(), fc.json().map((j) => j.slice(0, -1))), (text) => {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      const at = jsonErrorOffset(text);
      return valid ? at === -1 : at >= 0 && at <= text.length;
    }), { numRuns: 3000 });
  });

  it('finds the first character that cannot continue the document', () => {
    expect(jsonErrorOffset('{"a": NaN}')).toBe(6);
    expect(jsonErrorOffset('{"a": [1, 2')).toBe(11);
    expect(jsonErrorOffset('{"a": 1.')).toBe(8);
    expect(jsonErrorOffset('{"a": tr')).toBe(8);
    expect(jsonErrorOffset('{"a": 1} x')).toBe(9);
    expect(jsonErrorOffset('date,A')).toBe(0);
  });
});
