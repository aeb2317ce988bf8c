/** Worker thread of bench/revaluation.ts: holds a Revaluer over the shared buffers and answers
 *  three requests: scenarios of a slice (its blocks of draws, then factor × shocks and exp), P&L
 *  over a scenario slice, and metrics of a list of metric sets. */

import { parentPort, workerData } from 'node:worker_threads';
import { applyMonteCarloShocks, fillMonteCarloShocks } from '../src/scenarios/monte-carlo.js';
import { Revaluer, benchDraw, benchModel, type BenchPortfolio, type SharedBuffers } from './revaluation-engine.js';
import type { CovarianceFactor } from '../src/scenarios/linalg.js';

export type WorkerRequest =
  | { phase: 'apply'; start: number; end: number }
  | { phase: 'pnl'; start: number; end: number }
  | { phase: 'metrics'; sets: number[] };

const { portfolio, buffers, factor, shareContracts } = workerData as {
  portfolio: BenchPortfolio; buffers: SharedBuffers; factor: CovarianceFactor; shareContracts: boolean;
};
const revaluer = new Revaluer(portfolio, buffers, shareContracts);
const model = benchModel(portfolio);
const draw = benchDraw(portfolio, buffers.n);
const shocks = { units: buffers.n, z: new Float64Array(buffers.shocks), mix: null };

parentPort?.on('message', (request: WorkerRequest) => {
  if (request.phase === 'apply') {
    fillMonteCarloShocks(model, draw, shocks, request.start, request.end);
    applyMonteCarloShocks(model, factor, shocks, draw, revaluer.relatives, request.start, request.end);
    parentPort?.postMessage(null);
  } else if (request.phase === 'pnl') {
    revaluer.pnlRange(request.start, request.end);
    parentPort?.postMessage(null);
  } else {
    const out = revaluer.metrics(request.sets);
    parentPort?.postMessage(out, [out.buffer as ArrayBuffer]);
  }
});
