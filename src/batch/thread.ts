/** Worker-thread body of `analyzeOnThreads`: receives the batch context once (workerData), then
 *  analyses one job per message and replies with its outcome. */

import { parentPort, workerData } from 'node:worker_threads';
import type { BatchContext } from './market.js';
import { analyzeJob, type BatchJob } from './task.js';

/** What the pool hands every thread when it starts it. */
export type ThreadData = { context: BatchContext };

const { context } = workerData as ThreadData;

parentPort?.on('message', (job: BatchJob) => {
  parentPort?.postMessage(analyzeJob(job, context));
});
