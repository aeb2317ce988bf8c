// Evaluating one hedge on an analysis that has already run, without running it again: the market
// model and scenarios are prepared once (pipeline/prepare), then each request only builds the
// hedge's legs with the library's own option market and values them on the same scenarios
// (scenarioPnl), and the report builder turns that into the figures the CLI prints. This is what
// makes the page's live adjustments take milliseconds rather than the analysis' second, and lets
// `microhedge hedge KIND --strike … / --ratio …` add the user's terms to the proposed candidates.

import { yearFraction } from '../domain/dates.js';
import { InputError } from '../domain/errors.js';
import type { Hedge } from '../domain/hedge.js';
import type { ScenarioSet } from '../domain/market.js';
import { scenarioPnl, type HedgePnl } from '../evaluate/evaluate-hedges.js';
import { rankHedges } from '../evaluate/ranking.js';
import { positionValue } from '../evaluate/valuation.js';
import { walkForward, type OutOfSample } from '../evaluate/walk-forward.js';
import {
  contractsFor, optionCost, optionLeg, optionMarket, optionWarnings, pricingParameters, type OptionMarket, type OptionQuoteView,
} from '../hedges/option-pricing.js';
import { hedgeKinds } from '../hedges/registry.js';
import { prepare, type AnalyzeInput, type AnalyzeOptions, type Prepared } from './analyze.js';
import { buildReport } from '../report/build.js';
import type { HedgeReport, Report } from '../report/schema.js';
import { notEstimable, type Estimate } from '../stats/result.js';

/** A hedge to evaluate on an analysis: one it proposed, a put or a collar on terms of the user's
 *  choosing, or a proposed hedge without options resized to `ratio` × its size. The server
 *  checks request bodies against this shape (server/schemas.ts); the CLI builds it from flags. */
export type HedgeSpec =
  | { type: 'proposed'; name: string }
  | { type: 'put'; expiry: string; strike: number; contracts: number }
  | { type: 'collar'; expiry: string; putStrike: number; callStrike: number; contracts: number }
  | { type: 'scale'; name: string; ratio: number };

/** An analysis ready for hedges to be evaluated on it: its report, the prepared market model and
 *  scenarios, and the option market of the target (null when no option can be priced on it). */
export type HedgeLab = {
  input: AnalyzeInput;
  options: AnalyzeOptions;
  report: Report;
  prepared: Prepared;
  market: OptionMarket | null;
  /** Where the user chose the terms, as rationales say it: 'on the page', 'on the command line'. */
  chosenOn: string;
  /** The report's hedges with their legs and scenario P&L, regenerated on first use (the report
   *  holds their figures, not their legs): a resized hedge starts from one, and a hedge built here
   *  is ranked among them. */
  proposed?: { hedges: Hedge[]; pnl: HedgePnl[] };
};

/** Prepares `report`'s analysis for hedge evaluation: the same `prepare` call analyze makes, so
 *  the scenarios are the report's. */
export function hedgeLab(input: AnalyzeInput, options: AnalyzeOptions, report: Report, chosenOn = 'on the page'): HedgeLab {
  const prepared = prepare(input, { ...options, target: report.target });
  return { input, options, report, prepared, market: optionMarket(prepared.ctx), chosenOn };
}

/** P&L at the horizon against the target's price there: every scenario (subsampled to at most
 *  `MAX_POINTS`) and, when every leg is on the target itself, the exact curve with the other
 *  prices and the volatilities unchanged. Currency amounts; `relative` = price then / price now. */
export type Payoff = {
  target: string;
  spot: number;
  horizonDays: number;
  scenarios: { relative: number[]; before: number[]; after: number[] };
  curve: { relative: number[]; before: number[]; after: number[] } | null;
  note: string;
};

/** The figures of one hedge on the analysis' scenarios, as in the report, and its payoff. */
export type HedgeEvaluation = { hedge: HedgeReport; payoff: Payoff };

const MAX_POINTS = 2000;
const CURVE_POINTS = 121;

/** Evaluates `spec` on the lab's scenarios. A proposed hedge is given with the report's own
 *  figures; a put, a collar or a resized hedge is built here and valued the way the report values
 *  its candidates. Terms that are not on offer are the user's error (InputError naming the field). */
