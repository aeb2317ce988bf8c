import { describe, expect, it } from 'vitest';
import { CsvCursor, checkedText, type Delimiter } from '../../src/data/csv.js';
import { detectAndRead } from '../../src/data/detect.js';
import { decodeText } from '../../src/data/encoding.js';
import { readSample } from './reference.js';

// What the importers accept besides plain UTF-8 comma-separated LF text: the same real files
// saved with a byte-order mark, as UTF-16 (LE or BE, with a mark), with CRLF or CR line ends, or
// separated by semicolons or tabs must read exactly as the original.

/** The file re-written with another delimiter and line end (cells quoted where they must be). */
function rewrite(text: string, delimiter: Delimiter, eol: string): string {
  const cursor = new CsvCursor(checkedText(text, 'f'), 'f');
  const lines: string[] = [];
  while (cursor.next()) {
    lines.push(cursor.cells.map((c) => (/["\r\n]/.test(c) || c.includes(delimiter) ? `"${c.replaceAll('"', '""')}"` : c)).join(delimiter));
  }
  return lines.join(eol) + eol;
}

function utf16(text: string, order: 'LE' | 'BE'): Buffer {
  const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
  return order === 'LE' ? le : le.swap16();
}

// Samples whose numbers read one way in any locale (no "1.234"-like value, which a file separated
// by semicolons or tabs refuses as ambiguous), one per importer, slash dates and NA included.
const SAMPLES = [
  'wti_spot_eia_2007-2026.csv', 'tbill_3m_dtb3_2000-2026.csv', 'portfolio.csv', 'spx_chain_2010-09-17.csv',
  'etf_total_return_indices_2004-2023.csv',
];

describe('accepted variants read exactly as the original', () => {
  it.each(SAMPLES)('%s', (name) => {
    const original = readSample(name).split(/\r?\n/).slice(0, 400).join('\n');
    const expected = JSON.stringify(detectAndRead(original, name));
    const variants: [string, string][] = [
      ['CRLF', rewrite(original, ',', '\r\n')],
      ['CR', rewrite(original, ',', '\r')],
      ['semicolons', rewrite(original, ';', '\n')],
      ['tabs', rewrite(original, '\t', '\r\n')],
      ['UTF-8 with a byte-order mark', decodeText(Buffer.from(`\uFEFF${original}`), name)],
      ['UTF-16 LE with a byte-order mark', decodeText(utf16(original, 'LE'), name)],
      ['UTF-16 BE with a byte-order mark', decodeText(utf16(rewrite(original, ';', '\r\n'), 'BE'), name)],
    ];
    for (const [what, text] of variants) expect([what, JSON.stringify(detectAndRead(text, name))]).toEqual([what, expected]);
  });

  it('decodes only what it can tell apart, and says what it found otherwise', () => {
    expect(decodeText(Buffer.from('date,A\n'), 'f')).toBe('date,A\n');
    expect(() => decodeText(Buffer.from('date,A\n', 'utf16le'), 'f')).toThrow('f: expected UTF-8 text, or UTF-16 with a byte-order mark (this looks like UTF-16 LE without one: save it as UTF-8)');
    expect(() => decodeText(Buffer.from('date,Caf\xe9\n', 'latin1'), 'f')).toThrow('f:1:9: expected UTF-8 text (byte 0xE9 is not UTF-8: this looks like Latin-1 or Windows-1252; save the file as UTF-8)');
    expect(() => decodeText(Buffer.from([0x1f, 0x8b, 0x08, 0xff]), 'f')).toThrow('f:1:1: expected text (this looks like a binary file: byte 0x1F)');
  });
});
