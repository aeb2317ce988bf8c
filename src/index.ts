// The public API of microhedge: re-exports only (DESIGN.md). The CLI and the server call these.

export { InputError, formatInputError, type InputErrorDetails } from './domain/errors.js';
export type { Instrument, Equity, Future, OptionInstrument, Bond } from './domain/instruments.js';
export type { Position, Portfolio } from './domain/portfolio.js';
export type { PriceHistory, MarketSnapshot, ScenarioSet } from './domain/market.js';
export type { Hedge, HedgeCost } from './domain/hedge.js';

export * from './pricing/index.js';
export * from './data/index.js';

export { historicalScenarios } from './scenarios/historical.js';
export { buildScenarios, SCENARIO_METHODS, type ScenarioMethod, type ScenarioOptions, type BuiltScenarios } from './scenarios/build.js';
export { STRESS_EPISODES, type UserShock } from './scenarios/stress.js';
export { riskMetrics, type RiskMetrics } from './evaluate/risk-metrics.js';
export { riskContributions, type RiskContributions } from './evaluate/contributions.js';
export { parametricVarEs, varianceCovarianceRisk } from './evaluate/parametric.js';
export { scenarioPnl, type ScenarioPnl } from './evaluate/evaluate-hedges.js';
export { mertonFromEquity, type MertonFit } from './pricing/merton.js';
export { screenHoldings, DEFAULT_SCREEN_OPTIONS, concernScreenSchema, type ConcernScreen, type ScreenOptions } from './evaluate/concern.js';
export { walkForward, type OutOfSample } from './evaluate/walk-forward.js';
export { assessHedgeEffectiveness, dollarOffset, regressionTest, variabilityReduction } from './evaluate/accounting.js';
export { rankHedges, type HedgeRanking, type Combination } from './evaluate/ranking.js';
export { renderCsv } from './report/csv.js';
export { hedgeKinds } from './hedges/registry.js';
export type { HedgeKind, HedgeContext, CostAssumptions } from './hedges/types.js';

export { analyze, DEFAULT_OPTIONS, type AnalyzeInput, type AnalyzeOptions } from './pipeline/analyze.js';
export { loadInputs, SAMPLE, type InputFiles } from './pipeline/load-inputs.js';
export { reportSchema, type Report, type HedgeReport, type RiskFigures } from './report/schema.js';
export { renderTerminal } from './report/terminal.js';
export { renderHtml } from './report/html.js';
