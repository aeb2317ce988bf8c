import { contributionChart, frontierChart, histogramChart, payoffChart, ratioPathChart, smileChart } from './charts/charts.js';
import { regressorsOf } from './backtest.js';
import { figureAt, level, money, percent, escapeHtml as esc } from './format.js';
import type { HedgeReport, Report, RiskFigures } from './schema.js';

/** One self-contained HTML file (inline CSS and SVG, no scripts or network), readable offline. */
export function renderHtml(r: Report): string {
  const cur = r.currency;
  const hi = r.confidence[r.confidence.length - 1] as number;
  const ranked = [...r.hedges].sort((a, b) => figureAt(a.portfolio.after.es, hi) - figureAt(b.portfolio.after.es, hi));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>microhedge — ${esc(r.target)} as of ${esc(r.asOf)}</title>
<style>${CSS}</style></head>
<body><main>
<h1>Hedging ${esc(r.target)}: ${percent(r.asset.weight)} of a ${money(r.portfolio.value, cur)} portfolio</h1>
<p class="method">As of <b>${esc(r.asOf)}</b>. Scenarios: ${esc(r.scenarios.description)}, estimated from
${esc(r.scenarios.dataFrom)} to ${esc(r.scenarios.dataTo)}; confidence ${r.confidence.map(level).join(' and ')}; seed ${r.seed}. ${esc(r.target)} at ${r.market.targetPrice.toFixed(2)},
volatility ${r.market.targetVolatility.value === null ? 'n/a' : percent(r.market.targetVolatility.value)} (${esc(r.market.targetVolatility.method)}); risk-free rate
${percent(r.market.rate.value, 2)} continuously compounded (${esc(r.market.rate.source)}).</p>

<h2>Which holding deserves a hedge</h2>
<p>${esc(r.concern.why)}</p>
<table><thead><tr><th>Rank</th><th>Holding</th><th>Share of value</th><th>Share of ES</th><th class="text">Flags raised</th></tr></thead><tbody>
${r.concern.holdings.map((h) => `<tr${h.symbol === r.target ? ' class="target"' : ''}><td>${h.rank}</td><td>${esc(h.symbol)}</td><td>${percent(h.valueShare)}</td>
<td>${h.esShare === null ? 'n/a' : percent(h.esShare)}</td><td class="text">${h.flags.length ? h.flags.map(esc).join('<br>') : 'none'}</td></tr>`).join('\n')}
</tbody></table>
<p class="note">${esc(r.concern.method)}</p>

<h2>Risk before hedging, over ${r.horizonDays} trading days</h2>
${riskTable([[`${r.target} holding`, r.asset.risk, r.asset.value], ['Whole portfolio', r.portfolio.risk, r.portfolio.value]], r)}

<h2>Where the portfolio's risk comes from</h2>
${contributionTable(r)}

<h2>Micro-hedges of ${esc(r.target)}, ranked by portfolio ES ${level(hi)} after hedging</h2>
${rankTable(ranked.filter((h) => h.scope === 'micro'), r)}
${r.smile === undefined ? '' : `<h2>Implied volatility of ${esc(r.target)}'s options</h2>
<p class="note">${esc(r.smile.source)}. Option hedges above are priced at their own strike's implied volatility.</p>
<div class="charts">${smileChart('smile', `Implied volatility (annualised) against strike / spot, ${r.target}`, r.smile.expiries)}</div>`}
<h2>Cost against risk removed</h2>
${frontier(r)}
${r.combination ? `<p><b>Best pair of micro-hedges:</b> ${r.combination.hedges.map((h) => `${esc(h.name)} ×${h.scale}`).join(' + ')} takes the
portfolio's ES ${level(hi)} from ${money(r.combination.es + r.combination.esReduction, cur)} to ${money(r.combination.es, cur)}
for ${money(r.combination.cost, cur)}.</p>` : ''}
${ranked.some((h) => h.scope === 'macro') ? `<h2>For contrast: macro-hedges of the whole portfolio</h2>
${rankTable(ranked.filter((h) => h.scope === 'macro'), r)}` : ''}
<p class="note">ES (expected shortfall) is the mean loss in the worst ${r.confidence.map((c) => percent(1 - c, 0)).join(' / ')} of scenarios;
losses are positive amounts in ${esc(cur)}. Cost is premium, half the bid–ask spread, commissions and borrow fees to the horizon.</p>

${ranked.map((h, i) => hedgeSection(h, r, `h${i + 1}`)).join('\n')}

<h2>Portfolio on ${esc(r.asOf)}</h2>
<table><thead><tr><th>Symbol</th><th>Quantity</th><th>Price</th><th>Value</th><th>Weight</th></tr></thead><tbody>
${r.portfolio.holdings.map((h) => `<tr${h.symbol === r.target ? ' class="target"' : ''}><td>${esc(h.symbol)}</td><td>${h.quantity}</td><td>${h.price.toFixed(2)}</td><td>${money(h.value, cur)}</td><td>${percent(h.weight)}</td></tr>`).join('\n')}
<tr><td>Cash</td><td></td><td></td><td>${money(r.portfolio.cash, cur)}</td><td>${percent(r.portfolio.cash / r.portfolio.value)}</td></tr>
</tbody></table>

<h2>Data</h2>
<p>Common history ${esc(r.data.firstDate)} to ${esc(r.data.lastDate)}, ${r.data.symbols.length} series: ${esc(r.data.symbols.join(', '))}.
Dividend yield: ${esc(r.market.dividendYield.source)}.</p>
<p class="note">Missing data: ${esc(r.data.policy)}</p>
${list(r.data.notes, 'notes')}${list(r.data.warnings, 'warnings')}
<footer>microhedge ${esc(r.generator.version)} · report schema v${r.schemaVersion}</footer>
</main></body></html>
`;
}

function rankTable(hedges: HedgeReport[], r: Report): string {
  const cur = r.currency;
  return `<table class="rank"><thead><tr><th>Hedge</th><th>Cost</th>${r.confidence.map((c) => `<th>${esc(r.target)} ES ${level(c)}<br>before → after</th>`).join('')}
${r.confidence.map((c) => `<th>Portfolio ES ${level(c)}<br>before → after</th>`).join('')}<th>Variance removed<br>${esc(r.target)} / portfolio</th><th>Out of sample</th></tr></thead><tbody>
${hedges.map((h) => `<tr><td><a href="#${anchor(h)}">${esc(h.name)}</a></td><td>${money(h.cost.total, cur)} (${percent(h.cost.fractionOfTarget, 2)})</td>
${r.confidence.map((c) => `<td>${money(figureAt(h.asset.before.es, c), cur)} → <b>${money(figureAt(h.asset.after.es, c), cur)}</b></td>`).join('')}
${r.confidence.map((c) => `<td>${money(figureAt(h.portfolio.before.es, c), cur)} → <b>${money(figureAt(h.portfolio.after.es, c), cur)}</b></td>`).join('')}
<td>${percent(h.varianceReduction.asset, 0)} / ${percent(h.varianceReduction.portfolio, 0)}</td>
<td>${h.outOfSample === null ? '—' : `${percent(h.outOfSample.outOfSampleVarianceReduction, 0)} <span class="rel ${h.outOfSample.reliability}">${h.outOfSample.reliability}</span>`}</td></tr>`).join('\n')}
</tbody></table>`;
}

function hedgeSection(h: HedgeReport, r: Report, id: string): string {
  const cur = r.currency;
  return `<section id="${anchor(h)}"><h2>${esc(h.name)} <small>${esc(h.kind)}</small></h2>
<p>${esc(h.rationale)}</p>
${list(h.warnings, 'warnings')}
<p><b>Legs:</b> ${h.legs.map((l) => esc(l.description)).join('; ')}.
<b>Cost:</b> ${money(h.cost.total, cur)} = premium ${money(h.cost.premium, cur)} + spread and commissions ${money(h.cost.transaction, cur)}
+ borrow ${money(h.cost.borrow, cur)} + carry ${money(h.cost.carry, cur)}.</p>
${riskTable([
    [`${r.target} unhedged`, h.asset.before, r.asset.value], [`${r.target} + hedge`, h.asset.after, r.asset.value],
    ['Portfolio unhedged', h.portfolio.before, r.portfolio.value], ['Portfolio + hedge', h.portfolio.after, r.portfolio.value],
  ], r)}
${outOfSampleSection(h, r, id)}
<div class="charts">
${h.payoff === undefined ? '' : payoffChart(`${id}-payoff`, h.payoff, r.target, r.horizonDays, cur)}
${contributionChart(`${id}-contributions`, `Contributions to portfolio ES ${level(h.contributions.levels.at(-1)!.level)} (${cur})`,
    r.portfolio.contributions.levels.at(-1)!, h.contributions.levels.at(-1)!, cur)}
${histogramChart(`${id}-pnl-asset`, `${r.target} + hedge: P&L over ${r.horizonDays} days (${cur})`, h.distribution.asset, cur)}
${histogramChart(`${id}-pnl-portfolio`, `Portfolio + hedge: P&L over ${r.horizonDays} days (${cur})`, h.distribution.portfolio, cur)}
</div></section>`;
}

/** Euler contributions of each holding to portfolio ES, before hedging, at every level. */
function contributionTable(r: Report): string {
  const levels = r.portfolio.contributions.levels;
  const names = [...levels.at(-1)!.components].sort((a, b) => b.componentEs - a.componentEs).map((c) => c.name);
  const at = (l: (typeof levels)[number], name: string) => l.components.find((c) => c.name === name)!;
  return `<table><thead><tr><th>Holding</th><th>Share of value</th>${levels.map((l) => `<th>ES ${level(l.level)} contribution</th>`).join('')}</tr></thead><tbody>
${names.map((name) => `<tr${name === r.target ? ' class="target"' : ''}><td>${esc(name)}</td><td>${percent(at(levels[0]!, name).weight ?? 0)}</td>
${levels.map((l) => `<td>${money(at(l, name).componentEs, r.currency)} (${percent(at(l, name).shareOfEs ?? 0)})</td>`).join('')}</tr>`).join('\n')}
</tbody></table>
<p class="note">${esc(r.portfolio.contributions.method)}</p>`;
}

/** The walk-forward test: in- vs out-of-sample effectiveness, the hedge ratio's path with its
 *  ±2 standard-error band, break tests and crisis episodes. */
function outOfSampleSection(h: HedgeReport, r: Report, id: string): string {
  const o = h.outOfSample;
  if (o === null) return `<p class="note">Out of sample: ${esc(h.outOfSampleNote)}.</p>`;
  return `<h3>Out of sample: <span class="rel ${o.reliability}">${o.reliability}</span></h3>
<p>Re-estimated every ${o.stepDays} trading days on ${o.windowDays}-day windows and held unchanged in between, from
${esc(o.from)} to ${esc(o.to)} (${o.periods} periods): it removed <b>${percent(o.outOfSampleVarianceReduction, 0)}</b> of ${esc(r.target)}'s
daily variance out of sample, against ${percent(o.inSampleVarianceReduction, 0)} in sample; hedge error ${percent(o.hedgeErrorVolatility)} a year;
largest drawdown ${o.maxDrawdown.unit === 'fraction' ? `${percent(o.maxDrawdown.unhedged)} unhedged, ${percent(o.maxDrawdown.hedged)} hedged` : `${o.maxDrawdown.unhedged.toFixed(2)} unhedged, ${o.maxDrawdown.hedged.toFixed(2)} hedged (price units)`}.
${o.episodes.map((e) => `${esc(e.name)}: ${percent(e.outOfSampleVarianceReduction, 0)} removed.`).join(' ')}</p>
${o.ratioPath.length < 2 ? '' : ratioPathChart(`${id}-ratio`, `${h.name}: hedge ratio per re-estimation, ±2 standard errors`, o.ratioPath, regressorsOf(h.legs.map((l) => l.symbol), o.ratioPath[0]!.ratios.length))}
${list(o.breaks.map((b) => `${b.flagged ? 'Flagged' : 'Passed'} — ${b.detail}`), 'notes')}`;
}

function riskTable(rows: [string, RiskFigures, number][], r: Report): string {
  const cur = r.currency;
  return `<table><thead><tr><th></th>${r.confidence.map((c) => `<th>VaR ${level(c)}</th>`).join('')}${r.confidence.map((c) => `<th>ES ${level(c)}</th>`).join('')}
<th>Volatility</th><th>Worst loss</th><th>P(loss)</th><th>Mean P&amp;L</th></tr></thead><tbody>
${rows.map(([name, f, value]) => `<tr><td>${esc(name)}</td>${f.var.map((x) => `<td>${money(x.amount, cur)}<br><small>${percent(x.amount / value, 2)}</small></td>`).join('')}
${f.es.map((x) => `<td>${money(x.amount, cur)}<br><small>${percent(x.amount / value, 2)}</small></td>`).join('')}
<td>${money(f.volatility, cur)}</td><td>${money(f.worstLoss, cur)}</td><td>${percent(f.probabilityOfLoss, 0)}</td><td>${money(f.mean, cur)}</td></tr>`).join('\n')}
</tbody></table>`;
}

/** Every hedge as a point (yearly cost, portfolio ES after hedging) at the highest level. */
function frontier(r: Report): string {
  if (r.hedges.length === 0) return '';
  const hi = r.confidence[r.confidence.length - 1] as number;
  return frontierChart('frontier', `Portfolio ES ${level(hi)} after each hedge against its cost per year (${r.currency}, log scale)`,
    r.hedges.map((h) => ({ name: h.name, annualCost: h.ranking.annualCost, esAfter: figureAt(h.portfolio.after.es, hi), efficient: h.ranking.efficient, macro: h.scope === 'macro' })),
    figureAt(r.portfolio.risk.es, hi), r.currency);
}

function list(items: string[], cls: string): string {
  return items.length ? `<ul class="${cls}">${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>` : '';
}

function anchor(h: HedgeReport): string {
  return `hedge-${h.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

const CSS = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#fff;margin:0}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:1.5em;margin:.2em 0 .4em}h2{font-size:1.15em;margin:1.6em 0 .5em;border-bottom:1px solid #d0d7de;padding-bottom:.2em}
h2 small{font-weight:normal;color:#57606a;font-size:.75em;margin-left:.5em}
.method,.note{color:#424a53}
table{border-collapse:collapse;margin:.5em 0;font-variant-numeric:tabular-nums}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:right;vertical-align:top}
th:first-child,td:first-child{text-align:left}th{background:#f6f8fa;font-weight:600}
tr.target td{background:#fff8c5}td.text,th.text{text-align:left}
.warnings li{color:#9a3412}.notes li{color:#424a53}
.charts{display:flex;flex-wrap:wrap;gap:16px}svg.chart{width:460px;max-width:100%;height:auto}svg.chart.wide{width:920px}
footer{margin-top:2em;color:#6e7781;font-size:.85em}
h3{font-size:1em;margin:1em 0 .3em}.rel{font-weight:600}.rel.good{color:#1a7f37}.rel.fair{color:#9a6700}.rel.poor{color:#cf222e}
`;
