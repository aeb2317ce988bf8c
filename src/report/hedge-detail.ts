import { z } from 'zod';
import { pct, table } from './csv.js';
import { figureAt, level, money, percent, wrapWords } from './format.js';
import { hedgeReportSchema, type HedgeReport, type Report, type RiskFigures } from './schema.js';

/** `microhedge hedge KIND`: every candidate of one hedge kind for the target, in full. */
export const hedgeDetailSchema = z.object({
  schemaVersion: z.literal(1),
  target: z.string(),
  asOf: z.string(),
  currency: z.string(),
  horizonDays: z.number().int(),
  confidence: z.array(z.number()),
  scenarios: z.string(),
  seed: z.number().int(),
  kind: z.string(),
  summary: z.string().describe('what this kind of hedge is'),
  chosen: z.array(hedgeReportSchema).describe('hedges built from the user\'s terms (--strike, --ratio…), valued on the same scenarios'),
  termNotes: z.array(z.string()).describe('how the terms were read: a strike moved to the nearest on offer, the expiry chosen'),
  candidates: z.array(hedgeReportSchema).describe('every candidate of the kind, best portfolio ES after hedging first'),
});

export type HedgeDetail = z.infer<typeof hedgeDetailSchema>;

/** The kind's candidates in `r`, lowest portfolio ES at the highest level first, after the hedges
 *  built from the user's terms (`chosen`) when there are any. */
export function buildHedgeDetail(r: Report, kind: string, summary: string, chosen: HedgeReport[] = [], termNotes: string[] = []): HedgeDetail {
  const hi = r.confidence[r.confidence.length - 1] as number;
  const candidates = r.hedges.filter((h) => h.kind === kind)
    .sort((a, b) => figureAt(a.portfolio.after.es, hi) - figureAt(b.portfolio.after.es, hi));
  return {
    schemaVersion: 1, target: r.target, asOf: r.asOf, currency: r.currency, horizonDays: r.horizonDays,
    confidence: r.confidence, scenarios: r.scenarios.description, seed: r.seed, kind, summary, chosen, termNotes, candidates,
  };
}

/** Each candidate as a block of text: legs, parameters, itemised cost, risk before→after at every
 *  level for the holding and the portfolio, the out-of-sample test and the warnings. */
export function renderHedgeDetail(d: HedgeDetail): string {
  const out = [...wrapWords(`microhedge hedge ${d.kind} — ${d.summary}`, 100, '  '),
    `Hedging ${d.target} as of ${d.asOf}; horizon ${d.horizonDays} trading days; seed ${d.seed}`, ...wrapWords(`Scenarios: ${d.scenarios}`, 100, '  '), ''];
  if (d.chosen.length > 0) {
    out.push(`Your terms (${d.chosen.length}):`);
    for (const n of d.termNotes) out.push(...wrapWords(`· ${n}`, 100, '  '));
    out.push('');
    d.chosen.forEach((h, i) => out.push(...candidateBlock(d, h, `Y${i + 1}`), ''));
    out.push(`Proposed candidates (${d.candidates.length}):`, '');
  }
  if (d.candidates.length === 0) {
    out.push(...wrapWords(`No ${d.kind} candidate for ${d.target}: the data loaded offer none, or the constraints (--budget, ` +
      `--no-short-target, --instruments) leave none; the notes of \`microhedge analyze\` say what the data lack.`, 100, '  '));
  }
  d.candidates.forEach((h, i) => out.push(...candidateBlock(d, h, String(i + 1)), ''));
  return `${out.join('\n').trimEnd()}\n`;
}

function candidateBlock(d: HedgeDetail, h: HedgeReport, label: string): string[] {
  const cur = d.currency;
  const out = [`${label}. ${h.name}${h.scope === 'macro' ? ' (macro: hedges the whole portfolio)' : ''}`];
  out.push(...indent(wrapWords(h.rationale, 96, '  ')));
  for (const leg of h.legs) {
    out.push(...indent(wrapWords(`leg: ${leg.quantity > 0 ? '+' : ''}${leg.quantity} ${leg.symbol} (${leg.instrument}) — ${leg.description}`, 96, '  ')));
  }
  const params = Object.entries(h.parameters).map(([k, v]) => `${k} ${typeof v === 'number' ? Number(v.toPrecision(6)) : v}`);
  if (params.length > 0) out.push(...indent(wrapWords(`parameters: ${params.join(', ')}`, 96, '  ')));
  const c = h.cost;
  out.push(...indent(wrapWords(`cost: premium ${money(c.premium, cur)}, transaction ${money(c.transaction, cur)}, borrow ${money(c.borrow, cur)}, ` +
    `carry ${money(c.carry, cur)} = ${money(c.total, cur)} (${percent(c.fractionOfTarget, 2)} of ${d.target}); ${money(h.ranking.annualCost, cur)} a year`, 96, '  ')));
  out.push(`   ${'risk, losses over the horizon'.padEnd(30)}${`${d.target} + hedge`.padStart(22)}${'portfolio + hedge'.padStart(24)}`);
  for (const at of d.confidence) {
    out.push(riskLine(`VaR ${level(at)}`, h, (f) => figureAt(f.var, at), cur));
    out.push(riskLine(`ES ${level(at)}`, h, (f) => figureAt(f.es, at), cur));
  }
  out.push(riskLine('volatility', h, (f) => f.volatility, cur));
  out.push(`   variance removed: ${percent(h.varianceReduction.asset, 0)} of ${d.target} + hedge, ${percent(h.varianceReduction.portfolio, 0)} of the portfolio`);
  const oos = h.outOfSample;
  out.push(...indent(wrapWords(oos === null ? `out of sample: ${h.outOfSampleNote}` :
    `out of sample (${oos.from} … ${oos.to}, ${oos.periods} periods of ${oos.stepDays} days): variance removed ${percent(oos.outOfSampleVarianceReduction, 0)} ` +
    `against ${percent(oos.inSampleVarianceReduction, 0)} in sample — ${oos.reliability}; ` +
    `breaks: ${oos.breaks.filter((b) => b.flagged).map((b) => b.test).join(', ') || 'none flagged'}`, 96, '  ')));
  const stability = ratioStability(oos);
  if (stability !== null) out.push(...indent(wrapWords(`ratio stability: ${stability}`, 96, '  ')));
  for (const w of [...h.warnings, ...(oos?.warnings ?? [])]) out.push(...indent(wrapWords(`! ${w}`, 96, '  ')));
  return out;
}

