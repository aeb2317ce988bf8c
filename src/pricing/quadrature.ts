/** Gauss–Legendre nodes and weights on [−1, 1], by Newton's method on the three-term recurrence
 *  (Press et al., Numerical Recipes 3rd ed. §4.6.1), starting from Tricomi's approximation
 *  x_i ≈ cos(π(i − 1/4)/(n + 1/2)). Exact for polynomials of degree ≤ 2n − 1. */
export function gaussLegendre(n: number): { nodes: Float64Array; weights: Float64Array } {
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  const half = Math.floor((n + 1) / 2);
  for (let i = 0; i < half; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 1;
    for (let iteration = 0; iteration < 100; iteration++) {
      let p0 = 1;
      let p1 = 0;
      for (let k = 1; k <= n; k++) {
        const p2 = p1;
        p1 = p0;
        p0 = ((2 * k - 1) * x * p1 - (k - 1) * p2) / k; // P_k(x)
      }
      derivative = (n * (x * p0 - p1)) / (x * x - 1); // P_n'(x)
      const step = p0 / derivative;
      x -= step;
      if (Math.abs(step) <= 1e-16 * Math.max(1, Math.abs(x))) break;
    }
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    const w = 2 / ((1 - x * x) * derivative * derivative);
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  return { nodes, weights };
}

/** Chebyshev–Lobatto points z_k = cos(kπ/n), k = 0…n (from +1 down to −1). */
export function chebyshevLobatto(n: number): Float64Array {
  const z = new Float64Array(n + 1);
  for (let k = 0; k <= n; k++) z[k] = Math.cos((k * Math.PI) / n);
  return z;
}

/** Row of the barycentric interpolation matrix at point `at` for the Chebyshev–Lobatto points
 *  `z` (weights (−1)^k, halved at both ends; Berrut & Trefethen, SIAM Review 46 (2004) 501–517):
 *  p(at) = Σ_k row[k]·f(z_k). Written into `row` (length z.length). */
export function chebyshevInterpolationRow(z: Float64Array, at: number, row: Float64Array): void {
  const n = z.length - 1;
  let exact = -1;
  for (let k = 0; k <= n; k++) {
    if (at === z[k]) exact = k;
  }
  if (exact >= 0) {
    row.fill(0);
    row[exact] = 1;
    return;
  }
  let sum = 0;
  for (let k = 0; k <= n; k++) {
    const w = (k % 2 === 0 ? 1 : -1) * (k === 0 || k === n ? 0.5 : 1);
    const term = w / (at - (z[k] as number));
    row[k] = term;
    sum += term;
  }
  for (let k = 0; k <= n; k++) row[k] = (row[k] as number) / sum;
}
