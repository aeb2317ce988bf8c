import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DateColumn, numberCell } from '../../src/data/cells.js';
import { dayNumber, isoDayNumber, isoFromDayNumber } from '../../src/domain/dates.js';
import { CsvCursor, checkedText } from '../../src/data/csv.js';

function rows(text: string): [number, string[]][] {
  const cursor = new CsvCursor(checkedText(text, 't.csv'), 't.csv');
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

  it('drops a BOM and refuses NUL characters with their position', () => {
    expect(rows('\uFEFFdate\n1')).toEqual([[1, ['date']], [2, ['1']]]);
    expect(() => rows('date\n1\u0000')).toThrow('t.csv:2:2: expected UTF-8 text (this looks like UTF-16 or a binary file)');
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

  it('parses every double printed by JavaScript back to itself', () => {
    // String(-0) is "0": compare with ===, for which 0 and −0 are equal.
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => numberCell(String(x), 'f', 2, 'X', 'n') === x));
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

  it('reads M/D/YYYY as ISO and keeps file lines through a reversal', () => {
    const c = new DateColumn('f.csv', 'Date');
    c.push('1/31/2020', 2);
    c.push('12/1/2019', 3);
    c.push('2/29/2016', 4);
    expect(c.finish()).toBe(true);
    expect([c.dates, c.lines]).toEqual([['2016-02-29', '2019-12-01', '2020-01-31'], [4, 3, 2]]);
  });
});
