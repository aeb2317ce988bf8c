/** Speed of American options in the double-boundary regime (a put with q < r < 0), which
 *  bench/pricing.ts's box (q ≥ 0) never reaches: there the finite-difference grid prices, and
 *  Greeks cost the value plus two bumped values each for vega, rho and dividend rho.
 *  Run: npm run build && node dist/bench/pricing-american-double-boundary.js
 *  (single thread; a fixed sample; about 30 s). Compare builds side by side in one run of the
 *  machine, as timings of a shared machine drift. */

import { type OptionSpec, optionGreeks, priceOption } from '../src/pricing/index.js';

/** Park–Miller minimal standard generator: a fixed, documented stream of uniforms. */
function uniforms(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
}

const corner: OptionSpec = { type: 'put', style: 'american', spot: 100, strike: 100, rate: -0.5, dividendYield: -0.99, volatility: 0.2, timeYears: 30 };

/** 24 puts over the regime: r ∈ [−0.3, 0), q up to 0.2 below it, σ ∈ [0.1, 0.6], T ∈ [0.1, 10]
 *  (denser at short maturities), S/K ∈ [0.7, 1.4]. */
function regimeSample(): OptionSpec[] {
  const u = uniforms(99);
  return Array.from({ length: 24 }, () => {
    const rate = -0.3 * u() - 0.001;
    return { ...corner, rate, dividendYield: rate - 0.2 * u() - 0.001, volatility: 0.1 + 0.5 * u(),
      timeYears: 0.1 + 9.9 * u() ** 2, spot: 70 + 70 * u() };
  });
}

/** Milliseconds per call: whole passes over the list for at least `seconds`, best of three. */
function msPerCall(f: (o: OptionSpec) => unknown, list: OptionSpec[], seconds: number): number {
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const start = process.hrtime.bigint();
    let calls = 0;
    while (calls === 0 || Number(process.hrtime.bigint() - start) < seconds * 1e9) {
      for (const o of list) f(o);
      calls += list.length;
    }
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6 / calls);
  }
  return best;
}

function main(): void {
  const sets: [string, OptionSpec[]][] = [
    ['put S = K = 100, r = −0.5, q = −0.99, σ = 0.2, T = 30', [corner]],
    ['the same, T = 5', [{ ...corner, timeYears: 5 }]],
    ['24 puts over the regime (T ≤ 10)', regimeSample()],
  ];
  process.stdout.write(`American double-boundary regime — node ${process.version}, single thread, ms per option (best of 3)\n`);
  for (const [name, list] of sets) {
    const price = msPerCall(priceOption, list, 1.5);
    const greeks = msPerCall(optionGreeks, list, 1.5);
    process.stdout.write(`  ${name.padEnd(56)} value ${price.toFixed(1).padStart(6)}  value and Greeks ${greeks.toFixed(1).padStart(6)}\n`);
  }
}

main();
