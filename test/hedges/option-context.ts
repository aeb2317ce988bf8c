import { readFileSync } from 'node:fs';
import type { OptionChain } from '../../src/data/types.js';
import { optionMarket, type OptionMarket } from '../../src/hedges/option-pricing.js';
import type { HedgeContext } from '../../src/hedges/types.js';
import { DEFAULT_OPTIONS } from '../../src/pipeline/analyze.js';

/** The reference vectors of test/reference/hedges/make-option-hedge-vectors.py. */
export type Replication = {
  premium: number; initialDelta: number; value: number; payoff: number; trackingError: number; cost: number; entryCost: number; trades: number;
};
export type OptionHedgeVectors = {
  hull: {
    path: number[]; yearsToExpiry: number[]; strike: number; rate: number; volatility: number; publishedDeltas: number[];
    publishedNetCostThousands: number; options: number; hullRoundedCumulativeCostThousands: number; exact: Replication;
    exactNetCostPerOption: number;
  };
  replication: {
    prices: number[]; yearsToExpiry: number[]; result: Replication; frictionless: Replication;
    settings: { type: 'put'; strike: number; rate: number; dividendYield: number; volatility: number; band: number; halfSpread: number; commissionPerShare: number };
  };
  zeroCost: { spot: number; putStrike: number; rate: number; dividendYield: number; volatility: number; timeYears: number; putPremium: number; callStrike: number }[];
  aaplModel: { spot: number; volatility: number; rate: number; strikeStep: number; grid: { days: number; floor: number; strike: number; unitPremium: number; premiumFraction: number }[] };
  aaplChain: { underlyingPrice: number; rate: number; quotes: { type: 'call' | 'put'; strike: number; mid: number; impliedVolatility: number | null }[] };
  aaplBacktest: {
    asOf: string; moneyness: number; band: number; rate: number; halfSpread: number; commissionPerShare: number;
    runs: { start: string; end: string; volatility: number; premium: number; trackingError: number; cost: number; trades: number; putPnl: number; hedgePnl: number }[];
    summary: { runs: number; meanTrackingError: number; trackingErrorStd: number; worstTrackingError: number };
  };
};

export const vectors = JSON.parse(readFileSync('test/reference/hedges/option-hedge-vectors.json', 'utf8')) as OptionHedgeVectors;

export const SAMPLE_CHAIN = 'data/sample/aapl_chain_2016-09-06.json';

/** A one-holding context for property tests: `quantity` shares of XYZ at `spot`, one price of
 *  history (so no backtest), the default costs. */
export function syntheticContext(o: {
  spot: number; volatility: number; rate: number; quantity?: number; dividendYield?: number; chains?: OptionChain[]; asOf?: string;
}): HedgeContext {
  const asOf = o.asOf ?? '2024-06-14';
  const quantity = o.quantity ?? 1000;
  return {
    portfolio: { positions: [{ instrument: { kind: 'equity', symbol: 'XYZ' }, quantity }], cash: 0, currency: 'USD' },
    target: 'XYZ', targetQuantity: quantity,
    snapshot: {
      asOf, prices: { XYZ: o.spot }, volatilities: { XYZ: o.volatility }, rate: o.rate, dividendYields: { XYZ: o.dividendYield ?? 0 },
    },
    history: { dates: [asOf], symbols: ['XYZ'], columns: [Float64Array.of(o.spot)] },
    asOfIndex: 0, lookbackDays: 756, horizonDays: 10, costs: DEFAULT_OPTIONS.costs, prices: [], chains: o.chains ?? [], creditProxies: [],
  };
}

/** The option market of a context that must have one (a chain, or a target volatility). */
export function marketOf(ctx: HedgeContext): OptionMarket {
  const market = optionMarket(ctx);
  if (!market) throw new Error(`no option market for ${ctx.target}: no chain and no volatility`);
  return market;
}