export function evaluateHedge(lab: HedgeLab, spec: HedgeSpec): HedgeEvaluation {
  switch (spec.type) {
    case 'proposed': {
      const { hedge, index, pnl } = proposed(lab, spec.name, 'hedge.name');
      return { hedge: lab.report.hedges[index]!, payoff: payoff(lab, hedge, pnl) };
    }
    case 'put': {
      const market = optionsOn(lab);
      const quote = quoteOf(market, 'put', spec.expiry, spec.strike, 'hedge.strike');
      checkContracts(lab, market, spec.contracts);
      return evaluated(lab, putHedge(lab, market, quote, spec.contracts));
    }
    case 'collar': {
      const market = optionsOn(lab);
      const put = quoteOf(market, 'put', spec.expiry, spec.putStrike, 'hedge.putStrike');
      const call = quoteOf(market, 'call', spec.expiry, spec.callStrike, 'hedge.callStrike');
      if (call.strike <= put.strike) {
        throw new InputError({ file: 'hedge.callStrike', value: String(spec.callStrike), expected: `a call strike above the put strike ${put.strike}` });
      }
      if (!(call.bid > 0)) {
        throw new InputError({ file: 'hedge.callStrike', value: String(spec.callStrike), expected: 'a call that can be sold (this one has no bid)' });
      }
      checkContracts(lab, market, spec.contracts);
      return evaluated(lab, collarHedge(lab, market, put, call, spec.contracts));
    }
    case 'scale': {
      const { hedge } = proposed(lab, spec.name, 'hedge.name');
      if (hedge.legs.some((l) => l.instrument.kind === 'option')) {
        throw new InputError({
          file: 'hedge.name', value: spec.name,
          expected: 'a proposed hedge without option legs (option hedges are adjusted with type "put" or "collar")',
        });
      }
      const scaled = scaledHedge(hedge, spec.ratio, lab.chosenOn);
      const outOfSample: Estimate<OutOfSample> | undefined = hedge.estimation === undefined ? undefined
        : spec.ratio === 1 ? walkForward(lab.input.prices, lab.report.target, hedge.estimation, { asOf: lab.report.asOf })
          : notEstimable(`resized by hand to ${spec.ratio} × the estimated ratio; the walk-forward test re-estimates the ratio, so ` +
            'it speaks for the proposed size, not for this one');
      return evaluated(lab, scaled, outOfSample);
    }
  }
}

/** The option terms on offer for the target, for the page's controls. */
export type OptionTermsOnOffer = {
  available: true; target: string; spot: number; source: 'chain' | 'model'; style: string; description: string;
  contractShares: number; maxContracts: number;
  expiries: { expiry: string; days: number; putStrikes: number[]; callStrikes: number[] }[];
} | { available: false; target: string; reason: string };

export function optionTerms(lab: HedgeLab): OptionTermsOnOffer {
  const { market } = lab;
  const target = lab.report.target;
  if (market === null) {
    return { available: false, target, reason: noOptionsReason(lab) };
  }
  const asOf = lab.prepared.ctx.snapshot.asOf;
  return {
    available: true, target, spot: market.spot, source: market.source, style: market.style, description: market.description,
    contractShares: market.contractShares, maxContracts: contractsFor(lab.prepared.ctx, market),
    expiries: market.expiries.map((expiry) => ({
      expiry, days: Math.round(yearFraction(asOf, expiry) * 365),
      putStrikes: [...market.strikes('put', expiry)], callStrikes: [...market.strikes('call', expiry)],
    })),
  };
}

function proposed(lab: HedgeLab, name: string, field: string): { hedge: Hedge; index: number; pnl: HedgePnl } {
  const index = lab.report.hedges.findIndex((h) => h.name === name);
  if (index < 0) {
    throw new InputError({ file: field, value: name, expected: `the name of a hedge in the report: ${lab.report.hedges.map((h) => h.name).join(', ')}` });
  }
  const all = proposedHedges(lab);
  return { hedge: all.hedges[index]!, index, pnl: all.pnl[index]! };
}

/** The report's hedges regenerated from the same prepared context, in report order (the pipeline
 *  kept these candidates of each kind, under these names), valued on the scenarios. */
