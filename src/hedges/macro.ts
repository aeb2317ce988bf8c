// The macro-hedge, the contrast to every micro-hedge: instead of hedging the one holding, take out
// the whole portfolio's market exposure — sell index futures (or the index ETF) against the
// portfolio's beta, or buy index puts on it. The same scenario engine values them, so the report
// shows how much of the TARGET's risk a market hedge leaves (usually most of it).

import { futuresSpec } from '../domain/contracts.js';
import { addCalendarDays, yearFraction } from '../domain/dates.js';
import type { Hedge } from '../domain/hedge.js';
import type { Future, OptionInstrument } from '../domain/instruments.js';
import { column } from '../domain/market.js';
import type { OptionChain, OptionQuote } from '../data/types.js';
import { impliedVolatility, priceOption } from '../pricing/index.js';
import { ImpliedVolatilityError } from '../pricing/errors.js';
import { TRADING_DAYS_PER_YEAR } from '../scenarios/historical.js';
import { olsRegression } from '../stats/regression.js';
import { logReturns, priceDifferences } from '../stats/returns.js';
import { betaAdjustmentContracts, nearbyExpiry, rollRule, tickSize, tradingCalendar } from './futures-math.js';
import { borrowFee, type HedgeContext, type HedgeKind } from './types.js';

/** Market indices the beta is measured against, in order of preference: SPY (adjusted close,
 *  dividends included, in the default sample to 2024) before the S&P 500 price index SPX. */
const BETA_INDICES = ['SPY', 'SPX'] as const;
/** Index options: SPX and SPY options are for 100 × the index / 100 shares. */
const INDEX_OPTION_MULTIPLIER = 100;
/** Index puts: 95 % of the index, about three months, as the protective put on the target. */
const PUT_MONEYNESS = 0.95;
const PUT_TERM_DAYS = 91;
/** Listed strike steps used when no chain is loaded: SPY $1, SPX 5 points. */
const STRIKE_STEP: Record<string, number> = { SPY: 1, SPX: 5 };

export type PortfolioBeta = {
  /** The index symbol the beta is measured against. */
  index: string;
  /** Σ_j V_j·β_j: the portfolio's P&L, in currency, per 1.00 log return of the index. */
  dollarBeta: number;
  /** dollarBeta / portfolioValue. */
  beta: number;
  /** Positions' market value plus cash (futures positions count 0: they are marked to market). */
  portfolioValue: number;
  /** Daily returns in the regressions. */
  observations: number;
  /** Positions left out of the beta (options: their delta needs a model the macro-hedge does not
   *  know here), by symbol. */
  excluded: string[];
};

/** The portfolio's beta to `index` over the lookback: for each equity or futures position, the
 *  OLS slope (with intercept) of its daily log returns on the index's, times its value today;
 *  a series that is not positive throughout (crude oil in April 2020) is regressed by its daily
 *  price changes instead, times the units held (DESIGN.md: price changes for what can go
 *  negative). Holdings without a price series in the history are left out. Undefined when the
 *  index is not in the history. */
export function portfolioBeta(ctx: HedgeContext, index: string): PortfolioBeta | undefined {
  const indexPrices = column(ctx.history, index);
  if (indexPrices === undefined) return undefined;
  const from = Math.max(0, ctx.asOfIndex - ctx.lookbackDays);
  const window = (p: Float64Array) => p.subarray(from, ctx.asOfIndex + 1);
  const indexReturns = logReturns(window(indexPrices));
  let dollarBeta = 0;
  let portfolioValue = ctx.portfolio.cash;
  const excluded: string[] = [];
  for (const position of ctx.portfolio.positions) {
    const i = position.instrument;
    const prices = column(ctx.history, i.symbol);
    if (i.kind === 'option' || prices === undefined) {
      excluded.push(i.symbol);
      continue;
    }
    const units = i.kind === 'future' ? i.multiplier : 1;
    const price = ctx.snapshot.prices[i.symbol] as number;
    if (i.kind !== 'future') portfolioValue += position.quantity * price;
    const p = window(prices);
    const positive = p.every((x) => x > 0);
    const fit = olsRegression(positive ? logReturns(p) : priceDifferences(p), indexReturns);
    // A constant price (a money-market fund) has no market exposure: beta 0.
    if (!fit.ok) continue;
    dollarBeta += position.quantity * units * fit.value.slope * (positive ? price : 1);
  }
  return {
    index, dollarBeta, beta: dollarBeta / portfolioValue, portfolioValue,
    observations: indexReturns.length, excluded,
  };
}

