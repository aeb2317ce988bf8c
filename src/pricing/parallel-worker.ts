/** Worker body for priceEuropeanParallel: claims chunks of shared columns from a shared counter
 *  until none is left, validating and pricing each; replies with −1, or the index of an invalid
 *  row it met (the caller then names the first one). */

import { parentPort } from 'node:worker_threads';
import { validInputs } from './batch.js';
import { bsmPrice } from './black.js';

/** One job: shared input columns, the shared output, the counter of the next unclaimed row and
 *  the chunk size. */
export type SliceJob = {
  isCall: Uint8Array;
  spot: Float64Array;
  strike: Float64Array;
  rate: Float64Array;
  dividendYield: Float64Array;
  volatility: Float64Array;
  timeYears: Float64Array;
  out: Float64Array;
  next: Int32Array;
  chunk: number;
};

function priceSlice(job: SliceJob, start: number, end: number): number {
  const { isCall, spot, strike, rate, dividendYield, volatility, timeYears, out } = job;
  for (let i = start; i < end; i++) {
    const s = spot[i] as number;
    const k = strike[i] as number;
    const r = rate[i] as number;
    const q = dividendYield[i] as number;
    const v = volatility[i] as number;
    const t = timeYears[i] as number;
    const call = isCall[i] as number;
    if (!(validInputs(s, k, r, q, v, t) && call <= 1)) return i;
    out[i] = bsmPrice(call === 1 ? 1 : -1, s, k, r, q, v, t);
  }
  return -1;
}

function priceChunks(job: SliceJob): number {
  const n = job.out.length;
  for (let start = Atomics.add(job.next, 0, job.chunk); start < n; start = Atomics.add(job.next, 0, job.chunk)) {
    const bad = priceSlice(job, start, Math.min(n, start + job.chunk));
    if (bad >= 0) {
      Atomics.store(job.next, 0, n); // nothing more to do: the caller reports the first invalid row
      return bad;
    }
  }
  return -1;
}

parentPort?.on('message', (job: SliceJob) => {
  parentPort?.postMessage(priceChunks(job));
});