function proposedHedges(lab: HedgeLab): { hedges: Hedge[]; pnl: HedgePnl[] } {
  if (lab.proposed !== undefined) return lab.proposed;
  const { ctx, scenarios } = lab.prepared;
  const byKind = new Map<string, Hedge[]>();
  const hedges = lab.report.hedges.map((figures) => {
    let candidates = byKind.get(figures.kind);
    if (candidates === undefined) {
      candidates = hedgeKinds.find((k) => k.kind === figures.kind)?.candidates(ctx) ?? [];
      byKind.set(figures.kind, candidates);
    }
    const hedge = candidates.find((c) => c.name === figures.name);
    // Same inputs, same prepared context: the candidates are the report's unless the library
    // changed between the analysis and now.
    if (hedge === undefined) throw new Error(`hedge ${figures.name} of the report is not among the regenerated ${figures.kind} candidates`);
    return hedge;
  });
  lab.proposed = { hedges, pnl: scenarioPnl(ctx.portfolio, lab.report.target, hedges, ctx.snapshot, scenarios).hedges };
  return lab.proposed;
}

function optionsOn(lab: HedgeLab): OptionMarket {
  if (lab.market === null) throw new InputError({ file: 'hedge.type', expected: `a hedge without options: ${noOptionsReason(lab)}` });
  return lab.market;
}

function noOptionsReason(lab: HedgeLab): string {
  return `no option on ${lab.report.target} can be priced (volatility: ${lab.report.market.targetVolatility.method})`;
}

function quoteOf(market: OptionMarket, type: 'put' | 'call', expiry: string, strike: number, field: string): OptionQuoteView {
  if (!market.expiries.includes(expiry)) {
    throw new InputError({ file: 'hedge.expiry', value: expiry, expected: `one of the expiries on offer: ${market.expiries.join(', ')}` });
  }
  const strikes = market.strikes(type, expiry);
  // Strikes travel as JSON numbers: the same double comes back, but allow for a client that
  // rounded to 1e-9 relative.
  const listed = strikes.find((k) => Math.abs(k - strike) <= 1e-9 * k);
  const quote = listed === undefined ? undefined : market.quote(type, expiry, listed);
  if (quote === undefined) {
    const near = [...strikes].sort((a, b) => Math.abs(a - strike) - Math.abs(b - strike)).slice(0, 3).sort((a, b) => a - b);
    throw new InputError({
      file: field, value: String(strike),
      expected: `a ${type} strike on offer for ${expiry} (${market.source === 'chain' ? 'listed' : 'on the model grid'}; nearest: ${near.join(', ')})`,
    });
  }
  return quote;
}

function checkContracts(lab: HedgeLab, market: OptionMarket, contracts: number): void {
  const max = contractsFor(lab.prepared.ctx, market);
  if (contracts > max) {
    throw new InputError({
      file: 'hedge.contracts', value: String(contracts),
      expected: `at most ${max} contracts: ${market.contractShares} shares each, never more than the ${lab.prepared.ctx.targetQuantity} held`,
    });
  }
}

function putHedge(lab: HedgeLab, market: OptionMarket, q: OptionQuoteView, contracts: number): Hedge {
  const ctx = lab.prepared.ctx;
  const days = Math.round(q.timeYears * 365);
  const cost = optionCost(ctx, market, [{ quote: q, contracts }]);
  return {
    kind: 'protective-put',
    name: `Put ${percent(q.strike / market.spot)} ${days}d ×${contracts}`,
    legs: [optionLeg(ctx, market, q, contracts)],
    parameters: {
      strike: q.strike, listedStrike: q.listedStrike, expiry: q.expiry, days, timeYears: q.timeYears, contracts,
      sharesPerContract: market.contractShares, moneyness: q.strike / market.spot, unitPremium: q.mid, volatility: q.volatility,
      chosenBy: 'the user', ...pricingParameters(ctx, market),
    },
    cost,
    rationale: `Buy ${contracts} puts struck at ${strikeText(q)} (${percent(q.strike / market.spot)} of the ${market.spot.toFixed(2)} spot), ` +
      `expiring ${q.expiry} (${days} days), on ${round(contracts * market.contractShares)} of the ${ctx.targetQuantity} ${ctx.target} shares: ` +
      `terms chosen ${lab.chosenOn}, priced like the proposed puts (${market.source === 'chain' ? 'the chain\'s quotes' : 'the model'}).`,
    warnings: optionWarnings(ctx, market, contracts, [q]),
  };
}

