// Which hedge to pick: risk removed per unit of cost, the efficient set of cost against
// portfolio ES, the size of each hedge that minimises portfolio ES within the budget, and the
// best pair of hedges. All from the scenario P&L already computed (evaluate-hedges.ts): a
// hedge's legs P&L is linear in its size (every leg and its costs scale with the number of
// contracts or shares), so scaling a hedge is scaling its P&L column — nothing is revalued.

import { yearFraction } from '../domain/dates.js';
import type { Hedge } from '../domain/hedge.js';
import { tailRisk } from './contributions.js';
import type { HedgePnl } from './evaluate-hedges.js';

/** Sizes tried, as multiples of the proposed hedge: 0, 0.1, …, 2; pairs on a coarser grid so
 *  the search stays cheap on 100,000 scenarios. */
const SCALES = Array.from({ length: 21 }, (_, k) => k / 10);
const PAIR_SCALES = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2];

export type HedgeRanking = {
  /** Cost per year of holding the hedge: entry costs (premium, spread, commissions) spread over
   *  the hedge's term (the longest option leg's time to expiry; one year for shares and
   *  futures, re-established yearly) plus the running costs (borrow, carry) at their rate. */
  annualCost: number;
  /** Portfolio ES removed (at the highest confidence level), in currency. */
  esReduction: number;
  /** esReduction / annualCost: ES removed per 1.00 of cost a year (null when it costs nothing). */
  esReductionPerCost: number | null;
  /** On the efficient frontier: no cheaper hedge (per year) leaves a lower portfolio ES. */
  efficient: boolean;
  /** 1 = the most ES removed per unit of cost. */
  rank: number;
  /** The multiple of the proposed size that minimises portfolio ES within the budget. */
  bestScale: number;
  esAtBestScale: number;
  costAtBestScale: number;
};

export type Combination = {
  hedges: { name: string; scale: number }[];
  es: number;
  cost: number;
  esReduction: number;
};

/** Ranks the hedges (see the file comment). `level` is the ES confidence level; `budget` caps
 *  `cost.total` of a scaled hedge (Infinity for none); `asOf` dates option terms; only hedges
 *  `combinable` says yes to (the micro-hedges) enter the best pair. */
export function rankHedges(
  portfolio: Float64Array, hedges: readonly HedgePnl[], level: number, budget: number, asOf: string, horizonDays: number,
  combinable: (h: Hedge) => boolean,
): { rankings: Map<Hedge, HedgeRanking>; combination: Combination | null } {
  const scratch = new Float64Array(portfolio.length);
  const mixed = new Float64Array(portfolio.length);
  const esOf = (parts: { legs: Float64Array; scale: number }[]) => {
    mixed.set(portfolio);
    for (const { legs, scale } of parts) for (let i = 0; i < mixed.length; i++) mixed[i] = mixed[i]! + scale * legs[i]!;
    return tailRisk(mixed, level, scratch).es;
  };
  const before = esOf([]);
  const rows = hedges.map((h) => {
    const es = esOf([{ legs: h.legs, scale: 1 }]);
    const annualCost = annualiseCost(h.hedge, asOf, horizonDays);
    let best = { scale: 1, es, cost: h.hedge.cost.total };
    for (const scale of SCALES) {
      const cost = scale * h.hedge.cost.total;
      if (cost > budget) continue;
      const e = scale === 1 ? es : esOf([{ legs: h.legs, scale }]);
      if (e < best.es - 1e-9 * Math.abs(best.es)) best = { scale, es: e, cost };
    }
    return { h, es, annualCost, esReduction: before - es, best };
  });
  const rankings = new Map<Hedge, HedgeRanking>();
  const byValue = [...rows].sort((a, b) => value(b) - value(a));
  for (const r of rows) {
    rankings.set(r.h.hedge, {
      annualCost: r.annualCost,
      esReduction: r.esReduction,
      esReductionPerCost: r.annualCost > 0 ? r.esReduction / r.annualCost : null,
      efficient: !rows.some((o) => o.annualCost <= r.annualCost && o.es < r.es),
      rank: byValue.indexOf(r) + 1,
      bestScale: r.best.scale,
      esAtBestScale: r.best.es,
      costAtBestScale: r.best.cost,
    });
  }
  const pairable = rows.filter((r) => rankings.get(r.h.hedge)!.efficient && combinable(r.h.hedge));
  return { rankings, combination: bestPair(pairable, esOf, budget, before) };
}

/** ES removed per unit of cost, with free hedges first (by ES removed) and harmful ones last. */
function value(r: { esReduction: number; annualCost: number }): number {
  if (r.annualCost <= 0) return r.esReduction > 0 ? Number.MAX_VALUE / 2 + r.esReduction : r.esReduction;
  return r.esReduction / r.annualCost;
}

/** The pair of efficient hedges, each at a size from SCALES, with the lowest portfolio ES
 *  within the budget; null when no pair beats the best single hedge. A small exhaustive search:
 *  at most 6 hedges → 15 pairs × 7² sizes. */
function bestPair(
  rows: { h: HedgePnl; es: number; best: { es: number } }[],
  esOf: (parts: { legs: Float64Array; scale: number }[]) => number, budget: number, before: number,
): Combination | null {
  const pool = [...rows].sort((a, b) => a.best.es - b.best.es).slice(0, 6);
  const single = pool[0]?.best.es ?? Infinity;
  let best: Combination | null = null;
  for (let a = 0; a < pool.length; a++) {
    for (let b = a + 1; b < pool.length; b++) {
      const [x, y] = [pool[a]!.h, pool[b]!.h];
      // Two legs of one trade (e.g. two sizes of one short) are one hedge, not a combination.
      if (x.hedge.kind === y.hedge.kind) continue;
      for (const sx of PAIR_SCALES) {
        for (const sy of PAIR_SCALES) {
          const cost = sx * x.hedge.cost.total + sy * y.hedge.cost.total;
          if (cost > budget) continue;
          const es = esOf([{ legs: x.legs, scale: sx }, { legs: y.legs, scale: sy }]);
          if (es < single && (best === null || es < best.es)) {
            best = { hedges: [{ name: x.hedge.name, scale: sx }, { name: y.hedge.name, scale: sy }], es, cost, esReduction: before - es };
          }
        }
      }
    }
  }
  return best;
}

/** See HedgeRanking.annualCost. */
export function annualiseCost(h: Hedge, asOf: string, horizonDays: number): number {
  const terms = h.legs.flatMap((l) => (l.instrument.kind === 'option' && l.quantity > 0 ? [yearFraction(asOf, l.instrument.expiry)] : []));
  const term = terms.length > 0 ? Math.max(...terms) : 1;
  const entry = h.cost.premium + h.cost.transaction;
  return entry / Math.max(term, 1 / 365) + (h.cost.borrow + h.cost.carry) * (252 / horizonDays);
}
