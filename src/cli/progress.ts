import type { BatchProgress } from '../batch/run-batch.js';
import type { AnalyzeInput, AnalyzeOptions, AnalyzeProgress } from '../pipeline/analyze.js';
import type { Report } from '../report/schema.js';
import type { Io } from './io.js';

// Every progress display of the CLI: one line of stderr redrawn in place, only on a terminal, so
// pipes and files get nothing. Colour only without NO_COLOR (https://no-color.org). At most ten
// redraws a second; `end()` clears the line before the command prints its result.

/** Where a long job is: its stage and, for stages made of steps, how many are done. */
export type StageProgress = AnalyzeProgress;

export type ProgressDisplay<P> = { update(p: P): void; end(): void };

const MIN_REDRAW_MS = 100;
const WIDTH = 100;
const CLEAR = '\r\x1b[K';

/** A line drawn by `text(p, seconds since start, colour)`. A frame is drawn when `key(p)` changes
 *  (a new stage), when the job is complete, or at most every 100 ms otherwise. */
export function progressDisplay<P>(
  io: Io,
  text: (p: P, seconds: number, colour: boolean) => string,
  key: (p: P) => string = () => '',
  complete: (p: P) => boolean = () => false,
  now: () => number = () => performance.now(),
): ProgressDisplay<P> {
  if (!io.isTTY) return { update: () => undefined, end: () => undefined };
  const colour = io.env.NO_COLOR === undefined || io.env.NO_COLOR === '';
  const started = now();
  let last: string | undefined;
  let drawn = -Infinity;
  return {
    update(p) {
      const t = now();
      const k = key(p);
      if (k === last && t - drawn < MIN_REDRAW_MS && !complete(p)) return;
      last = k;
      drawn = t;
      io.stderr(`${CLEAR}${text(p, (t - started) / 1000, colour)}`);
    },
    end() {
      if (last !== undefined) io.stderr(CLEAR);
    },
  };
}

/** Stage by stage: `analysing: walk-forward tests [######..........] 3/8  2.1 s`. */
export function stageProgress(io: Io, label: string, now?: () => number): ProgressDisplay<StageProgress> {
  return progressDisplay<StageProgress>(io, (p, s, colour) => stageText(label, p, s, colour), (p) => p.stage, (p) => p.done >= p.total, now);
}

/** One frame of a stage display, at most 100 visible columns. */
export function stageText(label: string, p: StageProgress, seconds: number, colour: boolean): string {
  const steps = p.total > 1 ? ` ${bar(p.done, p.total, 16)} ${p.done}/${p.total}` : '';
  return fit(paint(label, colour), `: ${p.stage}${steps}  ${seconds.toFixed(1)} s`, label.length);
}

/** A batch of portfolios: bar, counts, rate, time left, failures and, with a queue, what the
 *  workers are doing. At most 100 columns. */
export function batchText(p: BatchProgress, elapsedSeconds: number): string {
  const rate = elapsedSeconds > 0 ? p.done / elapsedSeconds : 0;
  const left = rate > 0 ? (p.total - p.done) / rate : null;
  const parts = [`${bar(p.done, p.total, 24)} ${p.done}/${p.total}`, `${rate.toFixed(1)}/s`];
  if (left !== null && p.done < p.total) parts.push(`${clock(left)} left`);
  if (p.invalid + p.failed > 0) parts.push(`${p.invalid + p.failed} failed`);
  if (p.queue !== undefined) {
    const q = p.queue;
    parts.push(`queue: ${q.waiting} waiting, ${q.active} active${q.delayed > 0 ? `, ${q.delayed} retrying` : ''}, ${q.workers} worker${q.workers === 1 ? '' : 's'}`);
  }
  return parts.join('  ').slice(0, WIDTH);
}

/** `[######..........]`: `width` cells filled in proportion (full when there is nothing to do). */
export function bar(done: number, total: number, width: number): string {
  const filled = Math.round((total === 0 ? 1 : Math.min(1, done / total)) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

/** 75 → "1:15", 3725 → "1:02:05". */
export function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Loads the inputs and runs `analyze`, the progress of both drawn on the terminal (loading,
 *  then the pipeline's stages), the line cleared whatever the outcome. The pipeline is imported
 *  here, not above, so that `import` can draw progress without loading it. */
export async function analyzeWithProgress(
  io: Io, load: () => Promise<AnalyzeInput>, options: AnalyzeOptions,
): Promise<{ input: AnalyzeInput; report: Report }> {
  const progress = stageProgress(io, 'analysing');
  try {
    progress.update({ stage: 'loading portfolio and market data', done: 0, total: 1 });
    const input = await load();
    const { analyze } = await import('../pipeline/analyze.js');
    return { input, report: analyze(input, options, (p) => progress.update(p)) };
  } finally {
    progress.end();
  }
}

function paint(label: string, colour: boolean): string {
  return colour ? `\x1b[36m${label}\x1b[0m` : label;
}

/** `head` (possibly coloured, `visible` characters shown) and `rest`, cut to 100 visible columns. */
function fit(head: string, rest: string, visible: number): string {
  return `${head}${rest.slice(0, Math.max(0, WIDTH - visible))}`;
}
