import { deserialize, serialize } from 'node:v8';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { InputError } from '../domain/errors.js';
import type { BatchContext } from './market.js';
import type { FailedOutcome, OkOutcome, Outcome } from './outcome.js';
import { sha256 } from './sources.js';
import { analyzeJob, type BatchJob } from './task.js';

/** The BullMQ queue every batch and worker use (docs/scaling.md). */
export const QUEUE_NAME = 'microhedge-batch';

/** A job: one portfolio, and the batch context (in Redis under `contextKey(contextHash)`) it is
 *  analysed with. */
export type QueueJobData = BatchJob & { contextHash: string };

/** Attempts per job and the first backoff delay: a failure that is not the input's fault (a
 *  worker bug, Redis going away mid-job) is retried after 2 s, then 4 s. */
export const JOB_ATTEMPTS = 3;
const BACKOFF_MS = 2000;
/** Finished jobs left in Redis are removed by BullMQ after these ages: a day for results not
 *  collected (a rerun within it collects them without recomputing), a week for failures. */
const KEEP_COMPLETED_SECONDS = 24 * 3600;
const KEEP_FAILED_SECONDS = 7 * 24 * 3600;
const CONTEXT_TTL_SECONDS = 7 * 24 * 3600;
/** The collector stores results COLLECT_BATCH at a time, or after COLLECT_WAIT_MS, and looks for
 *  finished jobs every POLL_MS while there are none. */
const COLLECT_BATCH = 64;
const COLLECT_WAIT_MS = 1000;
const POLL_MS = 200;
/** failedReason prefix of a job whose input is wrong: it failed without retries (BullMQ's
 *  UnrecoverableError) and stays in the failed set, moved aside with its error. */
const INVALID = 'invalid input: ';

export function contextKey(contextHash: string): string {
  return `microhedge:batch-context:${contextHash}`;
}

/** The job id of a portfolio's inputs: adding a job whose id exists is a no-op in BullMQ, so
 *  enqueueing the same inputs twice (a rerun, two producers) queues them once. */
export function jobId(id: string, inputsHash: string): string {
  return sha256(`${id}\n${inputsHash}`);
}

/** `redis://[user:password@]host:port[/db]` (or `rediss://` for TLS), checked by connecting and
 *  sending PING once, without retrying: a wrong address is the user's error, reported at once. */
export async function checkRedis(url: string): Promise<void> {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') || parsed.hostname === '') {
    throw new InputError({ file: '--queue', value: url, expected: 'a Redis URL redis://HOST:PORT' });
  }
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 3000 });
  // The connection's own error (ECONNREFUSED, ENOTFOUND) says more than the rejected command's.
  let cause: Error | undefined;
  client.on('error', (e: Error) => { cause ??= e; });
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    const message = (cause ?? (e instanceof Error ? e : new Error(String(e)))).message;
    throw new InputError({ file: '--queue', value: url, expected: `a reachable Redis server (${message})` });
  } finally {
    client.disconnect();
  }
}

export type QueueStatus = { waiting: number; active: number; delayed: number; workers: number };

/** The producer side of a queued batch: stores the batch context in Redis once, enqueues one job
 *  per portfolio (idempotently, by `jobId`), then collects results until every job has finished.
 *  Each finished job's outcome is handed to `record` and only then removed from Redis, so a
 *  collector killed at any point loses nothing: its rerun finds the job still there. Jobs that
 *  failed for good stay in BullMQ's failed set with their error. */
