import type { Hedge } from '../domain/hedge.js';
import type { MarketSnapshot, ScenarioSet } from '../domain/market.js';
import type { Portfolio } from '../domain/portfolio.js';
import { addPositionPnl, positionValue } from './valuation.js';

/** P&L in currency per scenario, before and after adding a hedge's legs. */
export type PnlPair = { before: Float64Array; after: Float64Array };

export type HedgePnl = {
  hedge: Hedge;
  /** The legs' P&L net of the costs taken off (the hedge as one block). */
  legs: Float64Array;
  /** The target holding plus the hedge's legs. */
  asset: PnlPair;
  /** The whole portfolio plus the hedge's legs. */
  portfolio: PnlPair;
};

export type ScenarioPnl = {
  asset: Float64Array;
  portfolio: Float64Array;
  /** Each holding's own P&L (they sum to `portfolio`), with its market value today. */
  positions: { symbol: string; pnl: Float64Array; value: number }[];
  hedges: HedgePnl[];
};

/** Values the target, the portfolio and every hedge on the SAME scenarios, so hedges of every
 *  kind are compared on one footing. Costs that are lost on the way in (half-spread,
 *  commissions) or accrue to the horizon (borrow, carry) are taken off the hedged P&L; the
 *  premium is not, because the option bought is marked to model at the horizon. */
export function scenarioPnl(
  portfolio: Portfolio, target: string, hedges: Hedge[], snapshot: MarketSnapshot, scenarios: ScenarioSet,
): ScenarioPnl {
  const asset = new Float64Array(scenarios.count);
  const whole = new Float64Array(scenarios.count);
  const positions = portfolio.positions.map((position) => {
    const pnl = new Float64Array(scenarios.count);
    addPositionPnl(position, snapshot, scenarios, pnl);
    const into = position.instrument.symbol === target ? [whole, asset] : [whole];
    for (const sum of into) for (let i = 0; i < scenarios.count; i++) sum[i] = (sum[i] as number) + (pnl[i] as number);
    return { symbol: position.instrument.symbol, pnl, value: positionValue(position, snapshot) };
  });
  return {
    asset,
    portfolio: whole,
    positions,
    hedges: hedges.map((hedge) => {
      const legs = new Float64Array(scenarios.count);
      for (const leg of hedge.legs) addPositionPnl(leg, snapshot, scenarios, legs);
      const drag = hedge.cost.transaction + hedge.cost.borrow + hedge.cost.carry;
      const assetAfter = new Float64Array(scenarios.count);
      const portfolioAfter = new Float64Array(scenarios.count);
      for (let i = 0; i < scenarios.count; i++) {
        const l = (legs[i] as number) - drag;
        legs[i] = l;
        assetAfter[i] = (asset[i] as number) + l;
        portfolioAfter[i] = (whole[i] as number) + l;
      }
      return { hedge, legs, asset: { before: asset, after: assetAfter }, portfolio: { before: whole, after: portfolioAfter } };
    }),
  };
}
