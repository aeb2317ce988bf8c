import { Worker } from 'node:worker_threads';
import type { BatchContext } from './market.js';
import type { Outcome } from './outcome.js';
import type { BatchJob } from './task.js';
import type { ThreadData } from './thread.js';

/** Analyses `jobs` on `threads` worker threads, each started once with the batch context (the
 *  parsed market data is structured-cloned into it, about 2 MB for the sample universe) and then
 *  fed one job at a time, so a slow portfolio never holds others back. Every job yields exactly
 *  one outcome through `onOutcome`, in completion order: a thread that dies (out of memory, a
 *  crash in native code) fails only the job it held, and a fresh thread takes over the rest.
 *  Runs from the compiled package (dist/), where thread.js sits next to this module. */
export function analyzeOnThreads(
  jobs: readonly BatchJob[], context: BatchContext, threads: number, onOutcome: (o: Outcome) => void,
): Promise<void> {
  return new Promise((resolve) => {
    let next = 0;
    let live = 0;
    const data: ThreadData = { context };
    const start = () => {
      live += 1;
      const worker = new Worker(new URL('./thread.js', import.meta.url), { workerData: data });
      let current: BatchJob | undefined;
      let crash: Error | undefined;
      const feed = () => {
        current = jobs[next];
        if (current === undefined) {
          void worker.terminate();
          return;
        }
        next += 1;
        worker.postMessage(current);
      };
      worker.on('message', (o: Outcome) => {
        current = undefined;
        onOutcome(o);
        feed();
      });
      worker.on('error', (e) => { crash = e; });
      worker.on('exit', (code) => {
        live -= 1;
        if (current !== undefined) {
          const reason = crash === undefined ? `exit code ${code}` : (crash.stack ?? crash.message);
          onOutcome({
            id: current.id, file: current.file, inputsHash: current.inputsHash, status: 'failed', seconds: 0,
            error: `the worker thread analysing this portfolio stopped: ${reason}`,
          });
        }
        if (next < jobs.length && (crash !== undefined || current !== undefined)) start();
        else if (live === 0) resolve();
      });
      feed();
    };
    const count = Math.max(1, Math.min(threads, jobs.length));
    if (jobs.length === 0) resolve();
    else for (let t = 0; t < count; t++) start();
  });
}
