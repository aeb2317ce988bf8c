import { z } from 'zod';
import { pct, table } from './csv.js';
import { figureAt, level, money, percent, wrapWords } from './format.js';
import type { HedgeReport, Report } from './schema.js';

const rowSchema = z.object({
  scope: z.enum(['micro', 'macro']),
  kind: z.string(),
  name: z.string(),
  cost: z.number().describe('total entry and running cost to the horizon, currency'),
  annualCost: z.number().describe('cost a year, currency'),
  assetEsBefore: z.number().describe('ES of the target holding at the lowest level, currency'),
  assetEsAfter: z.number(),
  portfolioEsBefore: z.number().describe('ES of the whole portfolio at the highest level, currency'),
  portfolioEsAfter: z.number(),
  portfolioEsRemovedPerCost: z.number().nullable().describe('portfolio ES removed per 1.00 of cost a year'),
  varianceCutAsset: z.number().describe('1 − Var(after)/Var(before) of target + legs'),
  varianceCutPortfolio: z.number().describe('1 − Var(after)/Var(before) of portfolio + legs'),
  outOfSample: z.string().describe('walk-forward reliability (good, fair, poor) or — when not sized from history'),
});

/** `microhedge compare`: the best micro-hedges of the target against the macro-hedges of the
 *  whole portfolio, each with what it costs and what it removes from both. */
export const comparisonSchema = z.object({
  schemaVersion: z.literal(1),
  target: z.string(),
  asOf: z.string(),
  currency: z.string(),
  horizonDays: z.number().int(),
  assetLevel: z.number().describe('confidence level of the target ES columns'),
  portfolioLevel: z.number().describe('confidence level of the portfolio ES columns'),
  scenarios: z.string(),
  seed: z.number().int(),
  rows: z.array(rowSchema),
  verdict: z.string().describe('the comparison in one or two sentences'),
});

export type Comparison = z.infer<typeof comparisonSchema>;
type Row = z.infer<typeof rowSchema>;

/** The `top` micro-hedges that leave the lowest portfolio ES, then every macro-hedge. */
export function buildComparison(r: Report, top: number): Comparison {
  const lo = r.confidence[0] as number;
  const hi = r.confidence[r.confidence.length - 1] as number;
  const after = (h: HedgeReport) => figureAt(h.portfolio.after.es, hi);
  const micro = r.hedges.filter((h) => h.scope === 'micro').sort((a, b) => after(a) - after(b)).slice(0, top);
  const macro = r.hedges.filter((h) => h.scope === 'macro').sort((a, b) => after(a) - after(b));
  const row = (h: HedgeReport): Row => ({
    scope: h.scope, kind: h.kind, name: h.name, cost: h.cost.total, annualCost: h.ranking.annualCost,
    assetEsBefore: figureAt(h.asset.before.es, lo), assetEsAfter: figureAt(h.asset.after.es, lo),
    portfolioEsBefore: figureAt(h.portfolio.before.es, hi), portfolioEsAfter: after(h),
    portfolioEsRemovedPerCost: h.ranking.esReductionPerCost,
    varianceCutAsset: h.varianceReduction.asset, varianceCutPortfolio: h.varianceReduction.portfolio,
    outOfSample: h.outOfSample?.reliability ?? '—',
  });
  const rows = [...micro.map(row), ...macro.map(row)];
  return {
    schemaVersion: 1, target: r.target, asOf: r.asOf, currency: r.currency, horizonDays: r.horizonDays,
    assetLevel: lo, portfolioLevel: hi, scenarios: r.scenarios.description, seed: r.seed, rows,
    verdict: verdict(rows, r.target, r.currency, hi),
  };
}

function verdict(rows: Row[], target: string, cur: string, hi: number): string {
  const best = (scope: 'micro' | 'macro') => rows.find((x) => x.scope === scope);
  const m = best('micro');
  const M = best('macro');
  if (m === undefined && M === undefined) return 'No hedge passed the constraints: nothing to compare.';
  const say = (x: Row) => {
    const cut = x.assetEsBefore > 0 ? 1 - x.assetEsAfter / x.assetEsBefore : 0;
    return `${x.name} takes portfolio ES ${level(hi)} from ${money(x.portfolioEsBefore, cur)} to ` +
      `${money(x.portfolioEsAfter, cur)} for ${money(x.cost, cur)} and ${cut >= 0 ? 'cuts' : 'raises'} ${target}'s own ES by ${percent(Math.abs(cut), 0)}`;
  };
  if (m === undefined) return `No micro-hedge passed the constraints. The best macro-hedge: ${say(M!)}.`;
  if (M === undefined) return `The best micro-hedge: ${say(m)}. No macro-hedge was evaluated (the index or its futures are missing).`;
  const winner = m.portfolioEsAfter <= M.portfolioEsAfter ? 'the micro-hedge leaves less portfolio risk' : 'the macro-hedge leaves less portfolio risk';
  return `Best micro-hedge: ${say(m)}. Best macro-hedge: ${say(M)}. At these sizes ${winner}.`;
}

/** Terminal table of a comparison, at most 100 columns. */
export function renderComparison(c: Comparison): string {
  const cur = c.currency;
  const out = [
    `microhedge compare — micro-hedges of ${c.target} against macro-hedges of the portfolio, as of ${c.asOf}`,
    ...wrapWords(`Scenarios: ${c.scenarios}`, 100),
    '',
  ];
  const header = `${'Scope'.padEnd(6)}${'Hedge'.padEnd(29)}${'Cost'.padStart(9)}  ${`${c.target} ES${level(c.assetLevel)}`.padEnd(18)}` +
    `${`Port. ES${level(c.portfolioLevel)}`.padEnd(18)}${'Var. cut'.padEnd(10)}${'OOS'}`;
  out.push(header, '-'.repeat(header.length));
  for (const r of c.rows) {
    out.push(`${r.scope.padEnd(6)}${r.name.slice(0, 28).padEnd(29)}${money(r.cost, cur).padStart(9)}  ` +
      `${`${money(r.assetEsBefore, cur)}→${money(r.assetEsAfter, cur)}`.padEnd(18)}` +
      `${`${money(r.portfolioEsBefore, cur)}→${money(r.portfolioEsAfter, cur)}`.padEnd(18)}` +
      `${`${percent(r.varianceCutAsset, 0)}/${percent(r.varianceCutPortfolio, 0)}`.padEnd(10)}${r.outOfSample}`);
  }
  out.push('', ...wrapWords(c.verdict, 100));
  return `${out.join('\n')}\n`;
}

/** The rows as CSV, amounts in the report currency. */
export function comparisonCsv(c: Comparison): string {
  const header = ['scope', 'kind', 'name', `cost_${c.currency}`, `annual_cost_${c.currency}`,
    `target_es${pct(c.assetLevel)}_before`, `target_es${pct(c.assetLevel)}_after`,
    `portfolio_es${pct(c.portfolioLevel)}_before`, `portfolio_es${pct(c.portfolioLevel)}_after`,
    'portfolio_es_removed_per_cost', 'variance_cut_target', 'variance_cut_portfolio', 'out_of_sample'];
  const rows = c.rows.map((r) => [r.scope, r.kind, r.name, r.cost, r.annualCost, r.assetEsBefore, r.assetEsAfter,
    r.portfolioEsBefore, r.portfolioEsAfter, r.portfolioEsRemovedPerCost ?? '', r.varianceCutAsset, r.varianceCutPortfolio, r.outOfSample]);
  return table(header, rows);
}
