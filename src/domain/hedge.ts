import type { Position } from './portfolio.js';

/** Itemised cost of putting a hedge on, in currency (positive = the hedger pays). */
export type HedgeCost = {
  /** Option premium paid (negative when premium is received, e.g. a short call). */
  premium: number;
  /** Half the bid–ask spread crossed, and commissions. */
  transaction: number;
  /** Stock-borrow fee for shorts over the horizon. */
  borrow: number;
  /** Financing / carry over the horizon (e.g. futures roll). */
  carry: number;
  total: number;
  /** `total` as a fraction of the hedged holding's value. */
  fractionOfTarget: number;
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
};
