import type { CapitalStructure, OptionChain, PriceSeries } from '../data/types.js';
import type { Hedge } from '../domain/hedge.js';
import type { Instrument } from '../domain/instruments.js';
import type { MarketSnapshot, PriceHistory } from '../domain/market.js';
import type { Portfolio } from '../domain/portfolio.js';

/** Trading-cost assumptions (docs/model-notes.md explains each default). Rates are annual
 *  decimals; amounts are in the portfolio currency. */
export type CostAssumptions = {
  /** Annual stock-borrow fee for shorts, as a decimal of the short's value (general collateral). */
  borrowFeeAnnual: number;
  /** Per-symbol borrow fees that override `borrowFeeAnnual` (hard-to-borrow names). */
  borrowFeeBySymbol: Record<string, number>;
  /** Half the bid–ask spread of shares and ETFs, as a decimal of the traded value. */
  shareHalfSpread: number;
  /** Commission per share or ETF unit traded. */
  commissionPerShare: number;
  /** Half the bid–ask spread of a model-priced option, as a decimal of its premium. */
  optionHalfSpread: number;
  /** Commission per option contract. */
  commissionPerContract: number;
};

/** What the user allows. Applied by the pipeline to every kind's candidates, so a kind never
 *  has to check them itself. */
export type HedgeConstraints = {
  /** Largest acceptable `cost.total`, in currency; undefined = no budget. */
  budget?: number;
  /** The target cannot be sold or shorted (employee stock, a lock-up, tax): no leg may short it. */
  noShortTarget: boolean;
  /** Instrument kinds a hedge may use; undefined = all. */
  allowedInstruments?: Instrument['kind'][];
};

/** Everything a hedge generator may look at. Read-only: generators return legs, never mutate. */
export type HedgeContext = {
  portfolio: Portfolio;
  target: string;
  /** Signed quantity of the target held. */
  targetQuantity: number;
  snapshot: MarketSnapshot;
  /** Aligned prices up to and including the as-of date. */
  history: PriceHistory;
  /** Index of the as-of date in `history.dates`. */
  asOfIndex: number;
  /** Trading days of history used for estimation. */
  lookbackDays: number;
  horizonDays: number;
  costs: CostAssumptions;
  /** Every price series loaded, unaligned, for kinds that need more history than the lookback
   *  (backtests, roll statistics): align what you need with `alignPrices`. */
  prices: readonly PriceSeries[];
  /** Option chains loaded. A chain prices a hedge only if quoted on the as-of date. */
  chains: readonly OptionChain[];
  /** Bond indices in the history that stand for credit (symbol and what it is). */
  creditProxies: readonly { symbol: string; description: string }[];
  /** The target issuer's capital structure over time (Merton model inputs), if supplied. */
  capitalStructure?: CapitalStructure;
};

/** The annual borrow fee for shorting `symbol`. */
export function borrowFee(costs: CostAssumptions, symbol: string): number {
  return costs.borrowFeeBySymbol[symbol] ?? costs.borrowFeeAnnual;
}

/** One way of hedging; `candidates` proposes concrete hedges (legs, cost, rationale). Adding a
 *  kind = one file exporting a HedgeKind + one line in registry.ts. */
export type HedgeKind = {
  kind: string;
  summary: string;
  /** 'macro' for hedges of the whole portfolio (the contrast the report sets apart); default
   *  'micro', a hedge of the target. */
  scope?: 'micro' | 'macro';
  candidates(ctx: HedgeContext): Hedge[];
};