function collarHedge(lab: HedgeLab, market: OptionMarket, put: OptionQuoteView, call: OptionQuoteView, contracts: number): Hedge {
  const ctx = lab.prepared.ctx;
  const days = Math.round(put.timeYears * 365);
  const cost = optionCost(ctx, market, [{ quote: put, contracts }, { quote: call, contracts: -contracts }]);
  const warnings = optionWarnings(ctx, market, contracts, [put, call]);
  if (call.strike <= market.spot) {
    warnings.push(`The call strike ${call.strike} is at or below spot: the collar gives up all the upside from today.`);
  }
  return {
    kind: 'collar',
    name: `Collar ${percent(put.strike / market.spot)}/${percent(call.strike / market.spot)} ${days}d ×${contracts}`,
    legs: [optionLeg(ctx, market, put, contracts), optionLeg(ctx, market, call, -contracts)],
    parameters: {
      putStrike: put.strike, callStrike: call.strike, listedPutStrike: put.listedStrike, listedCallStrike: call.listedStrike,
      expiry: put.expiry, days, timeYears: put.timeYears, contracts, sharesPerContract: market.contractShares,
      floorFraction: put.strike / market.spot, capFraction: call.strike / market.spot, putPremium: put.mid, callPremium: call.mid,
      netPremium: put.mid - call.mid, chosenBy: 'the user', ...pricingParameters(ctx, market),
    },
    cost,
    rationale: `Buy ${contracts} puts struck at ${strikeText(put)} and sell ${contracts} calls struck at ${strikeText(call)}, both expiring ` +
      `${put.expiry} (${days} days), on ${round(contracts * market.contractShares)} of the ${ctx.targetQuantity} ${ctx.target} shares: ` +
      `terms chosen ${lab.chosenOn}. Net premium ${(put.mid - call.mid).toFixed(4)} a share ${put.mid >= call.mid ? 'paid' : 'received'}.`,
    warnings,
  };
}

/** A hedge without option legs at `ratio` × its proposed size. Every cost item of such a hedge
 *  (borrow, spread, commissions, futures roll carry) is proportional to the quantities, so they
 *  scale by the same ratio; quantities are not rounded (futures contracts stay whole when the
 *  ratio is a ratio of contract counts, which is how the page offers it). */
export function scaledHedge(h: Hedge, ratio: number, chosenOn = 'on the page'): Hedge {
  const c = h.cost;
  const legs = h.legs.map((l) => ({ ...l, quantity: l.quantity * ratio }));
  const shown = Number(ratio.toPrecision(4));
  // One leg resized to a whole number of units is named by that number, else by the ratio.
  const units = legs.length === 1 ? Math.abs(legs[0]!.quantity) : Number.NaN;
  const whole = Number.isInteger(Number(units.toFixed(9))) ? `${Number(units.toFixed(9))} ${legs[0]!.instrument.kind === 'equity' ? 'shares' : 'contracts'}` : undefined;
  return {
    kind: h.kind,
    name: whole === undefined ? `${h.name}, resized ×${shown}` : `${h.name} → ${whole}`,
    legs,
    parameters: { ...h.parameters, resizedBy: ratio },
    cost: {
      premium: c.premium * ratio, transaction: c.transaction * ratio, borrow: c.borrow * ratio, carry: c.carry * ratio,
      total: c.total * ratio, fractionOfTarget: c.fractionOfTarget * ratio,
    },
    rationale: `${h.rationale} Resized ${chosenOn} to ${whole === undefined ? '' : `${whole}, `}${shown} × the proposed size: the quantities and ` +
      'amounts quoted above are the proposed hedge\'s; its legs and every cost item scale with the size.',
    warnings: h.warnings,
    ...(h.estimation === undefined ? {} : { estimation: h.estimation }),
  };
}

/** The report builder's figures for one hedge: the analysis' report parts with only this hedge,
 *  ranked among the report's hedges (rank, frontier, best size) without the search for pairs. */
