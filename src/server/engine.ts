// Where the server's tasks run. The HTTP thread only parses, validates and routes; every analysis
// and hedge evaluation runs on a compute thread, so the server keeps answering (and can enforce a
// time limit: a task over its limit is stopped by terminating its thread, which is then replaced).

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError } from '../domain/errors.js';
import { runTask, TaskState, type Task, type TaskOutcome, type TaskValue } from './tasks.js';

export type Engine = {
  /** Runs `task`; rejects with InputError (the user's), TimeLimitError, BusyError or TaskBug. */
  run(task: Task): Promise<TaskValue>;
  close(): Promise<void>;
  /** Compute threads (0: tasks run on the calling thread). */
  readonly threads: number;
};

/** The request's task did not finish within the time limit. */
export class TimeLimitError extends Error {
  constructor(readonly seconds: number) {
    super(`the computation took longer than the server's ${seconds} s limit`);
  }
}

/** Too many tasks are waiting already. */
export class BusyError extends Error {
  constructor(readonly queued: number) {
    super(`the server is busy (${queued} computations waiting)`);
  }
}

/** A bug in a task (or a thread that died): `detail` is for the server's log, never the client. */
export class TaskBug extends Error {
  constructor(message: string, readonly detail: string) {
    super(message);
  }
}

/** Runs tasks on the calling thread, one after another: for in-process tests and embedding the
 *  app where a thread pool is not wanted. No time limit (a running computation cannot be stopped
 *  on its own thread). */
export function inlineEngine(): Engine {
  const state = new TaskState();
  let chain: Promise<unknown> = Promise.resolve();
  return {
    threads: 0,
    run(task) {
      const result = chain.then(() => runTask(state, task)).then(settle);
      chain = result.catch(() => undefined);
      return result;
    },
    close: async () => undefined,
  };
}

export type ThreadEngineOptions = {
  threads: number;
  /** Per task, from its arrival (waiting included). */
  timeLimitSeconds: number;
  /** Tasks waiting beyond this many are refused with BusyError. */
  maxQueued: number;
};

type Job = {
  id: number;
  task: Task;
  resolve: (v: TaskValue) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
  /** Sent once without the uploaded files (the thread was believed to hold them) and missed. */
  resend: boolean;
};

type Slot = { index: number; worker: Worker; queue: Job[]; running?: Job; holds: Set<string> };

/** Affinity entries kept (analysis and input ids → thread). */
const MAX_AFFINITY = 10_000;

/** Runs tasks on `threads` worker threads. A task goes to the thread that already computed its
 *  analysis or holds its inputs (their caches live there), else to the least loaded one; uploaded
 *  files are sent to a thread once. Needs the built package (thread.js next to this module). */
