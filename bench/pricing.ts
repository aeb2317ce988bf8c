/** Option-pricing benchmarks, side by side with peers, on the same inputs in one run:
 *  European prices (our batch form single-threaded and across worker threads; @quantlib/ql,
 *  black-scholes and option-pricing from npm; numpy/scipy vectorised and QuantLib-python through
 *  /usr/bin/python3), American prices with accuracy against our converged engine (QuantLib's QdFp
 *  schemes, Bjerksund–Stensland, Barone-Adesi–Whaley; option-pricing's binomial tree), and
 *  European implied volatility. Figures are options per second, best of several timed runs. */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { americanPrice } from '../src/pricing/american.js';
import { bsmPrice } from '../src/pricing/black.js';
import {
  type OptionBatch, impliedVolatilities, optionGreeksBatch, priceEuropeanParallel, priceOptions, sharedOptionBatch,
} from '../src/pricing/index.js';

/** One line of the side-by-side table. */
export type BenchRow = { group: string; name: string; perSecond: number | null; note: string };

export type BenchOptions = { quick: boolean };

const PYTHON = '/usr/bin/python3';

function uniforms(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
}

/** European inputs over the box (S ∈ [1, 1000], K/S ∈ [0.5, 2], σ ∈ [0.05, 1],
 *  T ∈ [1 day, 5 years], r ∈ [−1 %, 10 %], q ∈ [0, 8 %]), half calls. */
function europeanBatch(n: number): OptionBatch {
  const u = uniforms(42);
  const b = sharedOptionBatch(n); // shared memory, so the worker-thread form needs no copy
  for (let i = 0; i < n; i++) {
    b.isCall[i] = u() < 0.5 ? 1 : 0;
    const s = Math.exp(Math.log(1000) * u());
    b.spot[i] = s;
    b.strike[i] = s * Math.exp(Math.log(0.5) + Math.log(4) * u());
    b.volatility[i] = 0.05 + 0.95 * u();
    b.timeYears[i] = Math.exp(Math.log(1 / 365) + Math.log(5 * 365) * u());
    b.rate[i] = -0.01 + 0.11 * u();
    b.dividendYield[i] = 0.08 * u();
  }
  return b;
}

/** Best of `runs` timings of `body` processing `count` options (one warm-up first). Single-thread
 *  figures use this process's CPU time (user + system), which other load on the machine inflates
 *  far less than wall time; the Python peers likewise use time.process_time(). */
function rate(count: number, runs: number, body: () => void): number {
  body();
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const t0 = process.cpuUsage();
    body();
    const used = process.cpuUsage(t0);
    best = Math.min(best, (used.user + used.system) / 1e6);
  }
  return count / best;
}

/** Multi-threaded form: wall clock (CPU time of this thread would not count the workers), plus the
 *  CPU time of the whole process (all its threads) for the same best run, from which
 *  `count / (cpu / threads)` is what the threads would reach on dedicated cores. */
async function rateAsync(count: number, runs: number, threads: number,
  body: () => Promise<unknown>): Promise<{ wall: number; dedicated: number }> {
  await body();
  let best = Infinity;
  let cpuOfBest = Infinity;
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    await body();
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const used = process.cpuUsage(c0);
    if (wall < best) {
      best = wall;
      cpuOfBest = (used.user + used.system) / 1e6;
    }
  }
  return { wall: count / best, dedicated: count / (cpuOfBest / threads) };
}

/** Dynamic import of an optional peer; null when it is not installed. The specifier is a plain
 *  string so that TypeScript does not need the peer's types. */
async function optional<T>(specifier: string): Promise<T | null> {
  try {
    return (await import(specifier)) as T;
  } catch {
    return null;
  }
}

type QlJs = {
  blackFormula1: (type: number, strike: number, forward: number, stdDev: number, discount: number) => number;
  blackFormulaImpliedStdDev1: (type: number, strike: number, forward: number, price: number, discount: number,
    displacement: number, guess: number, accuracy: number, maxIterations: number) => number;
};
type BlackScholesJs = { default: { blackScholes: (s: number, k: number, t: number, v: number, r: number,
  callPut: string) => number } };
type OptionPricingJs = { Option: new (o: Record<string, unknown>) => { price: (method: string,
  params?: Record<string, number> | null) => number } };

function quantiles(errors: number[]): { median: number; p99: number; max: number } {
  const s = errors.filter((e) => Number.isFinite(e)).sort((a, b) => a - b);
  const at = (p: number): number => s[Math.floor(p * (s.length - 1))] ?? Number.NaN;
  return { median: at(0.5), p99: at(0.99), max: at(1) };
}

/** Relative error against the reference, floored at 1e-10 of the strike so that values which are
 *  numerically zero (far out of the money, below 1e-10·K) are scored by absolute error. */