function evaluated(lab: HedgeLab, hedge: Hedge, outOfSample?: Estimate<OutOfSample>): HedgeEvaluation {
  const { ctx, scenarios, rateSource, volatilityMethod, alignment, dataNotes } = lab.prepared;
  const { portfolio, snapshot } = ctx;
  const { report, options } = lab;
  const pnl = scenarioPnl(portfolio, report.target, [hedge], snapshot, scenarios);
  const { rankings } = rankHedges(pnl.portfolio, [...proposedHedges(lab).pnl, pnl.hedges[0]!], Math.max(...options.confidence),
    options.constraints.budget ?? Infinity, snapshot.asOf, options.horizonDays, () => false);
  const built = buildReport({
    target: report.target, asOf: snapshot.asOf, options: { ...options, target: report.target, lookbackDays: ctx.lookbackDays },
    portfolio, values: portfolio.positions.map((p) => ({ position: p, value: positionValue(p, snapshot) })), snapshot, scenarios, pnl,
    rateSource, volatilityMethod, history: ctx.history, dataPolicy: alignment.policy, dataNotes,
    dataWarnings: report.data.warnings, concern: report.concern,
    outOfSample: new Map(outOfSample === undefined ? [] : [[hedge, outOfSample]]), rankings, combination: null, smile: null,
  });
  return { hedge: built.hedges[0]!, payoff: payoff(lab, hedge, pnl.hedges[0]!) };
}

function payoff(lab: HedgeLab, hedge: Hedge, pnl: HedgePnl): Payoff {
  const { ctx, scenarios } = lab.prepared;
  const target = lab.report.target;
  const relatives = scenarios.relatives[scenarios.symbols.indexOf(target)]!;
  const step = Math.max(1, Math.ceil(scenarios.count / MAX_POINTS));
  const points: Payoff['scenarios'] = { relative: [], before: [], after: [] };
  let lo = 1;
  let hi = 1;
  for (let i = 0; i < scenarios.count; i++) {
    const r = relatives[i]!;
    if (r < lo) lo = r;
    if (r > hi) hi = r;
    if (i % step !== 0) continue;
    points.relative.push(r);
    points.before.push(pnl.asset.before[i]!);
    points.after.push(pnl.asset.after[i]!);
  }
  const onTarget = hedge.legs.every((l) => (l.instrument.kind === 'option' ? l.instrument.underlying : l.instrument.symbol) === target);
  const sampled = step > 1 ? `${points.relative.length} of the ${scenarios.count} scenarios (every ${step}th)` : `all ${scenarios.count} scenarios`;
  if (!onTarget) {
    return {
      target, spot: ctx.snapshot.prices[target]!, horizonDays: scenarios.horizonDays, scenarios: points, curve: null,
      note: `Each dot is one scenario (${sampled}). The legs are on other instruments, so their P&L depends on how those move too: there is no single payoff curve.`,
    };
  }
  // The curve: the same valuation on a grid of target prices spanning the scenarios (at least
  // ±30 %), everything else as today.
  lo = Math.min(lo, 0.7);
  hi = Math.max(hi, 1.3);
  const grid = new Float64Array(CURVE_POINTS).map((_, k) => lo + ((hi - lo) * k) / (CURVE_POINTS - 1));
  const gridSet: ScenarioSet = {
    method: 'price grid', symbols: scenarios.symbols, count: CURVE_POINTS,
    relatives: scenarios.symbols.map((s) => (s === target ? grid : new Float64Array(CURVE_POINTS).fill(1))),
    volShift: new Float64Array(CURVE_POINTS), elapsedYears: scenarios.elapsedYears, horizonDays: scenarios.horizonDays,
  };
  const curve = scenarioPnl(ctx.portfolio, target, [hedge], ctx.snapshot, gridSet).hedges[0]!;
  return {
    target, spot: ctx.snapshot.prices[target]!, horizonDays: scenarios.horizonDays, scenarios: points,
    curve: { relative: [...grid], before: [...curve.asset.before], after: [...curve.asset.after] },
    note: `The line: P&L at the ${scenarios.horizonDays}-day horizon against ${target}'s price then, other prices and volatilities as today. ` +
      `The dots: ${sampled}.`,
  };
}

/** A strike in the history's price basis, and as listed when the chain's basis differs (a chain
 *  quoted before a split). */
function strikeText(q: OptionQuoteView): string {
  const strike = Number(q.strike.toFixed(2));
  return Math.abs(q.listedStrike - q.strike) > 1e-9 * q.strike ? `${strike} (listed ${q.listedStrike})` : String(strike);
}

function percent(x: number): string {
  return `${Math.round(100 * x)}%`;
}

function round(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}