export function threadEngine(o: ThreadEngineOptions): Engine {
  const script = new URL('./thread.js', import.meta.url);
  if (!existsSync(fileURLToPath(script))) {
    throw new Error(`the server's compute threads run from the built package (${fileURLToPath(script)} is missing): run npm run build`);
  }
  const limitMs = o.timeLimitSeconds * 1000;
  const affinity = new Map<string, number>();
  let nextId = 1;
  let closed = false;

  const spawn = (index: number): Slot => {
    const slot: Slot = { index, worker: new Worker(script), queue: [], holds: new Set() };
    const w = slot.worker;
    w.on('message', (m: { id: number; outcome: TaskOutcome }) => finished(slot, w, m));
    w.on('error', (e) => died(slot, w, e.stack ?? e.message));
    w.on('exit', (code) => died(slot, w, `the compute thread exited with code ${code}`));
    return slot;
  };
  const slots = Array.from({ length: Math.max(1, o.threads) }, (_, i) => spawn(i));

  /** Replaces a slot's thread (after a time-out or a crash), keeping its queue. */
  const replace = (slot: Slot) => {
    const old = slot.worker;
    const fresh = spawn(slot.index);
    fresh.queue = slot.queue;
    slots[slot.index] = fresh;
    for (const [key, index] of affinity) if (index === slot.index) affinity.delete(key);
    void old.terminate();
    pump(fresh);
  };

  const pump = (slot: Slot) => {
    if (slot.running !== undefined || closed) return;
    const job = slot.queue.shift();
    if (job === undefined) return;
    slot.running = job;
    const source = job.task.source;
    const strip = source !== undefined && 'files' in source && slot.holds.has(job.task.inputsId) && !job.resend;
    slot.worker.postMessage({ id: job.id, task: strip ? { ...job.task, source: undefined } : job.task });
  };

  const finished = (slot: Slot, w: Worker, m: { id: number; outcome: TaskOutcome }) => {
    const job = slot.running;
    if (slots[slot.index] !== slot || slot.worker !== w || job === undefined || job.id !== m.id) return;
    slot.running = undefined;
    if (!m.outcome.ok && m.outcome.failure.kind === 'missing-inputs' && !job.resend) {
      job.resend = true;
      slot.holds.delete(job.task.inputsId);
      slot.queue.unshift(job);
    } else {
      clearTimeout(job.timer);
      if (m.outcome.ok) remember(slot, job.task);
      try {
        job.resolve(settle(m.outcome));
      } catch (e) {
        job.reject(e as Error);
      }
    }
    pump(slot);
  };

  const died = (slot: Slot, w: Worker, detail: string) => {
    if (closed || slots[slot.index] !== slot || slot.worker !== w) return;
    const job = slot.running;
    slot.running = undefined;
    if (job !== undefined) {
      clearTimeout(job.timer);
      job.reject(new TaskBug('a compute thread stopped unexpectedly', detail));
    }
    replace(slot);
  };

  const remember = (slot: Slot, task: Task) => {
    slot.holds.add(task.inputsId);
    for (const key of [task.inputsId, ...('analysisId' in task ? [task.analysisId] : [])]) {
      affinity.delete(key);
      affinity.set(key, slot.index);
    }
    while (affinity.size > MAX_AFFINITY) affinity.delete(affinity.keys().next().value as string);
  };

  const choose = (task: Task): Slot => {
    const preferred = ('analysisId' in task ? affinity.get(task.analysisId) : undefined) ?? affinity.get(task.inputsId);
    if (preferred !== undefined) return slots[preferred]!;
    const load = (s: Slot) => s.queue.length + (s.running === undefined ? 0 : 1);
    return slots.reduce((best, s) => (load(s) < load(best) ? s : best));
  };

  const timedOut = (job: Job) => {
    for (const slot of slots) {
      const at = slot.queue.indexOf(job);
      if (at >= 0) slot.queue.splice(at, 1);
      if (slot.running === job) {
        slot.running = undefined;
        replace(slot);
      }
    }
    job.reject(new TimeLimitError(o.timeLimitSeconds));
  };

  return {
    threads: slots.length,
    run(task) {
      if (closed) return Promise.reject(new Error('the engine is closed'));
      const queued = slots.reduce((n, s) => n + s.queue.length, 0);
      if (queued >= o.maxQueued) return Promise.reject(new BusyError(queued));
      return new Promise<TaskValue>((resolve, reject) => {
        const job: Job = { id: nextId++, task, resolve, reject, resend: false, timer: setTimeout(() => timedOut(job), limitMs) };
        const slot = choose(task);
        slot.queue.push(job);
        pump(slot);
      });
    },
    async close() {
      closed = true;
      for (const slot of slots) {
        for (const job of [...slot.queue, ...(slot.running === undefined ? [] : [slot.running])]) {
          clearTimeout(job.timer);
          job.reject(new Error('the server is shutting down'));
        }
        slot.queue.length = 0;
        slot.running = undefined;
      }
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

function settle(outcome: TaskOutcome): TaskValue {
  if (outcome.ok) return outcome.value;
  const f = outcome.failure;
  switch (f.kind) {
    case 'input': throw new InputError(f.details);
    case 'missing-inputs': throw new TaskBug('a compute thread lost the inputs of a task', 'missing-inputs after a resend');
    case 'bug': throw new TaskBug(f.message, f.stack ?? f.message);
  }
}
