import { analyze, type AnalyzeInput, type AnalyzeOptions, type AnalyzeProgress } from '../pipeline/analyze.js';
import type { Report } from '../report/schema.js';
import type { Io } from './io.js';

/** Draws an analysis's progress on one line of stderr, redrawn in place — only on a terminal, so
 *  pipes and files get nothing. Colour only without NO_COLOR (https://no-color.org). At most ten
 *  redraws a second within a stage; `end()` clears the line before the report is printed. */
export function analysisProgress(io: Io, now: () => number = () => performance.now()): { update(p: AnalyzeProgress): void; end(): void } {
  if (!io.isTTY) return { update: () => undefined, end: () => undefined };
  const colour = io.env.NO_COLOR === undefined || io.env.NO_COLOR === '';
  const started = now();
  let stage = '';
  let drawn = -Infinity;
  let shown = false;
  return {
    update(p) {
      const t = now();
      if (p.stage === stage && t - drawn < 100) return;
      stage = p.stage;
      drawn = t;
      shown = true;
      io.stderr(`\r\x1b[K${progressText(p, (t - started) / 1000, colour)}`);
    },
    end() {
      if (shown) io.stderr('\r\x1b[K');
    },
  };
}

/** `analysing: walk-forward tests [######......] 3/8  2.1 s`, at most 100 columns. */
export function progressText(p: AnalyzeProgress, seconds: number, colour: boolean): string {
  const width = 16;
  const bar = p.total > 1 ? ` [${'#'.repeat(Math.round((p.done / p.total) * width)).padEnd(width, '.')}] ${p.done}/${p.total}` : '';
  const label = colour ? `\x1b[36manalysing\x1b[0m` : 'analysing';
  return `${label}: ${p.stage}${bar}  ${seconds.toFixed(1)} s`.slice(0, colour ? 109 : 100);
}

/** `analyze` with its progress drawn on the terminal, the line cleared whatever the outcome. */
export function analyzeWithProgress(io: Io, input: AnalyzeInput, options: AnalyzeOptions): Report {
  const progress = analysisProgress(io);
  try {
    return analyze(input, options, (p) => progress.update(p));
  } finally {
    progress.end();
  }
}

