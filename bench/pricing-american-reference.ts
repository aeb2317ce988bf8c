/** Generates test/reference/pricing/american.json: American values over the parameter
 *  box from three independent computations —
 *    converged: our ALO engine far past convergence (Chebyshev degree 48, 48 + 128 quadrature
 *               points, 24 sweeps; self-consistent to ~1e-13),
 *    fd:        our Crank–Nicolson solver, Richardson over 1600×800 and 3200×1600,
 *    quantlib:  QuantLib 1.29 QdFp high-precision scheme (bench/peers/quantlib_american.py), when
 *               /usr/bin/python3 with QuantLib is available.
 *  Run: npm run build && node dist/bench/pricing-american-reference.js > test/reference/pricing/american.json
 *  (≈10 minutes, single thread; the cases are drawn from a fixed seed). */

import { execFileSync } from 'node:child_process';
import { americanPrice } from '../src/pricing/american.js';
import { fdAmericanPutExtrapolated } from '../src/pricing/american-fd.js';

const CONVERGED = { chebyshevDegree: 48, fixedPointNodes: 48, priceNodes: 128, sweeps: 24 };
const FD_GRID = { spaceSteps: 1600, timeSteps: 800 };
const COUNT = 300;

/** Park–Miller minimal standard generator: a fixed, documented stream of uniforms. */
function uniforms(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
}

type Case = { type: 'call' | 'put'; spot: number; strike: number; rate: number; dividendYield: number;
  volatility: number; days: number };

function cases(): Case[] {
  const u = uniforms(20240505);
  const out: Case[] = [];
  for (let i = 0; i < COUNT; i++) {
    // S ∈ [1, 1000] and K/S ∈ [0.5, 2] log-uniform; σ ∈ [0.05, 1], r ∈ [−1 %, 10 %], q ∈ [0, 8 %]
    // uniform; T ∈ [1 day, 5 years] log-uniform in whole days (ACT/365F, as QuantLib dates).
    const spot = Math.exp(Math.log(1000) * u());
    const strike = spot * Math.exp(Math.log(0.5) + Math.log(4) * u());
    const volatility = 0.05 + 0.95 * u();
    const rate = -0.01 + 0.11 * u();
    const dividendYield = 0.08 * u();
    const days = Math.max(1, Math.round(Math.exp(Math.log(5 * 365) * u())));
    out.push({ type: u() < 0.5 ? 'call' : 'put', spot, strike, rate, dividendYield, volatility, days });
  }
  return out;
}

function quantlib(list: Case[]): ({ qdfp: number | null } | null)[] {
  try {
    const text = execFileSync('/usr/bin/python3', [new URL('../../bench/peers/quantlib_american.py', import.meta.url).pathname],
      { input: JSON.stringify(list), maxBuffer: 1 << 26 });
    return JSON.parse(text.toString()) as { qdfp: number | null }[];
  } catch {
    return list.map(() => null);
  }
}

function main(): void {
  const list = cases();
  const ql = quantlib(list);
  const rows = list.map((c, i) => {
    const theta = c.type === 'call' ? 1 : -1;
    const t = c.days / 365;
    const converged = americanPrice(theta, c.spot, c.strike, c.rate, c.dividendYield, c.volatility, t, CONVERGED);
    // FD prices puts; calls through the same symmetry C(S, K, r, q) = P(K, S, q, r).
    const fd = theta > 0
      ? fdAmericanPutExtrapolated(c.strike, c.spot, c.dividendYield, c.rate, c.volatility, t, FD_GRID).value
      : fdAmericanPutExtrapolated(c.spot, c.strike, c.rate, c.dividendYield, c.volatility, t, FD_GRID).value;
    return { ...c, timeYears: t, converged, fd: Math.max(fd, theta * (c.spot - c.strike)),
      quantlib: ql[i]?.qdfp ?? null };
  });
  process.stdout.write('{"source": "bench/pricing-american-reference.ts",\n"cases": [\n');
  process.stdout.write(rows.map((r) => JSON.stringify(r)).join(',\n'));
  process.stdout.write('\n]}\n');
}

main();
