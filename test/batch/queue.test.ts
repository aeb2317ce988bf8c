import { mkdir, mkdtemp, copyFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JOB_ATTEMPTS, QUEUE_NAME, contextKey } from '../../src/batch/queue.js';
import { startRedis, stopProcess, type LocalRedis } from '../../bench/batch-redis.js';
import { GOOD, MARKET_FLAGS, cli, cliProcess, exited, query, requireBuild, writeClients } from './clients.js';

// The queue end to end, as real processes: `batch --queue` enqueues and collects, `worker`
// processes analyse, Redis (Debian's redis-server) is started on a free port and stopped here.
const FAST = ['--hedges', 'short-self,sector-etf-short,protective-put'];
let dir: string;
let redis: LocalRedis | undefined;
const children: ReturnType<typeof cliProcess>[] = [];

beforeAll(async () => {
  requireBuild();
  dir = await mkdtemp(join(tmpdir(), 'microhedge-queue-'));
  await writeClients(dir);
});
afterEach(async () => {
  await Promise.all(children.splice(0).map(stopProcess));
  await redis?.stop();
  redis = undefined;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function start(...args: string[]): ReturnType<typeof cliProcess> {
  const child = cliProcess(dir, ...args);
  children.push(child);
  return child;
}

async function waitFor(what: string, check: () => Promise<boolean>, seconds = 45): Promise<void> {
  const until = Date.now() + seconds * 1000;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('microhedge batch --queue with microhedge worker', () => {
  it('loses nothing and duplicates nothing when a worker is killed in the middle of a job', async () => {
    const local = cli(dir, 'batch', '--portfolios', 'clients', ...MARKET_FLAGS, ...FAST, '--out', 'local.duckdb', '--workers', '2', '--quiet');
    expect(local.status).toBe(2);
    redis = await startRedis();
    const queue = new Queue(QUEUE_NAME, { connection: { url: redis.url } });
    try {
      const producer = start('batch', '--portfolios', 'clients', ...MARKET_FLAGS, ...FAST, '--queue', redis.url, '--out', 'queue.duckdb', '--quiet');
      await waitFor('12 jobs', async () => (await queue.getJobCounts('waiting')).waiting === 12);
      const doomed = start('worker', '--queue', redis.url, '--lock-seconds', '2');
      await waitFor('a few jobs done', async () => ((await queue.getJobCounts('waiting')).waiting ?? 12) <= 8);
      doomed.kill('SIGKILL');
      await exited(doomed);
      // Killed while holding a job: it stays active, locked to a worker that is gone.
      const counts = await queue.getJobCounts('waiting', 'active');
      const [waiting, active] = [counts.waiting ?? 0, counts.active ?? 0];
      expect(active).toBe(1);
      const [orphan] = await queue.getActive();
      const rescuer = start('worker', '--queue', redis.url, '--lock-seconds', '2');
      expect(await exited(producer)).toBe(2);
      expect(producer.output.stderr).toBe('error: clients/broken.csv:3:quantity: expected a quantity (a non-zero number), got "a lot"\n');
      await stopProcess(rescuer);
      expect(rescuer.exitCode).toBe(0);
      // The rescuer did exactly the jobs left: the orphan and those still waiting, nothing twice.
      expect(rescuer.output.stderr).toMatch(new RegExp(`stopped: ${waiting + active - 1} analysed, 1 invalid, 0 failed|stopped: ${waiting + active} analysed, 0 invalid, 0 failed`));

      const sql = "SELECT portfolio_id, status, report FROM batch_results ORDER BY portfolio_id";
      const fromQueue = await query(join(dir, 'queue.duckdb'), sql);
      expect(fromQueue).toEqual(await query(join(dir, 'local.duckdb'), sql));
      expect(fromQueue.map((r) => r[0])).toEqual(['broken', ...GOOD].sort());
      expect(fromQueue.find((r) => r[0] === orphan!.data.id)![1]).toBe('ok');
      const hedges = 'SELECT portfolio_id, rank, name, portfolio_es_after FROM batch_hedges ORDER BY portfolio_id, rank';
      expect(await query(join(dir, 'queue.duckdb'), hedges)).toEqual(await query(join(dir, 'local.duckdb'), hedges));
      // Redis keeps only the malformed portfolio, moved aside with its error.
      expect(await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed')).toEqual({ waiting: 0, active: 0, delayed: 0, completed: 0, failed: 1 });
      const [poison] = await queue.getFailed();
      expect([poison!.data.id, poison!.attemptsMade, poison!.failedReason])
        .toEqual(['broken', 1, 'invalid input: clients/broken.csv:3:quantity: expected a quantity (a non-zero number), got "a lot"']);
    } finally {
      await queue.close();
    }
  });

  it('retries a failing job with backoff, moves it aside when its attempts run out, and retries it on the next run', async () => {
    const few = join(dir, 'few');
    await mkdir(few);
    await copyFile(join(dir, 'clients', 'equity.csv'), join(few, 'equity.csv'));
    redis = await startRedis();
    const queue = new Queue(QUEUE_NAME, { connection: { url: redis.url } });
    const client = new Redis(redis.url);
    try {
      const args = ['batch', '--portfolios', 'few', ...MARKET_FLAGS, ...FAST, '--queue', redis.url, '--out', 'retry.duckdb', '--quiet'];
      const producer = start(...args);
      await waitFor('the job', async () => (await queue.getJobCounts('waiting')).waiting === 1);
      // The batch's market data vanishes from Redis (evicted, flushed): every attempt fails.
      const [key] = await client.keys(contextKey('*'));
      await client.del(key!);
      const worker = start('worker', '--queue', redis.url, '--lock-seconds', '2');
      await waitFor('a retry scheduled', async () => (await queue.getJobCounts('delayed')).delayed === 1);
      const [delayed] = await queue.getDelayed();
      expect(delayed!.attemptsMade).toBe(1);
      expect(delayed!.opts.backoff).toEqual({ type: 'exponential', delay: 2000 });
      expect(delayed!.failedReason).toMatch(/^the batch context [0-9a-f]{12}… is not in Redis \(expired\?\)/);
      // 2 s, then 4 s later: failed for good after the last attempt, and reported so.
      expect(await exited(producer)).toBe(1);
      expect(producer.output.stderr).toMatch(new RegExp(`^error: few/equity\\.csv \\(portfolio equity\\): failed after ${JOB_ATTEMPTS} attempt\\(s\\): the batch context`));
      const [failed] = await queue.getFailed();
      expect(failed!.attemptsMade).toBe(JOB_ATTEMPTS);
      // The rerun stores the market data again and gives the failed job another chance.
      const again = start(...args);
      expect(await exited(again)).toBe(0);
      expect(await query(join(dir, 'retry.duckdb'), 'SELECT portfolio_id, status FROM batch_results')).toEqual([['equity', 'ok']]);
      await stopProcess(worker);
      expect(worker.output.stderr).toMatch(/stopped: 1 analysed, 0 invalid, 0 failed\n$/);
    } finally {
      client.disconnect();
      await queue.close();
    }
  });

  it('refuses a queue nobody listens on, with one line and exit 2', async () => {
    const worker = cli(dir, 'worker', '--queue', 'redis://127.0.0.1:1');
    expect(worker.status).toBe(2);
    expect(worker.stderr).toMatch(/^error: --queue: expected a reachable Redis server \(.*ECONNREFUSED.*\), got "redis:\/\/127\.0\.0\.1:1"\n$/);
    const batch = cli(dir, 'batch', '--portfolios', 'clients', '--queue', 'http://example.com');
    expect([batch.status, batch.stderr]).toEqual([2, 'error: --queue: expected a Redis URL redis://HOST:PORT, got "http://example.com"\n']);
  });
});