/** How much the re-estimated ratio of the first regressor moved over the walk-forward: its range
 *  and the standard deviation of its path, beside the mean. */
function ratioStability(oos: HedgeReport['outOfSample']): string | null {
  const path = (oos?.ratioPath ?? []).map((p) => p.ratios[0]).filter((x): x is number => x !== undefined);
  if (path.length < 2) return null;
  const mean = path.reduce((a, b) => a + b, 0) / path.length;
  const sd = Math.sqrt(path.reduce((a, b) => a + (b - mean) ** 2, 0) / (path.length - 1));
  const f = (x: number) => x.toFixed(3);
  return `the ratio re-estimated ${path.length} times ranged ${f(Math.min(...path))} … ${f(Math.max(...path))} ` +
    `(mean ${f(mean)}, standard deviation ${f(sd)}); today ${f(path[path.length - 1]!)}`;
}

/** candidates.csv (one row per hedge: cost items, VaR and ES of holding and portfolio before and
 *  after at every level), legs.csv and parameters.csv; the user's own hedges first, marked. */
export function hedgeDetailCsv(d: HedgeDetail): Record<string, string> {
  const all = [...d.chosen.map((h) => ['chosen', h] as const), ...d.candidates.map((h) => ['proposed', h] as const)];
  const cur = d.currency;
  const sides = [['asset', 'before'], ['asset', 'after'], ['portfolio', 'before'], ['portfolio', 'after']] as const;
  const header = ['origin', 'kind', 'name', `premium_${cur}`, `transaction_${cur}`, `borrow_${cur}`, `carry_${cur}`, `cost_total_${cur}`,
    'cost_fraction_of_target', `annual_cost_${cur}`,
    ...d.confidence.flatMap((l) => sides.flatMap(([who, when]) => [`${who}_var${pct(l)}_${when}`, `${who}_es${pct(l)}_${when}`])),
    'variance_reduction_asset', 'variance_reduction_portfolio', 'oos_variance_reduction', 'oos_reliability', 'warnings'];
  const rows = all.map(([origin, h]) => [origin, h.kind, h.name, h.cost.premium, h.cost.transaction, h.cost.borrow, h.cost.carry, h.cost.total,
    h.cost.fractionOfTarget, h.ranking.annualCost,
    ...d.confidence.flatMap((l) => sides.flatMap(([who, when]) => [figureAt(h[who][when].var, l), figureAt(h[who][when].es, l)])),
    h.varianceReduction.asset, h.varianceReduction.portfolio, h.outOfSample?.outOfSampleVarianceReduction ?? '', h.outOfSample?.reliability ?? '',
    [...h.warnings, ...(h.outOfSample?.warnings ?? [])].join(' | ')]);
  return {
    'candidates.csv': table(header, rows),
    'legs.csv': table(['hedge', 'symbol', 'instrument', 'quantity', 'description'],
      all.flatMap(([, h]) => h.legs.map((l) => [h.name, l.symbol, l.instrument, l.quantity, l.description]))),
    'parameters.csv': table(['hedge', 'parameter', 'value'], all.flatMap(([, h]) => Object.entries(h.parameters).map(([k, v]) => [h.name, k, v]))),
  };
}

function riskLine(label: string, h: HedgeReport, pick: (f: RiskFigures) => number, cur: string): string {
  const pair = (before: RiskFigures, after: RiskFigures) => `${money(pick(before), cur)}→${money(pick(after), cur)}`;
  return `     ${label.padEnd(28)}${pair(h.asset.before, h.asset.after).padStart(22)}${pair(h.portfolio.before, h.portfolio.after).padStart(24)}`;
}

function indent(lines: string[]): string[] {
  return lines.map((l) => `   ${l}`);
}
