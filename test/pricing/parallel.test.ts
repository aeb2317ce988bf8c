import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { priceOptions } from '../../src/pricing/index.js';
import type * as ParallelModule from '../../src/pricing/parallel.js';

// The worker threads run the compiled module (dist/src/pricing/parallel-worker.js), so the
// parallel form is loaded from dist/, which `npm test` builds first.
const PARALLEL = join(process.cwd(), 'dist', 'src', 'pricing', 'parallel.js');
type Parallel = typeof ParallelModule;
let parallel: Parallel;

beforeAll(async () => {
  if (!existsSync(PARALLEL)) throw new Error(`${PARALLEL} is missing: \`npm test\` builds it; run \`npm run build\` before vitest alone`);
  parallel = await import(pathToFileURL(PARALLEL).href) as Parallel;
});

function batch(n: number) {
  const b = parallel.sharedOptionBatch(n);
  for (let i = 0; i < n; i++) {
    b.isCall[i] = i % 2;
    b.spot[i] = 50 + (i % 97);
    b.strike[i] = 60 + (i % 53);
    b.rate[i] = -0.01 + 0.001 * (i % 110);
    b.dividendYield[i] = 0.0005 * (i % 160);
    b.volatility[i] = 0.05 + 0.01 * (i % 95);
    b.timeYears[i] = 0.003 + 0.01 * (i % 500);
  }
  return b;
}

describe('priceEuropeanParallel', () => {
  it('gives exactly the serial batch values, on 1 to 3 workers, into a fresh or a given shared output', async () => {
    const b = batch(10_001);
    const serial = priceOptions(b);
    for (const threads of [1, 2, 3]) expect(Array.from(await parallel.priceEuropeanParallel(b, threads))).toEqual(Array.from(serial));
    const out = new Float64Array(new SharedArrayBuffer(8 * 10_001)).fill(-1);
    const returned = await parallel.priceEuropeanParallel(b, 2, out);
    expect(returned).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(serial));
  });

  it('reports the first invalid row as the serial form does, and refuses an output it cannot share', async () => {
    const b = batch(1000);
    b.volatility[700] = -0.2;
    await expect(parallel.priceEuropeanParallel(b, 2)).rejects.toThrow(
      'priceEuropeanParallel:volatility[700]: expected a finite number ≥ 0, got "-0.2"');
    // Bad rows in different chunks (2048 rows each): whichever worker meets its own first, the
    // error is the serial form's.
    const two = batch(10_001);
    two.strike[9000] = Number.NaN;
    two.strike[3000] = 0;
    expect(() => priceOptions(two)).toThrow('priceOptions:strike[3000]: expected a finite number > 0, got "0"');
    await expect(parallel.priceEuropeanParallel(two, 2)).rejects.toThrow(
      'priceEuropeanParallel:strike[3000]: expected a finite number > 0, got "0"');
    const flagged = batch(10);
    flagged.isAmerican = new Uint8Array(10);
    flagged.isAmerican[4] = 2;
    await expect(parallel.priceEuropeanParallel(flagged, 2)).rejects.toThrow(
      'priceEuropeanParallel:isAmerican[4]: expected 0 or 1, got "2"');
    flagged.isAmerican[4] = 1;
    await expect(parallel.priceEuropeanParallel(flagged, 2)).rejects.toThrow(
      'priceEuropeanParallel:isAmerican: expected only European options (0)');
    const good = batch(10);
    await expect(parallel.priceEuropeanParallel(good, 2, new Float64Array(10))).rejects.toThrow(
      'priceEuropeanParallel:out: expected a Float64Array of length 10 on a SharedArrayBuffer');
    await expect(parallel.priceEuropeanParallel(good, 0)).rejects.toThrow(
      'priceEuropeanParallel:threads: expected a positive integer, got "0"');
  });
});
