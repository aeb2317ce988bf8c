/** The outcome of an estimator that may legitimately have no answer on valid data (too few
 *  observations, a constant series). Either `{ ok: true, value }` or `{ ok: false, reason }`
 *  with a sentence a report can print; never a silent NaN (STYLE.md §2). */
export type Estimate<T> = { ok: true; value: T } | { ok: false; reason: string };

export function estimated<T>(value: T): Estimate<T> {
  return { ok: true, value };
}

export function notEstimable<T>(reason: string): Estimate<T> {
  return { ok: false, reason };
}
