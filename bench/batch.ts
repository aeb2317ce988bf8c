/** Batch throughput (issue 10): portfolios per second analysed by `runBatch` — the whole path of
 *  `microhedge batch`: read a long CSV, load the market once, analyse, write every report and
 *  hedge row to a DuckDB store — with 1 and 2 worker threads, and through the BullMQ queue with 2
 *  `microhedge worker` processes and a local Redis (Debian's redis-server on a free port).
 *
 *  Workload: `--count` portfolios (default 1,000) generated with seed 10 from the equity sample's
 *  universe (the 19 stocks and 12 ETFs with a price on 2024-11-29; src/batch/generate.ts), every
 *  one analysed with analyze's defaults (historical scenarios, every hedge kind). Each
 *  configuration runs on a fresh store; `--runs` repeats them (default 1) and keeps the best.
 *  Also measured: what is done once (market load and hash), what each thread receives (the
 *  structured clone of the market data), the analysis alone per portfolio, the store writes, and
 *  the CPU each tier of the queue spends per portfolio (workers, Redis, the collecting producer):
 *  the figures docs/scaling.md extrapolates from. Before each run it waits for the machine to be
 *  quiet (1-minute load average below 0.5, at most `--quiet-wait` seconds), since other work on a
 *  shared machine would otherwise pass for our scaling.
 *
 *  Run: npm run build && node dist/bench/batch.js [--count N] [--runs N] [--no-queue] [--quiet-wait S]
 *  Figures in docs/performance.md ("## Batch"). */

import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serialize } from 'node:v8';
import { Redis } from 'ioredis';
import { startRedis, stopProcess } from './batch-redis.js';
import { generatePortfolios, longCsv, universeOn } from '../src/batch/generate.js';
import { inputsHash, loadBatchContext } from '../src/batch/market.js';
import type { Outcome } from '../src/batch/outcome.js';
import { openResultsStore } from '../src/batch/results-store.js';
import { runBatch, type BatchConfig } from '../src/batch/run-batch.js';
import { splitLongCsv } from '../src/batch/sources.js';
import { analyzeJob } from '../src/batch/task.js';
import { DEFAULT_OPTIONS } from '../src/pipeline/analyze.js';
import { SAMPLES } from '../src/pipeline/load-inputs.js';

const SEED = 10;
const AS_OF = '2024-11-29';
const QUIET_LOAD = 0.5;
const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

type Row = { name: string; seconds: number; perSecond: number; note: string };

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}

