/** Worker body for priceEuropeanParallel: validates and prices the slice [start, end) of shared
 *  columns; replies with −1, or the index of the first invalid row. */

import { parentPort } from 'node:worker_threads';
import { validRow } from './batch.js';
import { bsmPrice } from './black.js';

/** One job: shared input columns, the shared output, and the slice to fill. */
export type SliceJob = {
  isCall: Uint8Array;
  spot: Float64Array;
  strike: Float64Array;
  rate: Float64Array;
  dividendYield: Float64Array;
  volatility: Float64Array;
  timeYears: Float64Array;
  out: Float64Array;
  start: number;
  end: number;
};

function priceSlice(job: SliceJob): number {
  const { isCall, spot, strike, rate, dividendYield, volatility, timeYears, out, end } = job;
  for (let i = job.start; i < end; i++) {
    if (!validRow(job, i)) return i;
    out[i] = bsmPrice(isCall[i] === 1 ? 1 : -1, spot[i] as number, strike[i] as number, rate[i] as number,
      dividendYield[i] as number, volatility[i] as number, timeYears[i] as number);
  }
  return -1;
}

parentPort?.on('message', (job: SliceJob) => {
  parentPort?.postMessage(priceSlice(job));
});
