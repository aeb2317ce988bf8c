import type { ImportWarning } from '../data/types.js';
import { InputError } from '../domain/errors.js';
import type { Hedge } from '../domain/hedge.js';
import type { Instrument } from '../domain/instruments.js';
import { scenarioPnl } from '../evaluate/evaluate-hedges.js';
import { positionValue } from '../evaluate/valuation.js';
import { rankHedges } from '../evaluate/ranking.js';
import { walkForward } from '../evaluate/walk-forward.js';
import { hedgeKinds } from '../hedges/registry.js';
import type { HedgeConstraints, HedgeKind } from '../hedges/types.js';
import { DEFAULT_SCREEN_OPTIONS, SCREEN_LIMITS, screenHoldings, type ConcernScreen } from '../evaluate/concern.js';
import { buildReport } from '../report/build.js';
import { smileOf } from '../report/smile.js';
import { optionMarket } from '../hedges/option-pricing.js';
import type { ConcernSummary, Report } from '../report/schema.js';
import { prepare, type AnalyzeInput, type AnalyzeOptions, type AnalyzeProgress } from './prepare.js';

export { DEFAULT_OPTIONS, prepare, type AnalyzeInput, type AnalyzeOptions, type AnalyzeProgress, type CreditProxy, type Prepared } from './prepare.js';

/** The whole pipeline on loaded data: market model → scenarios → hedge candidates → the same-
 *  scenario evaluation of every hedge → the report. Pure: no I/O, same inputs → same report.
 *  `onProgress` hears each stage as it starts, and each step of the stages made of steps. */

export function analyze(input: AnalyzeInput, options: AnalyzeOptions, onProgress: (p: AnalyzeProgress) => void = () => undefined): Report {
  onProgress({ stage: 'concern screen', done: 0, total: 1 });
  // Which holding deserves a hedge: the concern screen ranks them all; without --target the
  // top one is analysed, and the report says why.
  const screen = screenHoldings(input, {
    ...DEFAULT_SCREEN_OPTIONS, horizonDays: options.horizonDays, seed: options.seed,
    lookbackDays: Math.max(SCREEN_LIMITS.lookbackDays[0], options.lookbackDays),
    ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
  });
  const target = options.target ?? screen.top.symbol;
  const concern = concernSummary(screen, target, options.target === undefined);
  onProgress({ stage: 'market model', done: 0, total: 1 });
  const { ctx, scenarios, rateSource, volatilityMethod, alignment, dataNotes } = prepare(input, { ...options, target }, onProgress);
  const { portfolio, snapshot, lookbackDays } = ctx;
  checkTargetMoves(target, options.target === undefined, snapshot.volatilities[target], lookbackDays, snapshot.asOf);
  const kinds = selectedKinds(options.hedgeKinds);
  const hedges = kinds.flatMap((k, i) => {
    onProgress({ stage: 'hedge candidates', done: i, total: kinds.length });
    const candidates = k.candidates(ctx);
    onProgress({ stage: 'hedge candidates', done: i + 1, total: kinds.length });
    return candidates;
  }).filter((h) => allowed(h, target, options.constraints));
  onProgress({ stage: `revaluing ${hedges.length} hedges in ${scenarios.count} scenarios`, done: 0, total: 1 });
  const pnl = scenarioPnl(portfolio, target, hedges, snapshot, scenarios);
  // Every hedge sized by a regression is re-estimated on rolling windows and held out of sample.
  const estimated = hedges.filter((h) => h.estimation !== undefined);
  const outOfSample = new Map(estimated.map((h, i) => {
    onProgress({ stage: 'walk-forward tests', done: i, total: estimated.length });
    const tested = walkForward(input.prices, target, h.estimation!, { asOf: snapshot.asOf });
    onProgress({ stage: 'walk-forward tests', done: i + 1, total: estimated.length });
    return [h, tested] as const;
  }));
  onProgress({ stage: 'ranking: best sizes and pairs', done: 0, total: 1 });
  const ranked = rankHedges(pnl.portfolio, pnl.hedges, Math.max(...options.confidence), options.constraints.budget ?? Infinity, snapshot.asOf,
    options.horizonDays, (h) => hedgeKinds.find((k) => k.kind === h.kind)?.scope !== 'macro');
  onProgress({ stage: 'report: risk figures and contributions', done: 0, total: 1 });
  const values = portfolio.positions.map((p) => ({ position: p, value: positionValue(p, snapshot) }));
  return buildReport({
    target, asOf: snapshot.asOf, options: { ...options, lookbackDays }, portfolio, values, snapshot, scenarios, pnl,
    rateSource, volatilityMethod, history: ctx.history,
    dataPolicy: alignment.policy, dataNotes, dataWarnings: input.warnings.map(describeWarning), concern, outOfSample,
    smile: smileOf(optionMarket(ctx)), ...ranked,
  });
}

