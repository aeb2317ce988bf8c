// Return series from price series. Kernels: they assume finite prices (and, for the log and
// simple forms, strictly positive ones) because validation happens in src/data; a zero or
// negative price here would give -Infinity/NaN. Series that can go negative (futures spreads,
// WTI in April 2020) must use `priceDifferences` instead (issue 5; DESIGN.md "Minimum-variance
// hedge ratio").
//
// With lag > 1 the windows overlap: element t covers prices t .. t+lag, so consecutive
// elements share lag−1 periods (the historical-scenario convention in DESIGN.md). Overlapping
// returns are autocorrelated; standard errors computed from them as if independent are too small.

/** ln(P[t+lag] / P[t]) for t = 0 .. n−lag−1; empty when n ≤ lag. */
export function logReturns(prices: Float64Array, lag = 1): Float64Array {
  const out = new Float64Array(outputLength(prices.length, lag));
  for (let t = 0; t < out.length; t++) {
    out[t] = Math.log(prices[t + lag]! / prices[t]!);
  }
  return out;
}

/** P[t+lag] / P[t] − 1 for t = 0 .. n−lag−1; empty when n ≤ lag. */
export function simpleReturns(prices: Float64Array, lag = 1): Float64Array {
  const out = new Float64Array(outputLength(prices.length, lag));
  for (let t = 0; t < out.length; t++) {
    out[t] = prices[t + lag]! / prices[t]! - 1;
  }
  return out;
}

/** P[t+lag] − P[t] for t = 0 .. n−lag−1; empty when n ≤ lag. Defined for any finite prices. */
export function priceDifferences(prices: Float64Array, lag = 1): Float64Array {
  const out = new Float64Array(outputLength(prices.length, lag));
  for (let t = 0; t < out.length; t++) {
    out[t] = prices[t + lag]! - prices[t]!;
  }
  return out;
}

function outputLength(n: number, lag: number): number {
  if (!Number.isInteger(lag) || lag < 1) {
    throw new RangeError(`lag must be a positive integer, got ${lag}`);
  }
  return Math.max(0, n - lag);
}
