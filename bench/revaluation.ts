/** Scenario revaluation benchmark, side by side with numpy in one run: the workload of
 *  bench/peers/risk_numpy.py (`--only scen`, docstring there): 25 stocks + 5 European options,
 *  100,000 joint 10-day scenarios, 20 hedge candidates, every option leg repriced by
 *  Black–Scholes–Merton at the horizon, VaR/ES 95/99 of the whole portfolio and of the target +
 *  hedge legs (42 metric sets). Same portfolio (bench/revaluation-portfolio.json is the script's
 *  make_portfolio()), same model (log return −σ²h/2 + σ√h·Z, Z ~ N(0, C)), same outputs; the
 *  random draws differ (a ziggurat over xoshiro128** here, numpy's ziggurat over PCG64 there), so
 *  the risk figures agree to Monte Carlo error, which the report prints.
 *
 *  Ours: scenarios by src/scenarios/monte-carlo.ts (seeded, Cholesky), written straight into a
 *  SharedArrayBuffer; P&L over scenario halves and metrics over halves of the 42 sets on worker
 *  threads (2 by default: this machine has 2 cores); option legs through the product's horizon
 *  revaluation, each distinct contract once per scenario as the product does (src/evaluate/
 *  valuation.ts), and — for the like-for-like figure — every one of the 34 legs repriced as numpy
 *  does; VaR/ES by selection (tailRisk). Timing as in the script: one warm-up, then best (and
 *  median) of `runs` for generation and for revaluation + metrics separately.
 *
 *  Run: npm run bench (with the other suites), or node dist/bench/revaluation.js [--quick]. */

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { covarianceFactor, type CovarianceFactor } from '../src/scenarios/linalg.js';
import { SHOCK_BLOCK_UNITS, monteCarloScenarios } from '../src/scenarios/monte-carlo.js';
import { METRICS_PER_SET, Revaluer, benchDraw, benchModel, type BenchPortfolio, type SharedBuffers } from './revaluation-engine.js';
import type { BenchOptions, BenchRow } from './pricing.js';
import type { WorkerRequest } from './revaluation-worker.js';

export type RevaluationBenchOptions = {
  /** 10,000 scenarios instead of 100,000 (the script's --quick). */
  quick?: boolean;
  /** Timed runs after the warm-up (the script's default: 5). */
  runs?: number;
  /** Worker threads; 0 = everything on the main thread. */
  threads?: number;
  /** Also run the numpy peer (default true). */
  peer?: boolean;
};

/** Wall-clock best and median of the timed runs, and the least process CPU time of a run (all
 *  threads: on the main-thread-only runs this is the work itself, unaffected by other processes
 *  competing for the cores; with workers it adds their CPU time). */
export type Timing = { bestSeconds: number; medianSeconds: number; cpuSeconds: number };

export type WallTiming = Omit<Timing, 'cpuSeconds'>;

export type RevaluationBenchResult = {
  scenarios: number;
  threads: number;
  ours: {
    /** With worker threads (or the single-thread figures when threads = 0). */
    generation: Timing;
    revaluation: Timing;
    singleThreadGeneration: Timing;
    singleThreadRevaluation: Timing;
    /** Revaluation + metrics on the workers repricing every one of the option legs, numpy's work
     *  (null when threads = 0); `revaluation` reprices each distinct contract once, as the product. */
    everyLeg: Timing | null;
    optionLegsRepriced: number;
    distinctContracts: number;
    /** generation + revaluation (the product's path: each distinct contract repriced once). */
    totalBestSeconds: number;
  };
  /** The script reports wall-clock times only. */
  numpy: { generation: WallTiming; revaluation: WallTiming; totalBestSeconds: number; raw: unknown } | { unavailable: string };
  /** 1-minute load average before and after the run (other processes competing for the cores). */
  loadAverage: [number, number];
  /** numpy total / ours total (> 1: we are faster). */
  speedup: number | null;
  check: {
    /** VaR95, ES95, VaR99, ES99 of the unhedged whole portfolio and of the target alone. */
    oursWhole: number[];
    oursTarget: number[];
    numpyWhole?: number[];
    numpyTarget?: number[];
  };
};

function portfolio(): BenchPortfolio {
  return JSON.parse(readFileSync(new URL('../../bench/revaluation-portfolio.json', import.meta.url), 'utf8')) as BenchPortfolio;
}

