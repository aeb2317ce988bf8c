import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { latestDateToday } from '../../src/data/cells.js';
import { decodeText } from '../../src/data/encoding.js';
import { InputError } from '../../src/domain/errors.js';
import { createApp } from '../../src/server/app.js';
import { inlineEngine } from '../../src/server/engine.js';
import { HostCheck } from '../../src/server/hosts.js';

// Uploads read as `microhedge analyze` reads the same files from disk: the bytes decoded by the
// same rule (UTF-8, or UTF-16 with a byte-order mark; anything else refused as the CLI refuses
// it), and dates read with the same options (dateOrder, latestDate) — through HTTP, in-process.

const ORIGIN = 'http://127.0.0.1:4173';
const HOST = '127.0.0.1:4173';
const app = createApp({ engine: inlineEngine(), hosts: new HostCheck('127.0.0.1', 4173), maxUploadBytes: 32 * 1024 * 1024, log: () => undefined });

const FIXTURES = join(process.cwd(), 'test', 'bad-inputs', 'cli', 'fixtures');
const BOOK = 'symbol,quantity\nAAPL,100\nXOM,50\nCASH,1000\n';
const PRICES = readFileSync(join(FIXTURES, 'prices.csv'), 'utf8');
/** Real closes on days 1–12 of each month, written D/M/YYYY: no date shows the order. */
const DAY_FIRST = readFileSync(join(FIXTURES, 'day-first-prices.csv'), 'utf8');

type Summary = { inputsId: string; files: { name: string; kind: string; detail: string }[]; asOf: string; symbols: string[]; holdings: { symbol: string; value: number }[] };
type ErrorBody = { error: { message: string; field: string | null } };

function utf16(text: string, order: 'LE' | 'BE', bom = true): Uint8Array {
  const le = Buffer.from(`${bom ? '\uFEFF' : ''}${text}`, 'utf16le');
  return order === 'LE' ? le : le.swap16();
}

function multipart(files: [string, Uint8Array | string][], fields: [string, string][] = []): Promise<Response> {
  const form = new FormData();
  for (const [name, bytes] of files) form.append('files', new File([bytes], name));
  for (const [k, v] of fields) form.append(k, v);
  return Promise.resolve(app.request(`${ORIGIN}/api/inputs`, { method: 'POST', headers: { host: HOST }, body: form }));
}

function json(path: string, body: unknown): Promise<Response> {
  return Promise.resolve(app.request(`${ORIGIN}${path}`, {
    method: 'POST', headers: { host: HOST, 'content-type': 'application/json' }, body: JSON.stringify(body),
  }));
}

async function ok(r: Response): Promise<Summary> {
  const body = await r.json() as Summary | ErrorBody;
  expect(r.status, JSON.stringify(body)).toBe(200);
  return body as Summary;
}

async function refused(r: Response): Promise<string> {
  expect(r.status).toBe(400);
  return ((await r.json()) as ErrorBody).error.message;
}

/** What the reader of files on disk says about these bytes. */
function diskMessage(bytes: Uint8Array, name: string): string {
  try {
    decodeText(bytes, name);
  } catch (e) {
    if (e instanceof InputError) return e.message;
    throw e;
  }
  throw new Error('decoded');
}

