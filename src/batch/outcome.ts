import type { HedgeReport, Report } from '../report/schema.js';

/** One hedge of one portfolio, as a row of the results (the `batch_hedges` table). Risk figures
 *  are expected shortfalls at `esLevel` over the report's horizon, positive = a loss, in the
 *  portfolio's currency; "after" includes the hedge's cost. */
export type HedgeRow = {
  /** 1 = lowest portfolio ES after hedging (the order of the terminal report's tables). */
  rank: number;
  kind: string;
  /** micro: a hedge of the target; macro: of the whole portfolio, shown for contrast. */
  scope: 'micro' | 'macro';
  name: string;
  costTotal: number;
  /** Cost as a fraction of the hedged holding's value. */
  costFractionOfTarget: number;
  targetEsBefore: number;
  targetEsAfter: number;
  portfolioEsBefore: number;
  portfolioEsAfter: number;
  /** 1 − Var(after)/Var(before) of the target + legs, and of the portfolio + legs. */
  varianceReductionTarget: number;
  varianceReductionPortfolio: number;
};

/** What a batch reports per portfolio (the `batch_summary` view): its largest holding (is it
 *  concentrated?), the holding the analysis hedged, and the micro-hedge of it that leaves the
 *  least portfolio ES. */
export type PortfolioSummary = {
  largestHolding: string;
  /** The largest holding's share of the portfolio's market value (decimal). */
  largestWeight: number;
  /** The holding hedged: `analyze`'s choice, the concern screen's top holding. */
  target: string;
  targetWeight: number;
  currency: string;
  portfolioValue: number;
  asOf: string;
  horizonDays: number;
  /** The confidence level of every ES figure here: the highest the analysis computed. */
  esLevel: number;
  portfolioEsBefore: number;
  /** Null when no micro-hedge was produced (constraints can exclude them all). */
  best: {
    kind: string;
    name: string;
    costTotal: number;
    portfolioEsAfter: number;
    /** portfolioEsBefore − portfolioEsAfter, in currency and as a fraction of the former. */
    riskRemoved: number;
    riskRemovedFraction: number;
    varianceReductionPortfolio: number;
  } | null;
};

type Common = {
  id: string;
  file: string;
  inputsHash: string;
  /** Wall-clock seconds the analysis took in the worker. */
  seconds: number;
};

/** A portfolio analysed: its summary, every hedge, and the JSON report exactly as `analyze
 *  --json` would write it (compact: no indentation). */
export type OkOutcome = Common & { status: 'ok'; summary: PortfolioSummary; hedges: HedgeRow[]; reportJson: string };

/** `invalid`: the portfolio's input is wrong (an InputError, reported as `file:row:column:
 *  expected …`); the same input always fails the same way. `failed`: anything else (a bug or a
 *  crash), worth retrying. */
export type FailedOutcome = Common & { status: 'invalid' | 'failed'; error: string };

export type Outcome = OkOutcome | FailedOutcome;

/** The summary and hedge rows of a report. Hedges are ranked by the portfolio's ES at the
 *  highest confidence level after hedging, lowest first, as `renderTerminal` orders its tables
 *  (ties keep the report's order); the best is the first micro-hedge: a macro-hedge of the
 *  whole portfolio is the contrast, not a way to hedge the holding. */
export function summarize(report: Report): { summary: PortfolioSummary; hedges: HedgeRow[] } {
  const esLevel = Math.max(...report.confidence);
  const es = (figures: { level: number; amount: number }[]) => {
    const f = figures.find((x) => x.level === esLevel);
    if (f === undefined) throw new Error(`report has no ES at level ${esLevel}`);
    return f.amount;
  };
  const ranked = report.hedges
    .map((h, order) => ({ h, order, after: es(h.portfolio.after.es) }))
    .sort((a, b) => a.after - b.after || a.order - b.order);
  const hedges = ranked.map(({ h }, i) => hedgeRow(h, i + 1, es));
  const portfolioEsBefore = es(report.portfolio.risk.es);
  const top = hedges.find((h) => h.scope === 'micro');
  // Holdings come in file order; the first of equal weights is the largest.
  const largest = report.portfolio.holdings.reduce<Report['portfolio']['holdings'][number] | undefined>(
    (best, h) => (best === undefined || h.weight > best.weight ? h : best), undefined);
  return {
    hedges,
    summary: {
      largestHolding: largest?.symbol ?? report.target,
      largestWeight: largest?.weight ?? report.asset.weight,
      target: report.target,
      targetWeight: report.asset.weight,
      currency: report.currency,
      portfolioValue: report.portfolio.value,
      asOf: report.asOf,
      horizonDays: report.horizonDays,
      esLevel,
      portfolioEsBefore,
      best: top === undefined ? null : {
        kind: top.kind,
        name: top.name,
        costTotal: top.costTotal,
        portfolioEsAfter: top.portfolioEsAfter,
        riskRemoved: portfolioEsBefore - top.portfolioEsAfter,
        // A portfolio without a loss in its ES tail (ES ≤ 0) has no risk to remove a share of.
        riskRemovedFraction: portfolioEsBefore > 0 ? (portfolioEsBefore - top.portfolioEsAfter) / portfolioEsBefore : 0,
        varianceReductionPortfolio: top.varianceReductionPortfolio,
      },
    },
  };
}

function hedgeRow(h: HedgeReport, rank: number, es: (f: { level: number; amount: number }[]) => number): HedgeRow {
  return {
    rank,
    kind: h.kind,
    scope: h.scope,
    name: h.name,
    costTotal: h.cost.total,
    costFractionOfTarget: h.cost.fractionOfTarget,
    targetEsBefore: es(h.asset.before.es),
    targetEsAfter: es(h.asset.after.es),
    portfolioEsBefore: es(h.portfolio.before.es),
    portfolioEsAfter: es(h.portfolio.after.es),
    varianceReductionTarget: h.varianceReduction.asset,
    varianceReductionPortfolio: h.varianceReduction.portfolio,
  };
}
