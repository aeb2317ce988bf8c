import type { BatchProgress } from './run-batch.js';

/** One progress line for a terminal: a bar, counts, rate, time left, failures and, with a
 *  queue, what the workers are doing. At most 100 columns. */
export function progressLine(p: BatchProgress, elapsedSeconds: number): string {
  const width = 24;
  const fraction = p.total === 0 ? 1 : p.done / p.total;
  const filled = Math.round(fraction * width);
  const rate = elapsedSeconds > 0 ? p.done / elapsedSeconds : 0;
  const left = rate > 0 ? (p.total - p.done) / rate : null;
  const parts = [`[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total}`, `${rate.toFixed(1)}/s`];
  if (left !== null && p.done < p.total) parts.push(`${clock(left)} left`);
  if (p.invalid + p.failed > 0) parts.push(`${p.invalid + p.failed} failed`);
  if (p.queue !== undefined) {
    const q = p.queue;
    parts.push(`queue: ${q.waiting} waiting, ${q.active} active${q.delayed > 0 ? `, ${q.delayed} retrying` : ''}, ${q.workers} worker${q.workers === 1 ? '' : 's'}`);
  }
  return parts.join('  ').slice(0, 100);
}

/** 75 → "1:15", 3725 → "1:02:05". */
export function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
