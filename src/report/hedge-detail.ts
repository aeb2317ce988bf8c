import { z } from 'zod';
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
  candidates: z.array(hedgeReportSchema).describe('every candidate of the kind, best portfolio ES after hedging first'),
});

export type HedgeDetail = z.infer<typeof hedgeDetailSchema>;

export function buildHedgeDetail(r: Report, kind: string, summary: string): HedgeDetail {
  const hi = r.confidence[r.confidence.length - 1] as number;
  const candidates = r.hedges.filter((h) => h.kind === kind)
    .sort((a, b) => figureAt(a.portfolio.after.es, hi) - figureAt(b.portfolio.after.es, hi));
  return {
    schemaVersion: 1, target: r.target, asOf: r.asOf, currency: r.currency, horizonDays: r.horizonDays,
    confidence: r.confidence, scenarios: r.scenarios.description, seed: r.seed, kind, summary, candidates,
  };
}

/** Each candidate as a block of text: legs, parameters, itemised cost, risk before→after at every
 *  level for the holding and the portfolio, the out-of-sample test and the warnings. */
export function renderHedgeDetail(d: HedgeDetail): string {
  const cur = d.currency;
  const out = [...wrapWords(`microhedge hedge ${d.kind} — ${d.summary}`, 100, '  '), `Hedging ${d.target} as of ${d.asOf}; horizon ${d.horizonDays} trading days`, ''];
  if (d.candidates.length === 0) {
    out.push(`No ${d.kind} candidate for ${d.target}: the data or the constraints leave none (see the notes of \`microhedge analyze\`).`);
  }
  d.candidates.forEach((h, i) => {
    out.push(`${i + 1}. ${h.name}${h.scope === 'macro' ? ' (macro: hedges the whole portfolio)' : ''}`);
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
    for (const w of [...h.warnings, ...(oos?.warnings ?? [])]) out.push(...indent(wrapWords(`! ${w}`, 96, '  ')));
    out.push('');
  });
  return `${out.join('\n').trimEnd()}\n`;
}

function riskLine(label: string, h: HedgeReport, pick: (f: RiskFigures) => number, cur: string): string {
  const pair = (before: RiskFigures, after: RiskFigures) => `${money(pick(before), cur)}→${money(pick(after), cur)}`;
  return `     ${label.padEnd(28)}${pair(h.asset.before, h.asset.after).padStart(22)}${pair(h.portfolio.before, h.portfolio.after).padStart(24)}`;
}

function indent(lines: string[]): string[] {
  return lines.map((l) => `   ${l}`);
}