/** The index the portfolio's beta is measured against: the first of SPY, SPX in the history. */
function betaFor(ctx: HedgeContext): PortfolioBeta | undefined {
  const index = BETA_INDICES.find((s) => ctx.history.symbols.includes(s));
  return index === undefined ? undefined : portfolioBeta(ctx, index);
}

function describeBeta(b: PortfolioBeta, years: string): string {
  return `Regressing each holding's daily returns on ${b.index}'s over the last ${years} years (${b.observations} days) and ` +
    `weighting by today's values gives a portfolio beta of ${b.beta.toFixed(2)}: the ${money(b.portfolioValue)} portfolio ` +
    `moves like ${money(b.dollarBeta)} of the index.`;
}

function excludedWarning(b: PortfolioBeta): string[] {
  return b.excluded.length === 0 ? [] : [`Left out of the portfolio beta (no price series, or an option): ${b.excluded.join(', ')}.`];
}

/** Sell E-mini S&P 500 futures (or, when the E-mini has no price on the as-of date, short SPY as
 *  the index proxy) to bring the portfolio's beta to zero: N = (β* − β)·V_P/V_F with β* = 0
 *  (Hull, Options, Futures and Other Derivatives, §3.5). */
export const macroIndexFutures: HedgeKind = {
  kind: 'macro-index-futures',
  summary: "the macro-hedge: sell index futures (or short SPY) against the whole portfolio's beta",
  scope: 'macro',
  candidates(ctx: HedgeContext): Hedge[] {
    const b = betaFor(ctx);
    if (b === undefined || b.dollarBeta <= 0) return [];
    const years = (ctx.lookbackDays / TRADING_DAYS_PER_YEAR).toFixed(1);
    const targetValue = ctx.targetQuantity * (ctx.snapshot.prices[ctx.target] as number);
    const horizonYears = ctx.horizonDays / TRADING_DAYS_PER_YEAR;
    const parameters = { index: b.index, beta: b.beta, dollarBeta: b.dollarBeta, portfolioValue: b.portfolioValue, targetBeta: 0 };
    const spec = futuresSpec('ES');
    if (spec !== undefined && ctx.history.symbols.includes('ES')) {
      const price = ctx.snapshot.prices.ES as number;
      const quantity = Math.round(betaAdjustmentContracts(0, b.beta, b.portfolioValue, price, spec.multiplier));
      if (quantity === 0) return [];
      const contracts = -quantity;
      const rule = rollRule(spec);
      const tick = tickSize(spec);
      const commission = ctx.costs.commissionPerContract;
      const transaction = contracts * (0.5 * tick * spec.multiplier + commission);
      // Quarterly rolls: one tick across the calendar spread and two commissions per contract,
      // prorated to the horizon. The financing carry (r − q) a short future earns as it converges
      // is the same interest a short sale earns on its proceeds; the scenario engine credits
      // neither (cash earns nothing in it), so both index hedges stay comparable.
      const carry = contracts * (tick * spec.multiplier + 2 * commission) * rule.rollsPerYear * horizonYears;
      // The E-mini's last trading day ends at the open (final settlement on the opening
      // quotation), so a hedge put on that day is in the next quarter's contract.
      const calendar = tradingCalendar(ctx.prices.find((s) => s.symbol === 'ES')?.dates ?? ctx.history.dates);
      const expiry = nearbyExpiry(rule, calendar, addCalendarDays(ctx.snapshot.asOf, 1), 1);
      const instrument: Future = { kind: 'future', symbol: 'ES', underlying: spec.underlying, multiplier: spec.multiplier, expiry };
      const notional = contracts * spec.multiplier * price;
      const total = transaction + carry;
      return [{
        kind: 'macro-index-futures',
        name: `Sell ${contracts} ES (portfolio β ${b.beta.toFixed(2)} → 0)`,
        legs: [{ instrument, quantity }],
        parameters: { ...parameters, contract: 'ES', futuresPrice: price, multiplier: spec.multiplier, contracts, notional, expiry },
        cost: { premium: 0, transaction, borrow: 0, carry, total, fractionOfTarget: total / targetValue },
        rationale:
          `${describeBeta(b, years)} Selling N = β·V_P/V_F = ${b.beta.toFixed(2)} × ${money(b.portfolioValue)} / (${price} × ${spec.multiplier}) ≈ ` +
          `${contracts} E-mini S&P 500 futures (${money(notional)} notional) takes the market out of the whole portfolio. What is specific to ` +
          `${ctx.target} — and to every other holding — stays: compare its variance reduction on ${ctx.target} with the micro-hedges'.`,
        warnings: [
          ...excludedWarning(b),
          'The ES price series is the continuous front month: it jumps at each quarterly roll by the calendar spread, which the scenarios count as a price move.',
        ],
      }];
    }
    const spy = ctx.snapshot.prices.SPY;
    if (spy === undefined) return [];
    const shares = -Math.round(b.dollarBeta / spy);
    if (shares === 0) return [];
    const shortValue = -shares * spy;
    const borrow = shortValue * borrowFee(ctx.costs, 'SPY') * horizonYears;
    const transaction = shortValue * ctx.costs.shareHalfSpread + -shares * ctx.costs.commissionPerShare;
    const total = borrow + transaction;
    return [{
      kind: 'macro-index-futures',
      name: `Short SPY (portfolio β ${b.beta.toFixed(2)} → 0)`,
      legs: [{ instrument: { kind: 'equity', symbol: 'SPY', subtype: 'etf' }, quantity: shares }],
      parameters: { ...parameters, proxy: 'SPY', shortValue },
      cost: { premium: 0, transaction, borrow, carry: 0, total, fractionOfTarget: total / targetValue },
      rationale:
        `${describeBeta(b, years)} No E-mini futures price is loaded for ${ctx.snapshot.asOf}, so the index is sold through its ETF: ` +
        `${-shares} SPY shares worth ${money(shortValue)} short (the same exposure as β·V_P/V_F futures, with a borrow fee instead of ` +
        `futures margin). This takes the market out of the whole portfolio; what is specific to ${ctx.target} stays.`,
      warnings: [
        ...excludedWarning(b),
        'Index futures proxied by a short in SPY: the E-mini S&P 500 has no price on the as-of date in the loaded data.',
      ],
    }];
  },
};

