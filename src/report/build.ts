import type { MarketSnapshot, PriceHistory } from '../domain/market.js';
import type { BuiltScenarios } from '../scenarios/build.js';
import { payoffOf, type Payoff } from './payoff.js';
import type { Smile } from './smile.js';
import type { Portfolio, Position } from '../domain/portfolio.js';
import type { ScenarioPnl } from '../evaluate/evaluate-hedges.js';
import type { Hedge } from '../domain/hedge.js';
import { riskContributions } from '../evaluate/contributions.js';
import type { Combination, HedgeRanking } from '../evaluate/ranking.js';
import type { OutOfSample } from '../evaluate/walk-forward.js';
import type { Estimate } from '../stats/result.js';
import { hedgeKinds } from '../hedges/registry.js';
import { riskMetrics } from '../evaluate/risk-metrics.js';
import { level, money } from './format.js';
import type { AnalyzeOptions } from '../pipeline/analyze.js';
import { variance } from '../stats/descriptive.js';
import { reportSchema, type ConcernSummary, type Report, type RiskFigures } from './schema.js';

export const VERSION = '0.1.0';
const HISTOGRAM_BINS = 40;

export type ReportParts = {
  target: string;
  asOf: string;
  options: AnalyzeOptions;
  portfolio: Portfolio;
  values: { position: Position; value: number }[];
  snapshot: MarketSnapshot;
  scenarios: BuiltScenarios;
  pnl: ScenarioPnl;
  rateSource: string;
  volatilityMethod: string;
  history: PriceHistory;
  dataPolicy: string;
  dataNotes: string[];
  dataWarnings: string[];
  concern: ConcernSummary;
  /** Walk-forward results of the estimated hedges, by hedge (absent: not estimated). */
  outOfSample: Map<Hedge, Estimate<OutOfSample>>;
  rankings: Map<Hedge, HedgeRanking>;
  combination: Combination | null;
  /** The target's chain smile, when options are priced from a chain. */
  smile: Smile | null;
};

/** Turns evaluated scenario P&L into the report model, and checks it against the schema so no
 *  NaN or Infinity ever reaches a reader. */