function accuracyNote(values: (number | null)[], reference: number[], strikes: number[]): string {
  const errors = values.map((v, i) => (v === null ? Infinity : Math.abs(v - (reference[i] as number))
    / Math.max(Math.abs(reference[i] as number), 1e-10 * (strikes[i] as number))));
  const failed = values.filter((v) => v === null).length;
  const q = quantiles(errors);
  return `rel. error median ${q.median.toExponential(1)}, p99 ${q.p99.toExponential(1)}, max ${q.max.toExponential(1)}`
    + (failed > 0 ? `, ${failed} failed` : '');
}

export async function pricingBenchmarks(options: BenchOptions): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'microhedge-bench-'));
  try {
    return await benchmarksIn(dir, options);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The raw float64 file the Python peers read: 7 columns × N (isCall, spot, strike, rate,
 *  dividendYield, volatility, timeYears). */
function writeEuropeanColumns(batch: OptionBatch, dir: string): string {
  const n = batch.isCall.length;
  const columns = new Float64Array(7 * n);
  const list = [Float64Array.from(batch.isCall), batch.spot, batch.strike, batch.rate, batch.dividendYield,
    batch.volatility, batch.timeYears];
  list.forEach((c, j) => columns.set(c, j * n));
  const file = join(dir, 'european.f64');
  writeFileSync(file, columns);
  return file;
}

/** Runs a Python peer from bench/peers and parses its JSON, or says why it could not. */
function runPeer(script: string, args: string[]): Record<string, unknown> | string {
  const path = new URL(`../../bench/peers/${script}`, import.meta.url).pathname;
  if (!existsSync(PYTHON)) return 'skipped: not installed (/usr/bin/python3)';
  try {
    return JSON.parse(execFileSync(PYTHON, [path, ...args], { maxBuffer: 1 << 28 }).toString()) as Record<string, unknown>;
  } catch (e) {
    const text = String((e as { stderr?: Buffer }).stderr ?? e);
    return /ModuleNotFoundError|No module named/.test(text) ? 'skipped: not installed' : `failed: ${text.slice(0, 80)}`;
  }
}

async function benchmarksIn(dir: string, options: BenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const n = options.quick ? 200_000 : 1_000_000;
  const runs = options.quick ? 2 : 4;
  const batch = europeanBatch(n);
  const out = new Float64Array(n);
  const E = 'European price';
  const kernelLoop = (): void => {
    const { isCall, spot, strike, rate: r, dividendYield, volatility, timeYears } = batch;
    for (let i = 0; i < n; i++) {
      out[i] = bsmPrice(isCall[i] === 1 ? 1 : -1, spot[i] as number, strike[i] as number, r[i] as number,
        dividendYield[i] as number, volatility[i] as number, timeYears[i] as number);
    }
  };
  const sharedOut = new Float64Array(new SharedArrayBuffer(8 * n));
  const checksum = priceOptions(batch).reduce((a, b) => a + b, 0);
  const file = writeEuropeanColumns(batch, dir);
  // Our forms and numpy/scipy alternate, round after round, so that load from other processes on
  // the machine falls on all of them alike; each figure is its best over the rounds.
  const rounds = options.quick ? 2 : 3;
  let validated = 0;
  let kernel = 0;
  let parallel = { wall: 0, dedicated: 0 };
  let scipy: Record<string, unknown> | string = 'skipped: not run';
  let scipyRate = 0;
  for (let round = 0; round < rounds; round++) {
    validated = Math.max(validated, rate(n, runs, () => priceOptions(batch, out)));
    kernel = Math.max(kernel, rate(n, runs, kernelLoop));
    const p = await rateAsync(n, runs, 2, () => priceEuropeanParallel(batch, 2, sharedOut));
    if (p.wall > parallel.wall) parallel = p;
    scipy = runPeer('scipy_european.py', [file]);
    if (typeof scipy !== 'string') scipyRate = Math.max(scipyRate, scipy.price as number);
  }
  const interleaved = `best of ${rounds} interleaved rounds`;
  rows.push({ group: E, name: 'microhedge priceOptions (batch, 1 thread)', perSecond: validated,
    note: `validated struct-of-arrays batch; ${interleaved}` });
  rows.push({ group: E, name: 'microhedge bsmPrice kernel loop (1 thread)', perSecond: kernel,
    note: `no validation; ${(1e9 / kernel).toFixed(1)} ns per option` });
  rows.push({ group: E, name: 'microhedge priceEuropeanParallel (2 workers, shared output)', perSecond: parallel.wall,
    note: `wall clock; ${(parallel.dedicated / 1e6).toFixed(2)} M/s from the process CPU time (2 dedicated cores)` });
  rows.push(typeof scipy === 'string'
    ? { group: E, name: 'numpy/scipy vectorised', perSecond: null, note: scipy }
    : { group: E, name: `numpy ${String(scipy.numpy)} / scipy ndtr, vectorised`, perSecond: scipyRate,
      note: `${(1e9 / scipyRate).toFixed(1)} ns per option; checksum Δ `
        + `${Math.abs((scipy.checksum as number) - checksum).toExponential(1)}; ${interleaved}` });

  const m = Math.min(n, 100_000);
  const ql = await optional<QlJs>('@quantlib/ql/ql.mjs');
  rows.push(ql === null
    ? { group: E, name: '@quantlib/ql blackFormula', perSecond: null, note: 'skipped: not installed' }
    : { group: E, name: '@quantlib/ql 0.3.6 blackFormula', perSecond: rate(m, runs, () => {
      for (let i = 0; i < m; i++) {
        const t = batch.timeYears[i] as number;
        const r = batch.rate[i] as number;
        out[i] = ql.blackFormula1(batch.isCall[i] === 1 ? 1 : -1, batch.strike[i] as number,
          (batch.spot[i] as number) * Math.exp((r - (batch.dividendYield[i] as number)) * t),
          (batch.volatility[i] as number) * Math.sqrt(t), Math.exp(-r * t));
      }
    }), note: 'JavaScript port of QuantLib' });
  const bs = await optional<BlackScholesJs>('black-scholes');
  rows.push(bs === null
    ? { group: E, name: 'black-scholes (npm)', perSecond: null, note: 'skipped: not installed' }
    : { group: E, name: 'black-scholes 1.1.0 (npm)', perSecond: rate(m, runs, () => {
      for (let i = 0; i < m; i++) {
        // No dividend yield in its API: the spot is replaced by S·e^{−qT} (same value).
        const t = batch.timeYears[i] as number;
        out[i] = bs.default.blackScholes((batch.spot[i] as number) * Math.exp(-(batch.dividendYield[i] as number) * t),
          batch.strike[i] as number, t, batch.volatility[i] as number, batch.rate[i] as number,
          batch.isCall[i] === 1 ? 'call' : 'put');
      }
    }), note: 'CDF by a 100-term series' });
  const op = await optional<OptionPricingJs>('option-pricing');
  rows.push(op === null
    ? { group: E, name: 'option-pricing (npm)', perSecond: null, note: 'skipped: not installed' }
    : { group: E, name: 'option-pricing 2.1.0 (npm)', perSecond: rate(m, runs, () => {
      for (let i = 0; i < m; i++) {
        out[i] = new op.Option({ style: 'european', type: batch.isCall[i] === 1 ? 'call' : 'put',
          initialSpotPrice: batch.spot[i], strikePrice: batch.strike[i], timeToMaturity: batch.timeYears[i],
          volatility: batch.volatility[i], riskFreeRate: batch.rate[i], dividendYield: batch.dividendYield[i] })
          .price('bs');
      }
    }), note: 'object per option' });

  // American inputs: the same box, whole days (QuantLib dates), 2 000 options (400 in --quick).
  const count = options.quick ? 400 : 2000;
  const u = uniforms(7);
  const american = Array.from({ length: count }, () => {
    const spot = Math.exp(Math.log(1000) * u());
    return { isCall: u() < 0.5, spot, strike: spot * Math.exp(Math.log(0.5) + Math.log(4) * u()),
      volatility: 0.05 + 0.95 * u(), rate: -0.01 + 0.11 * u(), dividendYield: 0.08 * u(),
      days: Math.max(1, Math.round(Math.exp(Math.log(5 * 365) * u()))) };
  });
  const converged = { chebyshevDegree: 32, fixedPointNodes: 32, priceNodes: 96, sweeps: 16 };
  const reference = american.map((c) => americanPrice(c.isCall ? 1 : -1, c.spot, c.strike, c.rate, c.dividendYield,
    c.volatility, c.days / 365, converged));
  const ours: number[] = new Array<number>(count);
  const A = 'American price';
  const oursRate = rate(count, runs, () => {
    for (let i = 0; i < count; i++) {
      const c = american[i] as (typeof american)[number];
      ours[i] = americanPrice(c.isCall ? 1 : -1, c.spot, c.strike, c.rate, c.dividendYield, c.volatility, c.days / 365);
    }
  });
  const strikes = american.map((c) => c.strike);
  rows.push({ group: A, name: 'microhedge ALO (n=9, l=8, p=32, ≥3 sweeps)', perSecond: oursRate,
    note: accuracyNote(ours, reference, strikes) });
  if (op !== null) {
    const k = Math.min(count, 200);
    const tree: number[] = [];
    const treeRate = rate(k, 1, () => {
      for (let i = 0; i < k; i++) {
        const c = american[i] as (typeof american)[number];
        tree[i] = new op.Option({ style: 'american', type: c.isCall ? 'call' : 'put', initialSpotPrice: c.spot,
          strikePrice: c.strike, timeToMaturity: c.days / 365, volatility: c.volatility, riskFreeRate: c.rate,
          dividendYield: c.dividendYield }).price('bt', { timeSteps: 200 });
      }
    });
    rows.push({ group: A, name: 'option-pricing binomial tree, 200 steps', perSecond: treeRate,
      note: accuracyNote(tree, reference.slice(0, k), strikes) });
  }

  const I = 'European implied volatility';
  const ivBatch = { ...batch, price: priceOptions(batch) };
  const ivOut = { volatility: new Float64Array(n), failure: new Uint8Array(n) };
  const ivRate = rate(n, runs, () => impliedVolatilities(ivBatch, ivOut));
  // Solvable = the time value is more than 64 ulps of the price; well conditioned = a normal
  // (not subnormal) price whose rounding moves σ by less than 1e-13 (ε·V/vega).
  const vegas = optionGreeksBatch(batch).vega;
  let unsolved = 0;
  let unsolvable = 0;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    const p = ivBatch.price[i] as number;
    const theta = batch.isCall[i] === 1 ? 1 : -1;
    const t = batch.timeYears[i] as number;
    const intrinsic = Math.max(0, theta * ((batch.spot[i] as number) * Math.exp(-(batch.dividendYield[i] as number) * t)
      - (batch.strike[i] as number) * Math.exp(-(batch.rate[i] as number) * t)));
    const solvable = p - intrinsic > 64 * 2 ** -52 * p;
    if (ivOut.failure[i] !== 0) {
      if (solvable) unsolved++;
      else unsolvable++;
    } else if (p > 1e-290 && (2 ** -52 * p) / (vegas[i] as number) < 1e-13) {
      worst = Math.max(worst, Math.abs((ivOut.volatility[i] as number) - (batch.volatility[i] as number)));
    }
  }
  rows.push({ group: I, name: 'microhedge impliedVolatilities (1 thread)', perSecond: ivRate,
    note: `${unsolved} failures on solvable cases; ${unsolvable} with time value below price rounding; `
      + `max |Δσ| ${worst.toExponential(1)} where well conditioned` });
  if (ql !== null) {
    let qlFail = 0;
    rows.push({ group: I, name: '@quantlib/ql blackFormulaImpliedStdDev', perSecond: rate(m, 1, () => {
      qlFail = 0;
      for (let i = 0; i < m; i++) {
        const t = batch.timeYears[i] as number;
        const r = batch.rate[i] as number;
        try {
          ql.blackFormulaImpliedStdDev1(batch.isCall[i] === 1 ? 1 : -1, batch.strike[i] as number,
            (batch.spot[i] as number) * Math.exp((r - (batch.dividendYield[i] as number)) * t), ivBatch.price[i] as number,
            Math.exp(-r * t), 0, 0.2 * Math.sqrt(t), 1e-12, 100);
        } catch {
          qlFail++;
        }
      }
    }), note: `${qlFail} of ${m} failed` });
  }

  rows.push(...pythonPeers(file, american, reference, strikes, options, dir));
  return rows;
}