async function timed(runs: number, body: () => unknown): Promise<Timing> {
  await body();
  const times: number[] = [];
  let cpu = Infinity;
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    await body();
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    const c = process.cpuUsage(c0);
    cpu = Math.min(cpu, (c.user + c.system) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { bestSeconds: times[0]!, medianSeconds: times[Math.floor(times.length / 2)]!, cpuSeconds: cpu };
}

/** A pool of workers over the shared buffers, each answering WorkerRequests. */
class Team {
  private readonly workers: Worker[];

  constructor(size: number, p: BenchPortfolio, buffers: SharedBuffers, factor: CovarianceFactor, shareContracts: boolean) {
    this.workers = Array.from({ length: size }, () => new Worker(new URL('./revaluation-worker.js', import.meta.url),
      { workerData: { portfolio: p, buffers, factor, shareContracts } }));
  }

  /** Contiguous slices [start, end) of 0..n, one per worker. */
  private slices(n: number): [number, number][] {
    const chunk = Math.ceil(n / this.workers.length);
    return this.workers.map((_, t) => [Math.min(n, t * chunk), Math.min(n, (t + 1) * chunk)]);
  }

  /** Scenarios over slices of whole blocks of draws: each worker draws its blocks of normals
   *  (each block its own seeded stream, so the result does not depend on the split), then
   *  factor × shocks and exp. */
  async apply(n: number): Promise<void> {
    const chunk = SHOCK_BLOCK_UNITS * Math.ceil(n / this.workers.length / SHOCK_BLOCK_UNITS);
    const slices = this.workers.map((_, t) => [Math.min(n, t * chunk), Math.min(n, (t + 1) * chunk)] as const);
    await Promise.all(this.workers.map((w, t) => this.ask(w, { phase: 'apply', start: slices[t]![0], end: slices[t]![1] })));
  }

  private ask<T>(w: Worker, request: WorkerRequest): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const fail = (e: unknown): void => reject(e);
      w.once('error', fail);
      w.once('message', (m: T) => {
        w.off('error', fail);
        resolve(m);
      });
      w.postMessage(request);
    });
  }

  /** P&L of every row over contiguous scenario slices, one per worker. */
  async pnl(n: number): Promise<void> {
    const slices = this.slices(n);
    await Promise.all(this.workers.map((w, t) => this.ask(w, { phase: 'pnl', start: slices[t]![0], end: slices[t]![1] })));
  }

  /** Metrics of all sets, dealt round-robin so each worker gets whole and target sets alike. */
  async metrics(sets: number): Promise<Float64Array> {
    const shares = this.workers.map((_, t) => Array.from({ length: sets }, (_, s) => s).filter((s) => s % this.workers.length === t));
    const parts = await Promise.all(this.workers.map((w, t) => this.ask<Float64Array>(w, { phase: 'metrics', sets: shares[t]! })));
    const out = new Float64Array(METRICS_PER_SET * sets);
    parts.forEach((part, t) => shares[t]!.forEach((s, i) => out.set(part.subarray(METRICS_PER_SET * i, METRICS_PER_SET * (i + 1)), METRICS_PER_SET * s)));
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

type NumpyLine = {
  workload: string;
  scenario_gen: { best_s: number; median_s: number };
  reval_metrics: { best_s: number; median_s: number };
  total_best_s: number;
  check: { base_whole_VaR95_ES95_VaR99_ES99: number[]; base_target_VaR95_ES95_VaR99_ES99: number[] };
};

function runNumpy(quick: boolean, runs: number): NumpyLine | string {
  const script = fileURLToPath(new URL('../../bench/peers/risk_numpy.py', import.meta.url));
  if (!existsSync('/usr/bin/python3')) return '/usr/bin/python3 not found (apt-get install python3-numpy python3-pandas python3-scipy)';
  try {
    // The command the shared README prescribes: OpenBLAS tuning overrides removed, one BLAS thread.
    const stdout = execFileSync('env', [
      '-u', 'OPENBLAS_CORETYPE', '-u', 'OPENBLAS_L2_SIZE', 'OPENBLAS_NUM_THREADS=1',
      '/usr/bin/python3', script, '--only', 'scen', '--runs', String(runs), ...(quick ? ['--quick'] : []),
    ], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 20 });
    const line = stdout.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as NumpyLine)
      .find((l) => l.workload === 'scenario_revaluation');
    return line ?? 'the numpy script printed no scenario_revaluation line';
  } catch (e) {
    return `the numpy peer failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
  }
}

/** Runs the workload (ours, then numpy in a child process, so they never share the 2 cores) and
 *  returns both timings, their ratio and the risk figures side by side. */
export async function runRevaluationBench(options: RevaluationBenchOptions = {}): Promise<RevaluationBenchResult> {
  const loadBefore = loadavg()[0]!;
  const quick = options.quick ?? false;
  const runs = options.runs ?? 5;
  const threads = options.threads ?? 2;
  const p = portfolio();
  const n = quick ? 10_000 : 100_000;
  const k = p.spots.length;
  const sets = 2 * (1 + p.hedges.length);
  const buffers: SharedBuffers = {
    n, shocks: new SharedArrayBuffer(8 * k * n), relatives: new SharedArrayBuffer(8 * k * n),
    pnl: new SharedArrayBuffer(8 * (2 + p.hedges.length) * n),
  };
  const local = new Revaluer(p, buffers, true);
  const m = benchModel(p);
  const draw = benchDraw(p, n);
  const allSets = Array.from({ length: sets }, (_, s) => s);

  const singleThreadGeneration = await timed(runs, () => monteCarloScenarios(m, draw, local.relatives));
  const singleThreadRevaluation = await timed(runs, () => {
    local.pnlRange(0, n);
    return local.metrics(allSets);
  });
  let metrics = local.metrics(allSets);
  let generation = singleThreadGeneration;
  let revaluation = singleThreadRevaluation;
  let everyLeg: Timing | null = null;
  if (threads > 0) {
    const factor = covarianceFactor(m.covarianceDaily);
    for (const share of [true, false]) {
      const team = new Team(threads, p, buffers, factor, share);
      try {
        if (share) {
          generation = await timed(runs, () => team.apply(n));
        }
        const t = await timed(runs, async () => {
          await team.pnl(n);
          metrics = await team.metrics(sets);
        });
        if (share) revaluation = t;
        else everyLeg = t;
      } finally {
        await team.close();
      }
    }
  }
  const ours = {
    generation, revaluation, singleThreadGeneration, singleThreadRevaluation, everyLeg,
    optionLegsRepriced: new Revaluer(p, buffers).repricedPerScenario, distinctContracts: local.repricedPerScenario,
    totalBestSeconds: generation.bestSeconds + revaluation.bestSeconds,
  };
  const check = { oursWhole: Array.from(metrics.subarray(0, 4)), oursTarget: Array.from(metrics.subarray(4, 8)) };
  if (options.peer === false) {
    return { scenarios: n, threads, ours, numpy: { unavailable: 'not run' }, loadAverage: [loadBefore, loadavg()[0]!], speedup: null, check };
  }
  const peer = runNumpy(quick, runs);
  const loadAverage: [number, number] = [loadBefore, loadavg()[0]!];
  if (typeof peer === 'string') return { scenarios: n, threads, ours, numpy: { unavailable: peer }, loadAverage, speedup: null, check };
  return {
    scenarios: n, threads, ours, loadAverage,
    numpy: {
      generation: { bestSeconds: peer.scenario_gen.best_s, medianSeconds: peer.scenario_gen.median_s },
      revaluation: { bestSeconds: peer.reval_metrics.best_s, medianSeconds: peer.reval_metrics.median_s },
      totalBestSeconds: peer.total_best_s, raw: peer,
    },
    speedup: peer.total_best_s / ours.totalBestSeconds,
    check: { ...check, numpyWhole: peer.check.base_whole_VaR95_ES95_VaR99_ES99, numpyTarget: peer.check.base_target_VaR95_ES95_VaR99_ES99 },
  };
}

/** Plain-text report of a result (what `node dist/bench/revaluation.js` prints). */
export function formatRevaluationBench(r: RevaluationBenchResult): string {
  const s = (t: WallTiming): string => `${(1000 * t.bestSeconds).toFixed(1)} ms (median ${(1000 * t.medianSeconds).toFixed(1)})`;
  const cpu = (t: Timing): string => `${s(t)}, CPU ${(1000 * t.cpuSeconds).toFixed(1)} ms`;
  const money = (xs: number[] | undefined): string => (xs ?? []).map((x) => Math.round(x).toLocaleString('en-US')).join(' / ');
  const lines = [
    `scenario revaluation: ${r.scenarios.toLocaleString('en-US')} scenarios × 30 positions, 20 hedges, ` +
      `${r.ours.optionLegsRepriced} option legs on ${r.ours.distinctContracts} distinct contracts, 42 VaR/ES sets`,
    `  microhedge  generation ${s(r.ours.generation)}; revaluation + metrics ${s(r.ours.revaluation)}; ` +
      `total ${(1000 * r.ours.totalBestSeconds).toFixed(1)} ms (${r.threads} worker threads, each distinct contract repriced once)`,
    `              one thread: generation ${cpu(r.ours.singleThreadGeneration)}; revaluation + metrics ${cpu(r.ours.singleThreadRevaluation)}`,
    ...(r.ours.everyLeg === null ? [] : [`              revaluation + metrics repricing every one of the ${r.ours.optionLegsRepriced} option legs ` +
      `(numpy's work): ${s(r.ours.everyLeg)}`]),
  ];
  if ('unavailable' in r.numpy) lines.push(`  numpy       not run: ${r.numpy.unavailable}`);
  else {
    lines.push(`  numpy       generation ${s(r.numpy.generation)}; revaluation + metrics ${s(r.numpy.revaluation)}; total ${(1000 * r.numpy.totalBestSeconds).toFixed(1)} ms`);
    lines.push(`  ratio       numpy / microhedge = ${r.speedup!.toFixed(2)}×`);
  }
  lines.push(`  load        1-minute load average ${r.loadAverage[0].toFixed(2)} before, ${r.loadAverage[1].toFixed(2)} after (2 cores)`);
  lines.push(`  check       whole VaR95/ES95/VaR99/ES99: ours ${money(r.check.oursWhole)}${r.check.numpyWhole ? `; numpy ${money(r.check.numpyWhole)}` : ''}`);
  lines.push(`              target alone:               ours ${money(r.check.oursTarget)}${r.check.numpyTarget ? `; numpy ${money(r.check.numpyTarget)}` : ''}`);
  return lines.join('\n');
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  runRevaluationBench({ quick: process.argv.includes('--quick') })
    .then((r) => process.stdout.write(`${formatRevaluationBench(r)}\n`))
    .catch((e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    });
}