export function buildReport(p: ReportParts): Report {
  const holdingsValue = p.values.reduce((sum, v) => sum + v.value, 0);
  const totalValue = holdingsValue + p.portfolio.cash;
  const assetValue = p.values.filter((v) => v.position.instrument.symbol === p.target).reduce((s, v) => s + v.value, 0);
  // Every hedge's "before" is the same P&L array: sort it once, not once per hedge.
  const computed = new Map<Float64Array, RiskFigures>();
  const risk = (pnl: Float64Array, value: number) => {
    let figures = computed.get(pnl);
    if (!figures) computed.set(pnl, (figures = riskFigures(pnl, value, p.options.confidence, p.options.horizonDays)));
    return figures;
  };

  const targetQuantity = p.portfolio.positions.filter((x) => x.instrument.symbol === p.target).reduce((s, x) => s + x.quantity, 0);
  const report: Report = {
    schemaVersion: 1,
    generator: { name: 'microhedge', version: VERSION },
    target: p.target,
    currency: p.portfolio.currency,
    asOf: p.asOf,
    horizonDays: p.options.horizonDays,
    confidence: p.options.confidence,
    seed: p.options.seed,
    scenarios: {
      method: p.scenarios.methodId,
      description: p.scenarios.describe,
      count: p.scenarios.count,
      lookbackDays: p.options.lookbackDays,
      seeded: p.scenarios.seed !== null,
      dataFrom: p.history.dates[0] as string,
      dataTo: p.history.dates[p.history.dates.length - 1] as string,
      ...(p.scenarios.labels === undefined ? {} : { labels: p.scenarios.labels }),
    },
    market: {
      rate: { value: p.snapshot.rate, source: p.rateSource },
      targetPrice: p.snapshot.prices[p.target] as number,
      targetVolatility: { value: p.snapshot.volatilities[p.target] ?? null, method: p.volatilityMethod },
      dividendYield: {
        value: p.snapshot.dividendYields[p.target] ?? 0,
        source: 'none known: adjusted-close prices already include dividends, so options are priced with a zero yield',
      },
    },
    data: {
      firstDate: p.history.dates[0] as string,
      lastDate: p.history.dates[p.history.dates.length - 1] as string,
      symbols: p.history.symbols,
      policy: p.dataPolicy,
      notes: p.dataNotes,
      warnings: p.dataWarnings,
    },
    concern: p.concern,
    asset: {
      symbol: p.target,
      quantity: p.values.find((v) => v.position.instrument.symbol === p.target)?.position.quantity ?? 0,
      value: assetValue,
      weight: assetValue / totalValue,
      risk: risk(p.pnl.asset, assetValue),
    },
    portfolio: {
      value: totalValue,
      cash: p.portfolio.cash,
      holdings: p.values.map(({ position, value }) => ({
        symbol: position.instrument.symbol,
        quantity: position.quantity,
        price: p.snapshot.prices[position.instrument.symbol] as number,
        value,
        weight: value / totalValue,
      })),
      risk: risk(p.pnl.portfolio, totalValue),
      contributions: contributions(p.pnl.positions, totalValue, p.options.confidence),
    },
    hedges: p.pnl.hedges.map(({ hedge, legs, asset, portfolio }) => ({
      kind: hedge.kind,
      scope: hedgeKinds.find((k) => k.kind === hedge.kind)?.scope ?? 'micro',
      name: hedge.name,
      legs: hedge.legs.map((leg) => ({
        symbol: leg.instrument.symbol,
        instrument: leg.instrument.kind,
        quantity: leg.quantity,
        description: describeLeg(leg),
      })),
      parameters: hedge.parameters,
      cost: hedge.cost,
      rationale: hedge.rationale,
      asset: { before: risk(asset.before, assetValue), after: risk(asset.after, assetValue) },
      portfolio: { before: risk(portfolio.before, totalValue), after: risk(portfolio.after, totalValue) },
      varianceReduction: {
        asset: 1 - variance(asset.after) / variance(asset.before),
        portfolio: 1 - variance(portfolio.after) / variance(portfolio.before),
      },
      distribution: {
        asset: histogram(asset.before, asset.after),
        portfolio: histogram(portfolio.before, portfolio.after),
      },
      contributions: contributions([...p.pnl.positions, { symbol: `hedge: ${hedge.name}`, pnl: legs, value: Number.NaN }], totalValue, p.options.confidence),
      ranking: p.rankings.get(hedge)!,
      ...payoffField(payoffOf(hedge, p.target, targetQuantity, p.snapshot, p.scenarios.elapsedYears)),
      ...outOfSampleOf(p.outOfSample.get(hedge)),
      warnings: [...hedge.warnings, ...portfolioWarnings(p.target, risk(asset.before, assetValue), risk(asset.after, assetValue),
        risk(portfolio.before, totalValue), risk(portfolio.after, totalValue), p.portfolio.currency)],
    })),
    combination: p.combination,
    ...(p.smile === null ? {} : { smile: p.smile }),
  };
  return reportSchema.parse(report);
}

function payoffField(payoff: Payoff | null): { payoff?: Payoff } {
  return payoff === null ? {} : { payoff };
}

/** Euler contributions of each component to portfolio VaR and ES (src/evaluate/contributions.ts).
 *  A component with a NaN value is a hedge block: it has no weight of its own. */
function contributions(components: { symbol: string; pnl: Float64Array; value: number }[], totalValue: number, levels: number[]) {
  const c = riskContributions(components.map((x) => ({ name: x.symbol, pnl: x.pnl })), levels);
  const weightOf = new Map(components.map((x) => [x.symbol, Number.isNaN(x.value) ? null : x.value / totalValue]));
  return {
    method: c.method,
    levels: c.levels.map((l) => ({
      level: l.level, var: l.var, es: l.es,
      components: l.components.map((k) => ({
        name: k.name, componentVar: k.componentVar, componentEs: k.componentEs, shareOfEs: k.shareOfEs, weight: weightOf.get(k.name) ?? null,
      })),
    })),
  };
}