function pythonPeers(file: string, american: { isCall: boolean; spot: number; strike: number; rate: number;
  dividendYield: number; volatility: number; days: number }[], reference: number[], strikes: number[],
options: BenchOptions, dir: string): BenchRow[] {
  const rows: BenchRow[] = [];
  const job = join(dir, 'quantlib.json');
  writeFileSync(job, JSON.stringify({ european: file, europeanCount: options.quick ? 20_000 : 100_000,
    american: american.map((c) => ({ ...c, isCall: c.isCall ? 1 : 0 })) }));
  const qlPy = runPeer('quantlib_bench.py', [job]);
  if (typeof qlPy === 'string') {
    rows.push({ group: 'European price', name: 'QuantLib-python blackFormula', perSecond: null, note: qlPy });
  } else {
    const v = String(qlPy.version);
    rows.push({ group: 'European price', name: `QuantLib-python ${v} blackFormula`, perSecond: qlPy.blackFormula as number,
      note: 'Python loop; C++ blackFormula ≈ 9.6 M/s on this machine per the issue' });
    rows.push({ group: 'European implied volatility', name: `QuantLib-python ${v} blackFormulaImpliedStdDev`,
      perSecond: qlPy.impliedVolatility as number, note: 'Python loop' });
    const engines = qlPy.american as Record<string, { rate: number; values: (number | null)[] }>;
    for (const [name, r] of Object.entries(engines)) {
      rows.push({ group: 'American price', name: `QuantLib-python ${v} ${name}`, perSecond: r.rate,
        note: `${accuracyNote(r.values, reference, strikes)}; Python loop` });
    }
  }
  return rows;
}
