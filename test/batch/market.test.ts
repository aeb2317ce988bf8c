import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, inputsHash, loadBatchContext } from '../../src/batch/market.js';
import { DEFAULT_OPTIONS } from '../../src/pipeline/analyze.js';
import { SAMPLES, loadInputs } from '../../src/pipeline/load-inputs.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'microhedge-market-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const rates = SAMPLES.equity.rates;
const etfs = SAMPLES.equity.prices[1]!;

describe('loadBatchContext', () => {
  it('holds exactly what loadInputs reads besides the holdings', async () => {
    const files = { prices: SAMPLES.equity.prices, rates, chains: [], credit: SAMPLES.equity.credit, cwd: process.cwd() };
    const { market } = await loadBatchContext(files, DEFAULT_OPTIONS);
    const { portfolio: _holdings, ...alone } = await loadInputs({ ...files, portfolio: SAMPLES.equity.portfolio });
    expect(market).toEqual(alone);
  });

  it('hashes the files’ bytes, the options and the version, not where the files are', async () => {
    const files = { prices: [etfs], rates, chains: [], cwd: dir };
    const base = (await loadBatchContext(files, DEFAULT_OPTIONS)).hash;
    await copyFile(etfs, join(dir, 'moved.csv'));
    expect((await loadBatchContext({ ...files, prices: [join(dir, 'moved.csv')] }, DEFAULT_OPTIONS)).hash).toBe(base);
    expect((await loadBatchContext(files, { ...DEFAULT_OPTIONS, horizonDays: 20 })).hash).not.toBe(base);
    // One more byte (a trailing blank line) parses to the same series but is another input.
    await writeFile(join(dir, 'moved.csv'), `${await readFile(etfs, 'utf8')}\n`);
    expect((await loadBatchContext({ ...files, prices: [join(dir, 'moved.csv')] }, DEFAULT_OPTIONS)).hash).not.toBe(base);
  });
});

describe('inputsHash', () => {
  it('changes with either part', () => {
    const a = inputsHash('c1', 'h1');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(inputsHash('c1', 'h1')).toBe(a);
    expect(inputsHash('c2', 'h1')).not.toBe(a);
    expect(inputsHash('c1', 'h2')).not.toBe(a);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps arrays in order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('is the same for any key order and parses back to an equal value (property)', () => {
    fc.assert(fc.property(fc.object(), (value) => {
      const reversed = JSON.parse(JSON.stringify(value), (_k, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v as Record<string, unknown>).reverse()) : v));
      expect(canonicalJson(reversed)).toBe(canonicalJson(value));
      expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
    }));
  });
});
