import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { AnalyzeOptions } from '../pipeline/analyze.js';
import { canonicalJson, inputsHash, loadBatchContext, type MarketFiles } from './market.js';
import type { Outcome } from './outcome.js';
import { analyzeOnThreads } from './pool.js';
import { checkRedis, runOnQueue, type QueueStatus } from './queue.js';
import { openResultsDirectory } from './results-dir.js';
import { openResultsStore } from './results-store.js';
import type { ResultSink, SummaryRow } from './sink.js';
import { readPortfolioSources } from './sources.js';
import type { BatchJob } from './task.js';
import { OutcomeWriter } from './writer.js';

export type BatchConfig = {
  /** `--portfolios`: a directory of holdings CSVs, a long CSV, or one holdings CSV. */
  portfolios: string;
  market: MarketFiles;
  options: AnalyzeOptions;
  /** A DuckDB file (created if missing), or a directory (an existing one, or a path ending in /). */
  out: string;
  /** Worker threads on this machine (ignored with `queue`). */
  workers: number;
  /** `redis://HOST:PORT`: enqueue the portfolios for `microhedge worker` processes instead. */
  queue?: string;
  /** A target weight at or above this counts as a concentrated holding. */
  concentrationThreshold: number;
  cwd: string;
};

export type BatchProgress = {
  /** Outcomes received so far, of `total` portfolios to analyse (skipped ones not counted). */
  done: number;
  total: number;
  invalid: number;
  failed: number;
  /** With a queue: what BullMQ reports while this producer waits. */
  queue?: QueueStatus;
};

export type BatchResult = {
  portfolios: number;
  /** Unchanged since a previous run: not analysed again. */
  skipped: number;
  analysed: number;
  where: string;
  /** The current batch's portfolios, in order, from the results. */
  rows: SummaryRow[];
  seconds: { total: number; market: number; analysis: number };
};

/** A whole batch: read the portfolios, load and hash the market data once, skip portfolios whose
 *  inputs already have a result in `out`, analyse the others on worker threads (or through the
 *  queue), and write every outcome to `out`. Bad portfolios are reported in the results; only
 *  problems with the batch as a whole (no portfolios, bad market files, an unusable `out`) throw. */
export async function runBatch(config: BatchConfig, onProgress: (p: BatchProgress) => void = () => undefined): Promise<BatchResult> {
  const started = performance.now();
  const tasks = await readPortfolioSources(config.portfolios, config.cwd);
  if (config.queue !== undefined) await checkRedis(config.queue);
  const context = await loadBatchContext(config.market, config.options);
  const marketSeconds = (performance.now() - started) / 1000;
  const jobs: BatchJob[] = tasks.map((t) => ({ ...t, inputsHash: inputsHash(context.hash, t.sha256) }));
  const sink = await openSink(config.out, config.cwd);
  let analysis = 0;
  let todo: BatchJob[] = [];
  try {
    const done = await sink.begin({
      startedAt: new Date().toISOString(), source: config.portfolios, contextHash: context.hash, optionsJson: canonicalJson(config.options),
      concentrationThreshold: config.concentrationThreshold,
      portfolios: jobs.map((j) => ({ id: j.id, file: j.file, inputsHash: j.inputsHash })),
    });
    todo = jobs.filter((j) => !done.has(j.id));
    const progress: BatchProgress = { done: 0, total: todo.length, invalid: 0, failed: 0 };
    const count = (o: Outcome) => {
      progress.done += 1;
      if (o.status !== 'ok') progress[o.status] += 1;
      analysis += o.seconds;
    };
    onProgress(progress);
    if (config.queue === undefined) {
      const writer = new OutcomeWriter(sink);
      await analyzeOnThreads(todo, context, config.workers, (o) => {
        count(o);
        writer.push(o);
        onProgress(progress);
      });
      await writer.close();
    } else {
      await runOnQueue(config.queue, todo, context, async (outcomes) => {
        await sink.write(outcomes);
        outcomes.forEach(count);
        onProgress(progress);
      }, (queue) => onProgress({ ...progress, queue }));
    }
    const rows = await sink.summary();
    return {
      portfolios: jobs.length, skipped: jobs.length - todo.length, analysed: todo.length, where: sink.where, rows,
      seconds: { total: (performance.now() - started) / 1000, market: marketSeconds, analysis },
    };
  } finally {
    await sink.close();
  }
}

/** A directory when `out` is one or ends with a slash, otherwise a DuckDB store file. */
async function openSink(out: string, cwd: string): Promise<ResultSink> {
  const info = await stat(resolve(cwd, out)).catch(() => null);
  return info?.isDirectory() === true || /[\\/]$/.test(out) ? openResultsDirectory(out, cwd) : openResultsStore(out, cwd);
}