/** Annualised volatility below which a price path is deterministic up to rounding (a constant
 *  price, or one growing by the same factor every day). */
const NO_RISK_VOLATILITY = 1e-10;

/** A target whose price does not move has no risk for a hedge to reduce: every variance
 *  reduction would be 0/0. (A target with prices at or below zero has no lognormal volatility and
 *  is judged on price changes instead.) */
function checkTargetMoves(target: string, chosenByScreen: boolean, volatility: number | undefined, lookbackDays: number, asOf: string): void {
  if (volatility === undefined || volatility > NO_RISK_VOLATILITY) return;
  throw new InputError({
    file: chosenByScreen ? 'portfolio' : '--target', value: target,
    expected: `a holding whose price moves: ${chosenByScreen ? 'the concern screen\'s top holding ' : ''}${target}'s daily log returns do not vary over the ${lookbackDays} trading days to ${asOf} ` +
      `(annualised volatility ${volatility.toExponential(1)}), so it carries no risk to hedge`,
  });
}

/** The screen as the report shows it: why this holding, and the most concerning ones. */
function concernSummary(screen: ConcernScreen, target: string, chosenByScreen: boolean): ConcernSummary {
  const rankOf = screen.holdings.find((h) => h.symbol === target);
  return {
    selection: chosenByScreen ? 'screen' : 'given',
    why: chosenByScreen
      ? screen.top.why
      : `${target} was named with --target${rankOf ? `; the concern screen ranks it ${rankOf.rank} of ${screen.holdings.length}: ${rankOf.summary}` : '.'}`,
    method: screen.method,
    holdings: screen.holdings.slice(0, 5).map((h) => ({
      symbol: h.symbol, rank: h.rank, score: h.score, valueShare: h.concentration.valueShare,
      esShare: h.concentration.esShare, summary: h.summary,
      flags: h.flags.filter((f) => f.raised).map((f) => f.sentence),
    })),
  };
}

function selectedKinds(names: string[] | undefined): readonly HedgeKind[] {
  if (names === undefined) return hedgeKinds;
  return names.map((name) => {
    const kind = hedgeKinds.find((k) => k.kind === name);
    if (!kind) throw new InputError({ file: '--hedges', value: name, expected: `hedge kinds among: ${hedgeKinds.map((k) => k.kind).join(', ')}` });
    return kind;
  });
}

/** Whether a hedge respects the user's constraints (budget, no short of the target, allowed
 *  instruments). */
function allowed(h: Hedge, target: string, c: HedgeConstraints): boolean {
  if (c.budget !== undefined && h.cost.total > c.budget) return false;
  if (c.noShortTarget && h.legs.some((l) => l.quantity < 0 && shortensTarget(l.instrument, target))) return false;
  return c.allowedInstruments === undefined || h.legs.every((l) => c.allowedInstruments!.includes(l.instrument.kind));
}

/** Selling the target's own shares. Futures on the target's commodity are allowed: hedging an
 *  inventory that cannot be sold is what they are for. */
function shortensTarget(i: Instrument, target: string): boolean {
  return i.symbol === target;
}

function describeWarning(w: ImportWarning): string {
  const where = [w.file, w.row, w.column].filter((p) => p !== undefined).join(':');
  return `${where}: ${w.message}`;
}
