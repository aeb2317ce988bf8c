import { hostname } from 'node:os';
import { InputError } from '../domain/errors.js';
import { integerFlag, parseFlags, refusePositionals } from './args.js';
import type { CliCommand, Io } from './io.js';

const HELP = `microhedge worker — analyse the portfolios a 'microhedge batch --queue' enqueued

usage: microhedge worker --queue redis://HOST:PORT [--concurrency N] [--lock-seconds S]

Takes one job (one portfolio) at a time from the BullMQ queue in Redis, analyses it with the
batch's market data and options (stored in Redis by the batch), and hands the result back.
Start one worker per core, on as many machines as you like; stop one with Ctrl-C or SIGTERM
(it finishes its job first). A worker killed outright loses nothing: its job is taken over
by another worker once its lock expires.

options:
  --queue URL          the Redis server of the batch, redis://HOST:PORT
  --concurrency N      jobs in flight in this process (default 1: the analysis uses a whole core)
  --lock-seconds S     how long a job stays with a worker that stopped answering before another
                       takes it over; also how often this worker looks for such jobs (default 30)
  --quiet              no start and stop lines (errors are still printed)

example:
  for i in $(seq $(nproc)); do microhedge worker --queue redis://10.0.0.5:6379 & done
`;

export const workerCommand: CliCommand = {
  name: 'worker',
  help: HELP,
  async run(args: string[], io: Io): Promise<number> {
    const { values, positionals } = parseFlags('worker', args, {
      queue: { type: 'string' },
      concurrency: { type: 'string' },
      'lock-seconds': { type: 'string' },
      quiet: { type: 'boolean' },
    }, 'a worker analyses with the options of the batch that enqueued the job, its seed included (batch --seed N)');
    refusePositionals('worker', positionals, '--queue URL');
    if (values.queue === undefined) throw new InputError({ file: '--queue', expected: 'the Redis URL of the batch, redis://HOST:PORT' });
    const concurrency = integerFlag('concurrency', values.concurrency, 1, 1, 64);
    const lockSeconds = integerFlag('lock-seconds', values['lock-seconds'], 30, 1, 3600);
    // Loaded here (the queue client): --help must stay fast.
    const { checkRedis, runWorker } = await import('../batch/queue.js');
    await checkRedis(values.queue);
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    if (!values.quiet) io.stderr(`worker ${hostname()}:${process.pid} ready on ${values.queue} (concurrency ${concurrency})\n`);
    try {
      const tally = await runWorker(values.queue, { concurrency, lockSeconds }, stop.signal);
      if (!values.quiet) io.stderr(`worker ${hostname()}:${process.pid} stopped: ${tally.ok} analysed, ${tally.invalid} invalid, ${tally.failed} failed\n`);
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    return 0;
  },
};
