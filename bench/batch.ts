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
 *  structured clone of the market data), the analysis alone per portfolio, and the store writes.
 *
 *  Run: npm run build && node dist/bench/batch.js [--count N] [--runs N] [--no-queue]
 *  Figures in docs/performance.md ("## Batch"). */

import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serialize } from 'node:v8';
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
    const best = async (name: string, note: string, once: (run: number) => Promise<number>) => {
      let seconds = Infinity;
      for (let r = 0; r < runs; r++) seconds = Math.min(seconds, await once(r));
      rows.push({ name, seconds, perSecond: count / seconds, note });
      process.stdout.write(`  ${name.padEnd(26)} ${seconds.toFixed(1).padStart(7)} s  ${(count / seconds).toFixed(1).padStart(6)} portfolios/s  ${note}\n`);
    };
    const timed = async (c: BatchConfig) => {
      const result = await runBatch(c);
      const bad = result.rows.filter((r) => r.status !== 'ok');
      if (bad.length > 0) throw new Error(`benchmark portfolios failed: ${bad[0]!.id}: ${bad[0]!.error}`);
      return result.seconds.total;
    };
    await best('1 worker thread', 'runBatch, long CSV → DuckDB', (r) => timed(config(`one-${r}.duckdb`, 1)));
    await best('2 worker threads', 'runBatch, long CSV → DuckDB', (r) => timed(config(`two-${r}.duckdb`, 2)));
    if (withQueue) {
      await best('queue, 2 worker processes', 'BullMQ on a local redis-server, collector → DuckDB', async (r) => {
        const redis = await startRedis();
        const workers = [0, 1].map(() => spawn(process.execPath, [CLI, 'worker', '--queue', redis.url], { stdio: 'ignore' }));
        try {
          return await timed(config(`queue-${r}.duckdb`, 1, redis.url));
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

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
