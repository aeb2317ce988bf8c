/** The p-quantile of an ascending-sorted sample by linear interpolation between order
 *  statistics: Hyndman & Fan (1996), "Sample quantiles in statistical packages", definition 7
 *  (R's default, numpy.quantile's default method "linear"). With h = (n − 1)·p, the result is
 *  x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 *
 *  Kernel: `sorted` must be non-empty, ascending and free of NaN, and 0 ≤ p ≤ 1; only the
 *  cheap checks (length, p) are made. The interpolation is written the way numpy's `_lerp`
 *  does it (from the upper point when the weight is ≥ ½), which keeps the result inside
 *  [x[⌊h⌋], x[⌊h⌋+1]] under rounding and makes results match numpy to the last bit or two. */
export function quantileType7(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantile of an empty sample');
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile level must be in [0, 1], got ${p}`);
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  if (lo >= n - 1) return a;
  const b = sorted[lo + 1]!;
  const t = h - lo;
  const d = b - a;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}