/** Buy index puts covering the portfolio's market exposure (β·V_P of the index): Hull, Options,
 *  Futures and Other Derivatives, ch. 17, "portfolio insurance" with index options when β ≠ 1.
 *  Priced from a loaded index option chain quoted on the as-of date, else by the model on the
 *  index at the volatility of the market snapshot. */
export const macroIndexPut: HedgeKind = {
  kind: 'macro-index-put',
  summary: "the macro-hedge with options: index puts covering the whole portfolio's beta",
  scope: 'macro',
  candidates(ctx: HedgeContext): Hedge[] {
    const b = betaFor(ctx);
    if (b === undefined || b.dollarBeta <= 0) return [];
    const chain = ctx.chains.find((c) => c.quoteDate === ctx.snapshot.asOf && ctx.history.symbols.includes(c.underlying)
      && (BETA_INDICES as readonly string[]).includes(c.underlying));
    const underlying = chain?.underlying ?? b.index;
    const spot = ctx.snapshot.prices[underlying] as number;
    // The scenario engine reprices option legs at the snapshot's volatility of their underlying;
    // without one the put could not be valued on the same footing, so it is not offered.
    const volatility = ctx.snapshot.volatilities[underlying];
    if (volatility === undefined) return [];
    const contracts = Math.round(b.dollarBeta / (spot * INDEX_OPTION_MULTIPLIER));
    if (contracts < 1) return [];
    const quote = chain === undefined ? undefined : chainPut(chain, spot);
    const dividendYield = ctx.snapshot.dividendYields[underlying] ?? 0;
    // SPX options are European; SPY options American (early exercise of a put is possible).
    const style = underlying === 'SPX' ? 'european' : 'american';
    const warnings = excludedWarning(b);

    let strike: number;
    let expiry: string;
    let unitPrice: number;
    let transactionPerContract: number;
    const pricing: Record<string, number | string> = {};
    if (quote !== undefined) {
      strike = quote.strike;
      expiry = quote.expiry;
      const mid = (quote.bid + quote.ask) / 2;
      unitPrice = mid;
      transactionPerContract = (quote.ask - mid) * INDEX_OPTION_MULTIPLIER + ctx.costs.commissionPerContract;
      pricing.pricing = `${underlying} chain quoted on ${chain!.quoteDate} (${chain!.source}): mid ${mid.toFixed(2)}, bought at the ask ${quote.ask.toFixed(2)}`;
      pricing.bid = quote.bid;
      pricing.ask = quote.ask;
      try {
        const iv = impliedVolatility({
          type: 'put', style, spot, strike, rate: quote.riskFree ?? ctx.snapshot.rate, dividendYield, timeYears: quote.timeYears, price: mid,
        });
        pricing.impliedVolatility = iv;
        warnings.push(`The scenarios reprice this put at ${underlying}'s snapshot volatility ${(100 * volatility).toFixed(1)}%, not its implied ` +
          `volatility ${(100 * iv).toFixed(1)}%: the quote's richness or cheapness relative to the model is not in the P&L.`);
      } catch (e) {
        if (!(e instanceof ImpliedVolatilityError)) throw e;
        warnings.push(`No implied volatility reproduces the put's mid quote (${e.reason}); the scenarios reprice it at ${(100 * volatility).toFixed(1)}%.`);
      }
    } else {
      const step = STRIKE_STEP[underlying] ?? 1;
      strike = step * Math.round((PUT_MONEYNESS * spot) / step);
      expiry = addCalendarDays(ctx.snapshot.asOf, PUT_TERM_DAYS);
      unitPrice = priceOption({
        type: 'put', style, spot, strike, rate: ctx.snapshot.rate, dividendYield, volatility, timeYears: yearFraction(ctx.snapshot.asOf, expiry),
      });
      transactionPerContract = unitPrice * INDEX_OPTION_MULTIPLIER * ctx.costs.optionHalfSpread + ctx.costs.commissionPerContract;
      pricing.pricing = `${style === 'european' ? 'Black–Scholes–Merton' : 'American'} model at ${underlying}'s snapshot volatility ` +
        `${(100 * volatility).toFixed(1)}% (no ${underlying} chain quoted on ${ctx.snapshot.asOf})`;
    }
    const instrument: OptionInstrument = {
      kind: 'option', symbol: `${underlying} ${expiry} P${strike}`, underlying, type: 'put', style, strike, expiry,
      multiplier: INDEX_OPTION_MULTIPLIER,
    };
    const premium = unitPrice * INDEX_OPTION_MULTIPLIER * contracts;
    const transaction = transactionPerContract * contracts;
    const total = premium + transaction;
    const targetValue = ctx.targetQuantity * (ctx.snapshot.prices[ctx.target] as number);
    const years = (ctx.lookbackDays / TRADING_DAYS_PER_YEAR).toFixed(1);
    const covered = contracts * INDEX_OPTION_MULTIPLIER * spot;
    return [{
      kind: 'macro-index-put',
      name: `${contracts} ${underlying} puts ${Math.round((100 * strike) / spot)}% to ${expiry}`,
      legs: [{ instrument, quantity: contracts }],
      parameters: {
        index: b.index, beta: b.beta, dollarBeta: b.dollarBeta, portfolioValue: b.portfolioValue, underlying,
        strike, expiry, contracts, unitPrice, volatility, style, coveredIndexValue: covered, ...pricing,
      },
      cost: { premium, transaction, borrow: 0, carry: 0, total, fractionOfTarget: total / targetValue },
      rationale:
        `${describeBeta(b, years)} Buying ${contracts} ${underlying} puts struck at ${strike} (${(100 * strike / spot).toFixed(0)}% of ${spot.toFixed(2)}), ` +
        `expiring ${expiry}, covers ${money(covered)} of the index — the portfolio's market exposure — for a premium of ` +
        `${money(premium)} (${(100 * total / b.portfolioValue).toFixed(2)}% of the portfolio with costs). It pays when the market falls, ` +
        `whatever happens to ${ctx.target} alone.`,
      warnings,
    }];
  },
};

/** The put in `chain` nearest to the standard term (91 days), then to 95 % of spot. */
function chainPut(chain: OptionChain, spot: number): OptionQuote | undefined {
  const puts = chain.quotes.filter((q) => q.type === 'put' && q.bid > 0 && q.ask >= q.bid);
  const term = PUT_TERM_DAYS / 365;
  let best: OptionQuote | undefined;
  for (const q of puts) {
    if (best === undefined) { best = q; continue; }
    const dt = Math.abs(q.timeYears - term) - Math.abs(best.timeYears - term);
    if (dt < 0 || (dt === 0 && Math.abs(q.strike - PUT_MONEYNESS * spot) < Math.abs(best.strike - PUT_MONEYNESS * spot))) best = q;
  }
  return best;
}

function money(amount: number): string {
  return Math.round(amount).toLocaleString('en-US');
}