async function main(): Promise<void> {
  const count = argument('count', 1000);
  const runs = argument('runs', 1);
  const withQueue = !process.argv.includes('--no-queue');
  const dir = await mkdtemp(join(tmpdir(), 'microhedge-bench-batch-'));
  try {
    const market = { prices: SAMPLES.equity.prices, rates: SAMPLES.equity.rates, chains: [], credit: SAMPLES.equity.credit, cwd: dir };
    let t = performance.now();
    const context = await loadBatchContext(market, DEFAULT_OPTIONS);
    const loadSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    structuredClone(context);
    const cloneSeconds = (performance.now() - t) / 1000;
    const blobBytes = serialize(context).length;

    const proxies = new Set(context.market.creditProxies.map((c) => c.symbol));
    const universe = universeOn(context.market.prices.filter((s) => !proxies.has(s.symbol)), AS_OF);
    const portfolios = generatePortfolios(universe, { count, seed: SEED });
    const file = join(dir, 'clients.csv');
    await writeFile(file, longCsv(portfolios));
    process.stdout.write(`batch benchmark — node ${process.version}, ${count} portfolios (seed ${SEED}) over ${universe.length} symbols, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);

    // The analysis alone, on this thread, for a sample of the portfolios: the per-portfolio cost
    // every configuration pays, and the outcomes to time the store writes with.
    const sample = splitLongCsv(longCsv(portfolios.slice(0, Math.min(50, count))), 'clients.csv')
      .map((task) => ({ ...task, inputsHash: inputsHash(context.hash, task.sha256) }));
    analyzeJob(sample[0]!, context);
    t = performance.now();
    const outcomes: Outcome[] = sample.map((job) => analyzeJob(job, context));
    const analysisSeconds = (performance.now() - t) / 1000 / sample.length;
    const store = await openResultsStore(join(dir, 'writes.duckdb'), dir);
    await store.begin({
      startedAt: new Date().toISOString(), source: 'bench', contextHash: context.hash, optionsJson: '{}', concentrationThreshold: 0.1,
      portfolios: sample.map((j) => ({ id: j.id, file: j.file, inputsHash: j.inputsHash })),
    });
    t = performance.now();
    await store.write(outcomes);
    const writeSeconds = (performance.now() - t) / 1000 / outcomes.length;
    await store.close();
    const reportKb = outcomes.reduce((s, o) => s + (o.status === 'ok' ? o.reportJson.length : 0), 0) / outcomes.length / 1024;

    const rows: Row[] = [];
    const config = (out: string, workers: number, queue?: string): BatchConfig => ({
      portfolios: file, market, options: DEFAULT_OPTIONS, out: join(dir, out), workers, concentrationThreshold: 0.1, cwd: dir,
      ...(queue === undefined ? {} : { queue }),
    });
    /** Runs `once` `runs` times; prints the best run with the CPU this process (and its threads)
     *  used in it, plus whatever CPU figures `once` measured elsewhere (worker processes, Redis). */
    const best = async (name: string, note: string, once: (run: number) => Promise<{ seconds: number; cpu?: string }>) => {
      let top: { seconds: number; cpu?: string; own: number; load: string } | undefined;
      for (let r = 0; r < runs; r++) {
        const load = await quiet();
        const before = process.cpuUsage();
        const result = await once(r);
        const used = process.cpuUsage(before);
        if (top === undefined || result.seconds < top.seconds) top = { ...result, own: (used.user + used.system) / 1e6, load };
      }
      const { seconds, own, load, cpu } = top!;
      rows.push({ name, seconds, perSecond: count / seconds, note });
      process.stdout.write(`  ${name.padEnd(26)} ${seconds.toFixed(1).padStart(7)} s  ${(count / seconds).toFixed(1).padStart(6)} portfolios/s` +
        `  (${note}; load average before ${load}; CPU per portfolio: this process ${ms(own / count)}${cpu ?? ''})\n`);
    };
    const timed = async (c: BatchConfig) => {
      const result = await runBatch(c);
      const bad = result.rows.filter((r) => r.status !== 'ok');
      if (bad.length > 0) throw new Error(`benchmark portfolios failed: ${bad[0]!.id}: ${bad[0]!.error}`);
      return result.seconds.total;
    };
    await best('1 worker thread', 'runBatch, long CSV → DuckDB', async (r) => ({ seconds: await timed(config(`one-${r}.duckdb`, 1)) }));
    await best('2 worker threads', 'runBatch, long CSV → DuckDB', async (r) => ({ seconds: await timed(config(`two-${r}.duckdb`, 2)) }));
    if (withQueue) {
      await best('queue, 2 worker processes', 'BullMQ on a local redis-server; this process enqueues and collects into DuckDB', async (r) => {
        const redis = await startRedis();
        const workers = [0, 1].map(() => spawn(process.execPath, [CLI, 'worker', '--queue', redis.url], { stdio: 'ignore' }));
        try {
          const seconds = await timed(config(`queue-${r}.duckdb`, 1, redis.url));
          const workerCpu = (await Promise.all(workers.map((w) => processCpuSeconds(w.pid!)))).reduce((x, y) => x + y, 0);
          const redisCpu = await redisCpuSeconds(redis.url);
          return { seconds, cpu: `, workers ${ms(workerCpu / count)}, redis-server ${ms(redisCpu / count)}` };
        } finally {
          await Promise.all(workers.map(stopProcess));
          await redis.stop();
        }
      });
    }
    const one = rows[0]!;
    const two = rows[1]!;
    process.stdout.write([
      `  speed-up 1 → 2 threads: ${(one.seconds / two.seconds).toFixed(2)}×`,
      `  once per batch: market load + hash ${loadSeconds.toFixed(2)} s; per thread: structured clone of the market ${(1000 * cloneSeconds).toFixed(0)} ms` +
        ` (${(blobBytes / 1e6).toFixed(1)} MB serialised, the queue's Redis blob)`,
      `  per portfolio (single thread, ${sample.length} portfolios): analysis ${(1000 * analysisSeconds).toFixed(1)} ms,` +
        ` store write ${(1000 * writeSeconds).toFixed(2)} ms, report ${reportKb.toFixed(0)} KB of JSON`,
      `  load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`,
      '',
    ].join('\n'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function ms(seconds: number): string {
  return `${(1000 * seconds).toFixed(seconds < 0.01 ? 2 : 0)} ms`;
}

/** User + system CPU of a live process, from /proc/PID/stat (fields 14 and 15, in clock ticks of
 *  1/100 s on Linux: sysconf(_SC_CLK_TCK) = 100 on every Debian kernel). */
async function processCpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU the Redis server has used since it started (INFO cpu). */
async function redisCpuSeconds(url: string): Promise<number> {
  const client = new Redis(url);
  try {
    const info = await client.info('cpu');
    const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? Number.NaN);
    return field('used_cpu_sys') + field('used_cpu_user');
  } finally {
    client.disconnect();
  }
}

/** Waits (at most `--quiet-wait` seconds, default 300) for the 1-minute load average to fall below `QUIET_LOAD`, so
 *  that other work on a shared machine does not pass for our scaling; returns the load then. */
async function quiet(): Promise<string> {
  const until = Date.now() + argument('quiet-wait', 300) * 1000;
  while (loadavg()[0]! > QUIET_LOAD && Date.now() < until) await new Promise((r) => setTimeout(r, 5000));
  return loadavg()[0]!.toFixed(2);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
