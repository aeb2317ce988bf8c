import { figureAt, level, money, percent } from './format.js';
import type { HedgeReport, Report, RiskFigures } from './schema.js';

/** The report as plain text for a terminal, at most 100 columns wide. */
export function renderTerminal(r: Report): string {
  const cur = r.currency;
  const lo = r.confidence[0] as number;
  const hi = r.confidence[r.confidence.length - 1] as number;
  const es = (f: RiskFigures, at: number) => money(figureAt(f.es, at), cur);
  const out: string[] = [];
  out.push(`microhedge — hedging ${r.target}: ${percent(r.asset.weight)} of a ${money(r.portfolio.value, cur)} portfolio, as of ${r.asOf}`);
  out.push(`Scenarios: ${r.scenarios.description}${r.scenarios.seeded ? '' : ` (seed ${r.seed} unused)`}`);
  const vol = r.market.targetVolatility.value;
  out.push(`Market: ${r.target} ${r.market.targetPrice.toFixed(2)}, volatility ` +
    `${vol === null ? `n/a (${r.market.targetVolatility.method})` : `${percent(vol)} (${r.scenarios.lookbackDays}-day sample)`}, ` +
    `rate ${percent(r.market.rate.value, 2)} (${r.market.rate.source})`);
  out.push('');
  out.push(`Why ${r.target}: ${r.concern.why}`);
  const others = r.concern.holdings.filter((h) => h.symbol !== r.target).slice(0, 3);
  if (others.length > 0) {
    out.push(`  next in the concern screen: ${others.map((h) => `${h.symbol} (${h.esShare === null ? 'n/a' : percent(h.esShare, 0)} of ES)`).join(', ')}` +
      ' — `microhedge screen` explains each');
  }
  out.push('');
  out.push(`${`Risk over ${r.horizonDays} trading days (losses, ${cur})`.padEnd(40)}${`${r.target} holding`.padStart(18)}${'portfolio'.padStart(22)}`);
  const figure = (label: string, pick: (f: RiskFigures) => number, withPercent: boolean) => out.push(`  ${label.padEnd(38)}` +
    `${cell(money(pick(r.asset.risk), cur), withPercent ? percent(pick(r.asset.risk) / r.asset.value) : '')}` +
    `${cell(money(pick(r.portfolio.risk), cur), withPercent ? percent(pick(r.portfolio.risk) / r.portfolio.value) : '')}`);
  for (const at of r.confidence) {
    figure(`VaR ${level(at)}`, (f) => figureAt(f.var, at), true);
    figure(`ES ${level(at)} (mean loss beyond VaR)`, (f) => figureAt(f.es, at), true);
  }
  figure('volatility of P&L', (f) => f.volatility, false);
  figure('worst loss in the scenarios', (f) => f.worstLoss, true);
  const top = r.portfolio.contributions.levels.at(-1)!;
  const shares = [...top.components].sort((a, b) => b.componentEs - a.componentEs).slice(0, 5)
    .map((c) => `${c.name} ${percent(c.shareOfEs ?? 0, 0)}${c.weight === null ? '' : ` (${percent(c.weight, 0)} of value)`}`);
  out.push(`  share of portfolio ES ${level(top.level)}: ${shares.join(', ')}`);
  out.push('');
  const header = `${'Hedge'.padEnd(22)}${'Cost'.padStart(15)}  ${`${r.target} ES${level(lo)}`.padEnd(17)}` +
    `${`Port. ES${level(hi)}`.padEnd(17)}${'Var. cut'.padEnd(11)}${'Out of sample'}`;
  const row = (h: HedgeReport) =>
    `${h.name.slice(0, 21).padEnd(22)}` +
    `${`${money(h.cost.total, cur)} ${percent(h.cost.fractionOfTarget, 2)}`.padStart(15)}  ` +
    `${arrow(es(h.asset.before, lo), es(h.asset.after, lo)).padEnd(17)}` +
    `${arrow(es(h.portfolio.before, hi), es(h.portfolio.after, hi)).padEnd(17)}` +
    `${`${percent(h.varianceReduction.asset, 0)}/${percent(h.varianceReduction.portfolio, 0)}`.padEnd(11)}` +
    `${h.outOfSample === null ? '—' : `${percent(h.outOfSample.outOfSampleVarianceReduction, 0)} ${h.outOfSample.reliability}`}`;
  const byPortfolioEs = (a: HedgeReport, b: HedgeReport) => figureAt(a.portfolio.after.es, hi) - figureAt(b.portfolio.after.es, hi);
  out.push(`Micro-hedges of ${r.target}, ranked by portfolio ES ${level(hi)} after hedging`);
  out.push(header);
  out.push('-'.repeat(header.length));
  for (const h of r.hedges.filter((x) => x.scope === 'micro').sort(byPortfolioEs)) out.push(row(h));
  const macro = r.hedges.filter((x) => x.scope === 'macro').sort(byPortfolioEs);
  if (macro.length > 0) {
    out.push('', 'For contrast, macro-hedges of the whole portfolio');
    for (const h of macro) out.push(row(h));
  }
  out.push('');
  out.push(`Most portfolio ES ${level(hi)} removed per ${cur} 1 of cost a year (* on the efficient frontier of cost vs ES):`);
  const value = [...r.hedges].sort((a, b) => a.ranking.rank - b.ranking.rank).slice(0, 5);
  for (const h of value) {
    const g = h.ranking;
    out.push(`  ${String(g.rank).padStart(2)}. ${h.name.slice(0, 21).padEnd(22)}−${money(g.esReduction, cur).padEnd(8)} for ${`${money(g.annualCost, cur)}/yr`.padEnd(10)}` +
      `${(g.esReductionPerCost === null ? '' : `${g.esReductionPerCost.toFixed(1)} per 1`).padStart(12)}${g.efficient ? ' *' : '  '}` +
      `${g.bestScale === 1 ? '' : `  best size ${g.bestScale}×${g.bestScale === 2 ? '+' : ''}: ${money(g.esAtBestScale, cur)}`}`);
  }
  if (r.combination) {
    const c = r.combination;
    out.push(`  Best pair of micro-hedges: ${c.hedges.map((h) => `${h.name} ×${h.scale}`).join(' + ')}: portfolio ES ${level(hi)} ` +
      `${money(c.es + c.esReduction, cur)}→${money(c.es, cur)} for ${money(c.cost, cur)}`);
  }
  out.push('');
  out.push(`Cost: premium + spread + commissions + borrow to the horizon; % of the ${r.target} holding.`);
  out.push(`ES: expected shortfall, the mean loss in the worst ${percent(1 - lo, 0)} / ${percent(1 - hi, 0)} of scenarios (historical).`);
  out.push(`Var. cut: variance removed from ${r.target} + hedge / from the whole portfolio.`);
  out.push('Out of sample: variance removed by the hedge re-estimated monthly and held unchanged (walk-forward,');
  out.push('  10 years), and its reliability; — for hedges not sized from history (docs/evaluation.md).');
  // The same warning on several candidates (e.g. every size of one short) is printed once.
  const byMessage = new Map<string, string[]>();
  for (const h of r.hedges) {
    for (const w of [...h.warnings, ...(h.outOfSample?.warnings ?? [])]) byMessage.set(w, [...(byMessage.get(w) ?? []), h.name]);
  }
  const warnings = [...byMessage].map(([w, names]) => `${names.join(', ')}: ${w}`);
  if (warnings.length + r.data.warnings.length + r.data.notes.length > 0) out.push('');
  for (const w of warnings) out.push(`! ${w}`);
  for (const n of r.data.notes) out.push(`· ${n}`);
  for (const w of r.data.warnings) out.push(`! data: ${w}`);
  return `${out.map((line) => wrap(line.trimEnd(), 100)).join('\n')}\n`;
}

function cell(amount: string, pct: string): string {
  return `${amount.padStart(14)}${pct.padStart(8)}`;
}

function arrow(a: string, b: string): string {
  return `${a}→${b}`;
}

/** Wraps long prose lines (warnings) at word boundaries; table rows are shorter than `width`. */
function wrap(line: string, width: number): string {
  if (line.length <= width) return line;
  const indent = /^ */.exec(line)![0];
  const lines: string[] = [];
  let current = indent;
  for (const w of line.trimStart().split(' ')) {
    if (current.trim() && current.length + 1 + w.length > width) { lines.push(current); current = `${indent}  ${w}`; }
    else current = current.trim() ? `${current} ${w}` : `${current}${w}`;
  }
  lines.push(current);
  return lines.join('\n');
}
