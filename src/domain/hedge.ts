import type { Position } from './portfolio.js';

/** Itemised cost of putting a hedge on, in currency (positive = the hedger pays). */
export type HedgeCost = {
  /** Option premium paid (negative when premium is received, e.g. a short call). */
  premium: number;
  /** Half the bid–ask spread crossed, and commissions. */
  transaction: number;
  /** Stock-borrow fee for shorts over the horizon. */
  borrow: number;
  /** Other running costs accrued to the horizon: futures roll carry, the rebalancing trades of a
   *  dynamic hedge. */
  carry: number;
  total: number;
  /** `total` as a fraction of the hedged holding's value. */
  fractionOfTarget: number;
};

/** How a hedge was sized from history, so that it can be re-estimated out of sample: regress the
 *  target's daily returns on the instruments' (with an intercept) and hold `ratios` of them. */
export type HedgeEstimation = {
  /** 'ols': one instrument, ordinary least squares; 'nnls': several, weights kept ≥ 0. */
  method: 'ols' | 'nnls';
  /** Price-series symbols of the hedge instruments, in the order of `ratios`. */
  instruments: string[];
  /** 'log': log returns (ratios are value of instrument per value of target); 'differences':
   *  price changes (ratios are units of instrument price per unit of target price) — for series
   *  that can go negative. */
  returns: 'log' | 'differences';
  /** The in-sample estimates the legs were sized with. */
  ratios: number[];
  /** Trading days the in-sample estimates used. */
  lookbackDays: number;
};

/** A way to hedge the target: just more positions (legs) added to the portfolio, with what
 *  they cost and why. Evaluation never looks at `kind`; it values the legs. */
export type Hedge = {
  kind: string;
  name: string;
  legs: Position[];
  /** Choices that define this candidate (strike, ratio, expiry…), for the report. */
  parameters: Record<string, number | string>;
  cost: HedgeCost;
  rationale: string;
  warnings: string[];
  /** Present for hedges sized by a regression on history (shorts of peers, ETFs, baskets,
   *  futures, bonds): the evaluation re-estimates them out of sample. */
  estimation?: HedgeEstimation;
};
