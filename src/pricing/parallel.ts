/** European batch pricing across worker threads. Columns already backed by SharedArrayBuffers
 *  (see sharedOptionBatch) are used in place, others are copied once; the workers validate and
 *  fill a shared output chunk by chunk, each claiming the next chunk from a shared counter
 *  (Atomics.add), so a worker that the scheduler holds back, or that meets costlier options, does
 *  not leave the other idle at the end; the pool stays alive (unref'd) for later calls.
 *  Runs from the compiled package (dist/), where parallel-worker.js sits next to this module. */

import { Worker } from 'node:worker_threads';
import { InputError } from '../domain/errors.js';
import { type OptionBatch, checkBatch, checkBatchShape } from './batch.js';

const pool: Worker[] = [];

function workers(count: number): Worker[] {
  while (pool.length < count) {
    const w = new Worker(new URL('./parallel-worker.js', import.meta.url));
    w.unref();
    pool.push(w);
  }
  return pool.slice(0, count);
}

function shared<T extends Float64Array | Uint8Array>(column: T): T {
  if (column.buffer instanceof SharedArrayBuffer) return column;
  const copy = new (column.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(column.byteLength));
  copy.set(column);
  return copy;
}

/** Values of a European batch computed by `threads` workers (validated first, as priceOptions
 *  does). American flags are rejected: use priceOptions for those. `out`, when given, must live in
 *  a SharedArrayBuffer (see sharedOptionBatch): repeated calls then write into memory the workers
 *  have already touched instead of faulting in fresh pages each time. */
export async function priceEuropeanParallel(batch: OptionBatch, threads: number, out?: Float64Array): Promise<Float64Array> {
  if (!Number.isInteger(threads) || threads < 1) {
    throw new InputError({ file: 'priceEuropeanParallel', column: 'threads', value: String(threads),
      expected: 'a positive integer' });
  }
  const n = checkBatchShape('priceEuropeanParallel', batch);
  if (batch.isAmerican !== undefined && batch.isAmerican.some((v) => v !== 0)) {
    // A flag other than 0 or 1 is reported as the serial form reports it; the workers read no flags.
    if (batch.isAmerican.some((v) => v > 1)) checkBatch('priceEuropeanParallel', batch);
    throw new InputError({ file: 'priceEuropeanParallel', column: 'isAmerican', expected: 'only European options (0)' });
  }
  if (out !== undefined && (!(out.buffer instanceof SharedArrayBuffer) || out.length !== n)) {
    throw new InputError({ file: 'priceEuropeanParallel', column: 'out', expected: `a Float64Array of length ${n} on a SharedArrayBuffer` });
  }
  const values = out ?? new Float64Array(new SharedArrayBuffer(8 * n));
  const columns = {
    isCall: shared(batch.isCall), spot: shared(batch.spot), strike: shared(batch.strike), rate: shared(batch.rate),
    dividendYield: shared(batch.dividendYield), volatility: shared(batch.volatility), timeYears: shared(batch.timeYears),
  };
  const team = workers(threads);
  // Chunks of ~1/32 of a worker's share (at least 2048 options): small enough to even out the
  // finish, large enough that claiming one costs nothing next to pricing it.
  const chunk = Math.max(2048, Math.ceil(n / (32 * threads)));
  const next = new Int32Array(new SharedArrayBuffer(4));
  const bad = await Promise.all(team.map((w) => new Promise<number>((resolve, reject) => {
    const done = (firstInvalid: number): void => {
      w.off('error', fail);
      resolve(firstInvalid);
    };
    const fail = (e: unknown): void => {
      w.off('message', done);
      reject(e);
    };
    w.once('message', done);
    w.once('error', fail);
    w.postMessage({ ...columns, out: values, next, chunk });
  })));
  // A worker met an invalid row: report the first one exactly as the serial form would.
  if (bad.some((i) => i >= 0)) checkBatch('priceEuropeanParallel', batch);
  return values;
}

/** An OptionBatch whose columns live in SharedArrayBuffers, so that priceEuropeanParallel uses
 *  them without copying. */
export function sharedOptionBatch(n: number): OptionBatch {
  const f64 = (): Float64Array => new Float64Array(new SharedArrayBuffer(8 * n));
  return { isCall: new Uint8Array(new SharedArrayBuffer(n)), spot: f64(), strike: f64(), rate: f64(),
    dividendYield: f64(), volatility: f64(), timeYears: f64() };
}