export async function runOnQueue(
  url: string, jobs: readonly BatchJob[], context: BatchContext,
  record: (outcomes: Outcome[]) => Promise<void>, onStatus: (s: QueueStatus) => void,
): Promise<void> {
  const connection = { url };
  const redis = new Redis(url, { maxRetriesPerRequest: 3 });
  const queue = new Queue<QueueJobData, OkOutcome>(QUEUE_NAME, { connection });
  try {
    await redis.set(contextKey(context.hash), serialize(context), 'EX', CONTEXT_TTL_SECONDS);
    const pending = new Map(jobs.map((j) => [jobId(j.id, j.inputsHash), j]));
    const all = [...pending];
    for (let i = 0; i < all.length; i += 500) {
      await queue.addBulk(all.slice(i, i + 500).map(([id, job]) => ({
        name: 'analyze',
        data: { ...job, contextHash: context.hash },
        opts: {
          jobId: id, attempts: JOB_ATTEMPTS, backoff: { type: 'exponential', delay: BACKOFF_MS },
          removeOnComplete: { age: KEEP_COMPLETED_SECONDS }, removeOnFail: { age: KEEP_FAILED_SECONDS },
        },
      })));
    }
    // Jobs an earlier run left failed for a reason other than their input get another chance:
    // whatever failed them (a bug since fixed, an outage) may be gone.
    for (const job of await finished(queue, 'failed', pending)) {
      if (!job.failedReason.startsWith(INVALID)) await job.retry('failed');
    }
    // Results are stored in batches (a transaction per result would cost more than reading
    // it): up to COLLECT_BATCH of them, or what has waited COLLECT_WAIT_MS.
    let outcomes: Outcome[] = [];
    let collected: string[] = [];
    let oldest = 0;
    while (pending.size > 0 || outcomes.length > 0) {
      const completed = await finished(queue, 'completed', pending);
      // A job in the failed set has failed for good: its retries are spent, or it was invalid.
      const failed = await finished(queue, 'failed', pending);
      if (outcomes.length === 0) oldest = Date.now();
      for (const j of completed) outcomes.push(j.returnvalue);
      for (const j of failed) outcomes.push(failedOutcome(j));
      for (const j of [...completed, ...failed]) pending.delete(j.id as string);
      collected.push(...completed.map((j) => j.id as string));
      if (outcomes.length >= COLLECT_BATCH || (outcomes.length > 0 && (pending.size === 0 || Date.now() - oldest >= COLLECT_WAIT_MS))) {
        await record(outcomes);
        // Only after the results are stored: until then a crash leaves them in Redis.
        await Promise.all(collected.map((id) => queue.remove(id)));
        outcomes = [];
        collected = [];
        continue;
      }
      if (completed.length + failed.length === 0) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        onStatus({
          waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0), active: counts.active ?? 0, delayed: counts.delayed ?? 0,
          workers: await queue.getWorkersCount(),
        });
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

/** This batch's jobs among BullMQ's `completed` or `failed` ones. Only ids are listed; just the
 *  jobs of `pending` are read (each carries a ~220 KB result: reading others would cost more than
 *  the whole collection). */
async function finished(queue: Queue<QueueJobData, OkOutcome>, state: 'completed' | 'failed', pending: ReadonlyMap<string, BatchJob>): Promise<Job<QueueJobData, OkOutcome>[]> {
  const ids = (await queue.getRanges([state], 0, -1, true)).filter((id) => pending.has(id));
  const jobs = await Promise.all(ids.map((id) => queue.getJob(id)));
  return jobs.filter((j): j is Job<QueueJobData, OkOutcome> => j !== undefined);
}

function failedOutcome(job: Job<QueueJobData, OkOutcome>): FailedOutcome {
  const invalid = job.failedReason.startsWith(INVALID);
  return {
    id: job.data.id, file: job.data.file, inputsHash: job.data.inputsHash, seconds: 0,
    status: invalid ? 'invalid' : 'failed',
    error: invalid ? job.failedReason.slice(INVALID.length)
      : `failed after ${job.attemptsMade} attempt(s)${job.stalledCounter > 0 ? `, stalled ${job.stalledCounter} time(s)` : ''}: ${job.failedReason}`,
  };
}

export type WorkerOptions = {
  /** Jobs one process works on at once; the analysis is CPU-bound, so 1 per core. */
  concurrency: number;
  /** How long a job stays locked to a worker that stopped renewing the lock (killed, frozen)
   *  before another worker takes it over; also how often workers look for such jobs. */
  lockSeconds: number;
};

export type WorkerTally = { ok: number; invalid: number; failed: number };

/** A queue worker: takes jobs until `signal` aborts, then finishes the jobs it holds and
 *  returns. The batch context of each job is read from Redis once and kept for later jobs. A
 *  portfolio whose input is wrong fails for good (no retry); any other failure is thrown for
 *  BullMQ to retry with backoff. A worker killed mid-job loses nothing: the job's lock expires
 *  and another worker takes it over (at most once: BullMQ's maxStalledCount = 1; a job that
 *  keeps killing workers is moved to the failed set). */
export async function runWorker(url: string, options: WorkerOptions, signal: AbortSignal): Promise<WorkerTally> {
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  const contexts = new Map<string, BatchContext>();
  const tally: WorkerTally = { ok: 0, invalid: 0, failed: 0 };
  const context = async (hash: string): Promise<BatchContext> => {
    const cached = contexts.get(hash);
    if (cached !== undefined) return cached;
    const blob = await redis.getBuffer(contextKey(hash));
    if (blob === null) throw new Error(`the batch context ${hash.slice(0, 12)}… is not in Redis (expired?): rerun the batch to store it again`);
    const loaded = deserialize(blob) as BatchContext;
    // Two contexts at most: a worker serves one batch at a time, two while batches overlap.
    if (contexts.size >= 2) contexts.delete(contexts.keys().next().value as string);
    contexts.set(hash, loaded);
    return loaded;
  };
  const worker = new Worker<QueueJobData, OkOutcome>(QUEUE_NAME, async (job) => {
    const outcome = analyzeJob(job.data, await context(job.data.contextHash));
    tally[outcome.status] += 1;
    if (outcome.status !== 'ok') {
      throw outcome.status === 'invalid' ? new UnrecoverableError(`${INVALID}${outcome.error}`) : new Error(outcome.error);
    }
    return outcome;
  }, {
    connection: { url }, concurrency: options.concurrency,
    lockDuration: options.lockSeconds * 1000, stalledInterval: options.lockSeconds * 1000, maxStalledCount: 1,
  });
  // Errors of the connection are retried by BullMQ; they must not crash the process.
  worker.on('error', () => undefined);
  try {
    await worker.waitUntilReady();
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    await worker.close();
    redis.disconnect();
  }
  return tally;
}