/** Rows for bench/run.ts's side-by-side table (scenarios per second, whole workload). */
export async function revaluationBenchmarks(o: BenchOptions): Promise<BenchRow[]> {
  const r = await runRevaluationBench({ quick: o.quick });
  const group = `scenario revaluation: ${r.scenarios.toLocaleString('en-US')} scenarios, 30 positions, 20 hedges, ` +
    `${r.ours.optionLegsRepriced} option legs (${r.ours.distinctContracts} distinct contracts), VaR/ES 95/99 × 42 (bench/peers/risk_numpy.py workload)`;
  const ms = (x: number): string => `${(1000 * x).toFixed(0)} ms`;
  const rows: BenchRow[] = [
    {
      group, name: `microhedge, ${r.threads} worker threads`, perSecond: r.scenarios / r.ours.totalBestSeconds,
      note: `generation ${ms(r.ours.generation.bestSeconds)} + revaluation ${ms(r.ours.revaluation.bestSeconds)}`
        + (r.speedup === null ? '' : `; ${r.speedup.toFixed(2)}× numpy`),
    },
    {
      group, name: 'microhedge, one thread', perSecond: r.scenarios / (r.ours.singleThreadGeneration.bestSeconds + r.ours.singleThreadRevaluation.bestSeconds),
      note: `CPU ${ms(r.ours.singleThreadGeneration.cpuSeconds + r.ours.singleThreadRevaluation.cpuSeconds)}`,
    },
  ];
  if (r.ours.everyLeg !== null) {
    rows.push({
      group, name: `microhedge, ${r.threads} workers, every one of the ${r.ours.optionLegsRepriced} legs repriced`,
      perSecond: r.scenarios / (r.ours.generation.bestSeconds + r.ours.everyLeg.bestSeconds),
      note: `revaluation ${ms(r.ours.everyLeg.bestSeconds)} (numpy's work, no contract shared)`,
    });
  }
  rows.push('unavailable' in r.numpy
    ? { group, name: 'numpy (risk_numpy.py)', perSecond: null, note: r.numpy.unavailable }
    : {
      group, name: 'numpy (risk_numpy.py, 1 BLAS thread)', perSecond: r.scenarios / r.numpy.totalBestSeconds,
      note: `generation ${ms(r.numpy.generation.bestSeconds)} + revaluation ${ms(r.numpy.revaluation.bestSeconds)}`,
    });
  return rows;
}