function outOfSampleOf(result: Estimate<OutOfSample> | undefined): { outOfSample: OutOfSample | null; outOfSampleNote: string } {
  if (result === undefined) return { outOfSample: null, outOfSampleNote: 'not estimated from history: nothing to test out of sample' };
  if (!result.ok) return { outOfSample: null, outOfSampleNote: `no out-of-sample test: ${result.reason}` };
  const o = result.value;
  return {
    outOfSample: o,
    outOfSampleNote: `${o.reliability}: out of sample it removed ${(100 * o.outOfSampleVarianceReduction).toFixed(0)}% of the variance ` +
      `(${(100 * o.inSampleVarianceReduction).toFixed(0)}% in sample), re-estimated every ${o.stepDays} days from ${o.from} to ${o.to}`,
  };
}

/** The flag the brief asks for: a hedge that helps the target but makes the portfolio worse. */
function portfolioWarnings(target: string, assetBefore: RiskFigures, assetAfter: RiskFigures,
  before: RiskFigures, after: RiskFigures, currency: string): string[] {
  return before.es.flatMap((b, k) => {
    const a = after.es[k]!;
    if (a.amount <= b.amount) return [];
    const helped = assetAfter.es[k]!.amount < assetBefore.es[k]!.amount;
    return [`It raises the portfolio's ${level(b.level)} ES from ${money(b.amount, currency)} to ${money(a.amount, currency)}` +
      (helped ? ` even though it cuts ${target}'s own ES: the legs add risk elsewhere in the portfolio.` : '.')];
  });
}

function riskFigures(pnl: Float64Array, value: number, levels: number[], horizonDays: number): RiskFigures {
  const m = riskMetrics(pnl, levels);
  const asFigure = ({ level, value: amount }: { level: number; value: number }) => ({ level, amount, fractionOfValue: amount / value });
  return {
    horizonDays,
    mean: m.mean,
    volatility: m.volatility,
    worstLoss: m.worst,
    probabilityOfLoss: m.probabilityOfLoss,
    var: m.var.map(asFigure),
    es: m.es.map(asFigure),
  };
}

/** A leg in words, numbers as a person writes them (a chain quoted before a split gives strikes
 *  and multipliers like 22.3476… in the history's basis); the exact values are the leg's
 *  quantity and the hedge's parameters. */
function describeLeg(leg: Position): string {
  const i = leg.instrument;
  const side = leg.quantity < 0 ? 'short' : 'long';
  const n = readable(Math.abs(leg.quantity));
  switch (i.kind) {
    case 'option': return `${side} ${n} ${i.style} ${i.type} contracts (×${readable(i.multiplier)}) on ${i.underlying}, strike ${i.strike.toFixed(2)}, expiry ${i.expiry}`;
    case 'future': return `${side} ${n} futures contracts (×${readable(i.multiplier)}) on ${i.underlying}, expiry ${i.expiry}`;
    case 'bond': return `${side} ${n} bonds of ${i.issuer}, coupon ${(100 * i.coupon).toFixed(2)}%, maturity ${i.maturity}`;
    case 'equity': return `${side} ${n} shares of ${i.symbol}`;
  }
}

/** Whole numbers as they are, others to two decimals. */
function readable(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}

/** Counts of `before` and `after` in the same equal-width bins spanning both samples. */
function histogram(before: Float64Array, after: Float64Array) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const xs of [before, after]) for (let i = 0; i < xs.length; i++) { lo = Math.min(lo, xs[i]!); hi = Math.max(hi, xs[i]!); }
  if (hi === lo) hi = lo + 1;
  const width = (hi - lo) / HISTOGRAM_BINS;
  const edges = Array.from({ length: HISTOGRAM_BINS + 1 }, (_, k) => lo + k * width);
  const count = (xs: Float64Array) => {
    const c = new Array<number>(HISTOGRAM_BINS).fill(0);
    for (let i = 0; i < xs.length; i++) c[Math.min(HISTOGRAM_BINS - 1, Math.floor((xs[i]! - lo) / width))]! += 1;
    return c;
  };
  return { edges, before: count(before), after: count(after) };
}