describe('uploads in other encodings', () => {
  it('reads UTF-16 LE and BE with a byte-order mark exactly as the UTF-8 files', async () => {
    const plain = await ok(await multipart([['book.csv', BOOK], ['prices.csv', PRICES]]));
    for (const order of ['LE', 'BE'] as const) {
      const wide = await ok(await multipart([['book.csv', utf16(BOOK, order)], ['prices.csv', utf16(PRICES, order)]]));
      const { inputsId: _a, ...rest } = wide;
      const { inputsId: _b, ...expected } = plain;
      expect(rest).toEqual(expected);
      expect(wide.files.map((f) => f.kind)).toEqual(['holdings', 'prices']);
      expect(wide.symbols).toContain('AAPL');
    }
  });

  it('reads a UTF-8 byte-order mark as the CLI does', async () => {
    const summary = await ok(await multipart([['book.csv', `\uFEFF${BOOK}`], ['prices.csv', `\uFEFF${PRICES}`]]));
    expect(summary.holdings.map((h) => h.symbol).sort()).toEqual(['AAPL', 'XOM']);
  });

  it('refuses what the CLI refuses, with the same message: UTF-16 without a mark, Latin-1, a cut UTF-16 file', async () => {
    const latin1 = Buffer.from('symbol,quantity\nAAPL,100\nNESN,5\n# Nestl\xe9\n', 'latin1');
    const cut = utf16(BOOK, 'LE').subarray(0, 31);
    for (const [name, bytes, message] of [
      ['book.csv', utf16(BOOK, 'LE', false), 'book.csv: expected UTF-8 text, or UTF-16 with a byte-order mark (this looks like UTF-16 LE without one: save it as UTF-8)'],
      ['book.csv', latin1, 'book.csv:4:8: expected UTF-8 text (byte 0xE9 is not UTF-8: this looks like Latin-1 or Windows-1252; save the file as UTF-8)'],
      ['book.csv', cut, 'book.csv: expected UTF-16 LE text of whole characters (the file ends in half a character: it was cut short), got "31 bytes"'],
    ] as const) {
      expect(diskMessage(bytes, name)).toBe(message);
      expect(await refused(await multipart([[name, bytes], ['prices.csv', PRICES]]))).toBe(message);
    }
  });

  it('reports the content\'s own error at the right row of a UTF-16 file', async () => {
    const bad = utf16('symbol,quantity\nAAPL,100\nXOM,fifty\n', 'BE');
    expect(await refused(await multipart([['book.csv', bad], ['prices.csv', PRICES]])))
      .toBe('book.csv:3:quantity: expected a quantity (a non-zero number), got "fifty"');
  });
});

describe('dates of uploads', () => {
  const files = [{ name: 'book.csv', text: BOOK }, { name: 'prices.csv', text: DAY_FIRST }];

  it('refuses slash dates whose order no date shows, naming the field that resolves it', async () => {
    expect(await refused(await json('/api/inputs', { files }))).toBe(
      'prices.csv:2:date: expected a date whose order is known: no date in this file has a number above 12 that shows whether the month or the day comes first (set dateOrder to month-first or day-first), got "1/3/2022"');
  });

  it('reads them with dateOrder, as JSON and as a multipart field, to the same inputs', async () => {
    const byJson = await ok(await json('/api/inputs', { files, dateOrder: 'day-first' }));
    expect(byJson.asOf).toBe('2024-11-12');
    const byForm = await ok(await multipart([['book.csv', BOOK], ['prices.csv', DAY_FIRST]], [['dateOrder', 'day-first']]));
    expect(byForm).toEqual(byJson);
    // The order read by changes the inputs: not the id of the same texts read another way.
    const misread = await refused(await json('/api/inputs', { files, dateOrder: 'month-first' }));
    expect(misread).toBe('prices.csv:11:date: expected a date after 2022-11-03 (row 10): dates must run oldest-first, or newest-first throughout, got "1/4/2022"');
  });

  it('analyzes them with dateOrder on POST /api/analyze', async () => {
    const r = await json('/api/analyze', { files, dateOrder: 'day-first', options: { horizonDays: 5, lookbackDays: 120 } });
    expect(r.status).toBe(200);
    const { report } = await r.json() as { report: { asOf: string } };
    expect(report.asOf).toBe('2024-11-12');
  });

  it('refuses a row dated after today by default, and after latestDate when given', async () => {
    const future = `${PRICES}2199-12-30,${PRICES.trimEnd().split('\n').at(-1)!.split(',').slice(1).join(',')}\n`;
    const futureFiles = [{ name: 'book.csv', text: BOOK }, { name: 'prices.csv', text: future }];
    expect(await refused(await json('/api/inputs', { files: futureFiles }))).toBe(
      `prices.csv:402:date: expected a date on or before ${latestDateToday()} (latestDate, today by default: a later date is a typo or the wrong file), got "2199-12-30"`);
    expect(await refused(await json('/api/inputs', { files, dateOrder: 'day-first', latestDate: '2024-06-30' }))).toBe(
      'prices.csv:233:date: expected a date on or before 2024-06-30 (latestDate: a later date is a typo or the wrong file), got "1/7/2024"');
  });
});
