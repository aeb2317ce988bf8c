import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHoldings } from '../../src/data/holdings.js';
import { readPortfolioSources, sha256, splitLongCsv } from '../../src/batch/sources.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'microhedge-sources-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('splitLongCsv', () => {
  const text = [
    'Portfolio,symbol,quantity,cost_basis',
    'b,AAPL,10,100',
    'a,MSFT,5,',
    '',
    'b,"SPY",-3,400',
    'a,CASH,1000,',
  ].join('\n');

  it('gives one holdings CSV per portfolio, in order of first appearance, without the portfolio column', () => {
    const tasks = splitLongCsv(text, 'clients.csv');
    expect(tasks.map((t) => t.id)).toEqual(['b', 'a']);
    expect(tasks[0]!.text).toBe('symbol,quantity,cost_basis\nAAPL,10,100\nSPY,-3,400\n');
    expect(tasks[1]!.text).toBe('symbol,quantity,cost_basis\nMSFT,5,\nCASH,1000,\n');
    expect(tasks.every((t) => t.file === 'clients.csv' && t.sha256 === sha256(t.text))).toBe(true);
  });

  it('maps every line of a portfolio back to the line of the long file', () => {
    const [b, a] = splitLongCsv(text, 'clients.csv');
    // Header on line 1; b's rows on lines 2 and 5 (line 4 is blank); a's on 3 and 6.
    expect(b!.lines).toEqual([1, 2, 5]);
    expect(a!.lines).toEqual([1, 3, 6]);
  });

  it('re-quotes cells that need it and keeps lines aligned across a quoted line break', () => {
    const [p] = splitLongCsv('portfolio,symbol,quantity,note\np,"A,B",1,"two\nlines"\np,C,2,x\n', 'q.csv');
    expect(p!.text).toBe('symbol,quantity,note\n"A,B",1,"two\nlines"\nC,2,x\n');
    // Line 3 of the sub-file is the continuation of the row that starts on line 2 of the original.
    expect(p!.lines).toEqual([1, 2, 2, 4]);
  });

  it('refuses a row that names no portfolio, naming the line', () => {
    expect(() => splitLongCsv('portfolio,symbol,quantity\na,AAPL,1\n ,MSFT,2\n', 'c.csv'))
      .toThrow('c.csv:3:portfolio: expected the id of the portfolio this row belongs to, got " "');
    expect(() => splitLongCsv('portfolio,symbol,quantity\n', 'c.csv')).toThrow('c.csv:1: expected at least one data row after the header');
  });

  it('loses, adds and reorders no row of any portfolio (property)', () => {
    const cell = fc.stringMatching(/^[A-Za-z0-9 ,"\n-]{0,6}$/);
    const row = fc.tuple(fc.constantFrom('p1', 'p2', 'x y', 'q"z'), cell, cell);
    fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 30 }), (rows) => {
      const quote = (c: string) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
      const text = `portfolio,symbol,quantity\n${rows.map((r) => r.map(quote).join(',')).join('\n')}\n`;
      const tasks = splitLongCsv(text, 'p.csv');
      for (const t of tasks) {
        const expected = rows.filter((r) => r[0].trim() === t.id).map((r) => `${quote(r[1])},${quote(r[2])}`);
        expect(t.text).toBe(`symbol,quantity\n${expected.join('\n')}\n`);
      }
      expect(new Set(tasks.map((t) => t.id))).toEqual(new Set(rows.map((r) => r[0].trim())));
    }), { numRuns: 200 });
  });
});

describe('readPortfolioSources', () => {
  it('reads every *.csv of a directory as a portfolio named by its file, skipping hidden and other files', async () => {
    const d = join(dir, 'clients');
    await mkdir(join(d, 'sub.csv'), { recursive: true });
    await writeFile(join(d, 'zed.csv'), 'symbol,quantity\nAAPL,1\n');
    await writeFile(join(d, 'alpha.CSV'), 'symbol,quantity\nMSFT,2\n');
    await writeFile(join(d, '.hidden.csv'), 'symbol,quantity\nX,1\n');
    await writeFile(join(d, 'notes.txt'), 'not a portfolio');
    const tasks = await readPortfolioSources('clients', dir);
    expect(tasks.map((t) => [t.id, t.file, t.lines])).toEqual([['alpha', 'clients/alpha.CSV', null], ['zed', 'clients/zed.csv', null]]);
    expect(readHoldings(tasks[1]!.text, tasks[1]!.file).portfolio.positions[0]!.quantity).toBe(1);
  });

  it('turns an unreadable file into a task that carries its error, so the others still run', async () => {
    const d = join(dir, 'mixed');
    await mkdir(d);
    await writeFile(join(d, 'good.csv'), 'symbol,quantity\nAAPL,1\n');
    await writeFile(join(d, 'utf16.csv'), Buffer.from([0x73, 0x00, 0x79, 0x00])); // UTF-16 LE without a byte-order mark
    const [good, bad] = await readPortfolioSources('mixed', dir);
    expect(good!.readError).toBeUndefined();
    expect(bad!.readError).toBe('mixed/utf16.csv: expected UTF-8 text, or UTF-16 with a byte-order mark (this looks like UTF-16 LE without one: save it as UTF-8)');
  });

  it('treats a file with a portfolio column as a long CSV, and any other file as one portfolio', async () => {
    await writeFile(join(dir, 'long.csv'), 'portfolio,symbol,quantity\nc1,AAPL,1\nc2,MSFT,2\n');
    await writeFile(join(dir, 'single.csv'), 'symbol,quantity\nAAPL,1\n');
    expect((await readPortfolioSources('long.csv', dir)).map((t) => t.id)).toEqual(['c1', 'c2']);
    expect((await readPortfolioSources(join(dir, 'single.csv'), dir)).map((t) => [t.id, t.file])).toEqual([['single', 'single.csv']]);
  });

  it('refuses what is not a batch of portfolios as a whole', async () => {
    await mkdir(join(dir, 'empty'));
    await expect(readPortfolioSources('empty', dir)).rejects.toThrow('empty: expected a directory holding at least one holdings CSV (*.csv)');
    await expect(readPortfolioSources('missing.csv', dir)).rejects.toThrow('missing.csv: expected an existing holdings CSV or a directory of them');
    await mkdir(join(dir, 'twice'));
    await writeFile(join(dir, 'twice', 'a.csv'), 'symbol,quantity\nAAPL,1\n');
    await writeFile(join(dir, 'twice', 'a.CSV'), 'symbol,quantity\nAAPL,1\n');
    await expect(readPortfolioSources('twice', dir)).rejects.toThrow('twice/a.csv: expected a portfolio id of its own (a.CSV has the same base name)');
  });
});
