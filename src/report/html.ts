import { figureAt, level, money, percent } from './format.js';
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
<table><thead><tr><th>Rank</th><th>Holding</th><th>Share of value</th><th>Share of ES</th><th>Flags raised</th></tr></thead><tbody>
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
<div class="charts">${smileSvg(r.smile, r)}</div>`}
<h2>Cost against risk removed</h2>
${frontierSvg(r)}
${r.combination ? `<p><b>Best pair of micro-hedges:</b> ${r.combination.hedges.map((h) => `${esc(h.name)} ×${h.scale}`).join(' + ')} takes the
portfolio's ES ${level(hi)} from ${money(r.combination.es + r.combination.esReduction, cur)} to ${money(r.combination.es, cur)}
for ${money(r.combination.cost, cur)}.</p>` : ''}
${ranked.some((h) => h.scope === 'macro') ? `<h2>For contrast: macro-hedges of the whole portfolio</h2>
${rankTable(ranked.filter((h) => h.scope === 'macro'), r)}` : ''}
<p class="note">ES (expected shortfall) is the mean loss in the worst ${r.confidence.map((c) => percent(1 - c, 0)).join(' / ')} of scenarios;
losses are positive amounts in ${esc(cur)}. Cost is premium, half the bid–ask spread, commissions and borrow fees to the horizon.</p>

${ranked.map((h) => hedgeSection(h, r)).join('\n')}

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

function hedgeSection(h: HedgeReport, r: Report): string {
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
${outOfSampleSection(h, r)}
<div class="charts">
${h.payoff === undefined ? '' : payoffSvg(h.payoff, r)}
${contributionSvg(h, r)}
${histogramSvg(h.distribution.asset, `${r.target} + hedge: P&L over ${r.horizonDays} days (${cur})`)}
${histogramSvg(h.distribution.portfolio, `Portfolio + hedge: P&L over ${r.horizonDays} days (${cur})`)}
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
function outOfSampleSection(h: HedgeReport, r: Report): string {
  const o = h.outOfSample;
  if (o === null) return `<p class="note">Out of sample: ${esc(h.outOfSampleNote)}.</p>`;
  return `<h3>Out of sample: <span class="rel ${o.reliability}">${o.reliability}</span></h3>
<p>Re-estimated every ${o.stepDays} trading days on ${o.windowDays}-day windows and held unchanged in between, from
${esc(o.from)} to ${esc(o.to)} (${o.periods} periods): it removed <b>${percent(o.outOfSampleVarianceReduction, 0)}</b> of ${esc(r.target)}'s
daily variance out of sample, against ${percent(o.inSampleVarianceReduction, 0)} in sample; hedge error ${percent(o.hedgeErrorVolatility)} a year;
largest drawdown ${o.maxDrawdown.unit === 'fraction' ? `${percent(o.maxDrawdown.unhedged)} unhedged, ${percent(o.maxDrawdown.hedged)} hedged` : `${o.maxDrawdown.unhedged.toFixed(2)} unhedged, ${o.maxDrawdown.hedged.toFixed(2)} hedged (price units)`}.
${o.episodes.map((e) => `${esc(e.name)}: ${percent(e.outOfSampleVarianceReduction, 0)} removed.`).join(' ')}</p>
${ratioPathSvg(o.ratioPath, `${h.name}: hedge ratio per re-estimation, ±2 standard errors`)}
${list(o.breaks.map((b) => `${b.flagged ? 'Flagged' : 'Passed'} — ${b.detail}`), 'notes')}`;
}

/** Every hedge as a point (yearly cost, portfolio ES after hedging); the efficient ones —
 *  no cheaper hedge leaves a lower ES — joined and labelled. */
function frontierSvg(r: Report): string {
  const hi = r.confidence[r.confidence.length - 1] as number;
  const pts = r.hedges.map((h) => ({ h, x: h.ranking.annualCost, y: figureAt(h.portfolio.after.es, hi) }));
  if (pts.length === 0) return '';
  const before = figureAt(r.portfolio.risk.es, hi);
  const W = 920, H = 320, L = 64, R = 16, T = 28, B = 36;
  const xMax = Math.max(...pts.map((p) => p.x), 1);
  const yMax = Math.max(before, ...pts.map((p) => p.y));
  const yMin = Math.min(0, ...pts.map((p) => p.y));
  // Square-root cost axis: costs span three orders of magnitude (a short's borrow to a put's premium).
  const sx = (x: number) => L + Math.sqrt(Math.max(0, x) / xMax) * (W - L - R);
  const sy = (y: number) => T + (1 - (y - yMin) / (yMax - yMin || 1)) * (H - T - B);
  const frontier = pts.filter((p) => p.h.ranking.efficient).sort((a, b) => a.x - b.x);
  const title = `Portfolio ES ${level(hi)} after each hedge against its cost per year (${r.currency}, square-root scale)`;
  return `<svg class="wide" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>
<text x="${L}" y="16" class="title">${esc(title)}</text>
<line class="zero" x1="${L}" x2="${W - R}" y1="${sy(before).toFixed(1)}" y2="${sy(before).toFixed(1)}"/>
<text x="${W - R}" y="${(sy(before) - 4).toFixed(1)}" text-anchor="end">unhedged ${money(before, r.currency)}</text>
<path class="ratio" d="${frontier.map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join('')}"/>
${pts.map((p) => `<circle class="${p.h.scope === 'macro' ? 'macro' : p.h.ranking.efficient ? 'efficient' : 'other'}" cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="4"><title>${esc(p.h.name)}: ${money(p.x, r.currency)}/yr, ES ${money(p.y, r.currency)}</title></circle>`).join('')}
${frontier.map((p) => `<text x="${(sx(p.x) + 6).toFixed(1)}" y="${(sy(p.y) - 6).toFixed(1)}">${esc(p.h.name)}</text>`).join('')}
<line class="axis" x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}"/>
${[0, 0.01, 0.1, 0.25, 0.5, 1].map((f) => `<text x="${sx(f * xMax).toFixed(1)}" y="${H - 12}" text-anchor="${f === 1 ? 'end' : 'middle'}">${money(f * xMax, r.currency)}</text>`).join('')}
<text x="${L - 6}" y="${sy(yMax).toFixed(1)}" text-anchor="end">${money(yMax, r.currency)}</text><text x="${L - 6}" y="${sy(yMin).toFixed(1)}" text-anchor="end">${money(yMin, r.currency)}</text>
<text x="${W - R}" y="${T + 10}" text-anchor="end" class="legend"><tspan class="le">●</tspan> efficient  <tspan class="lo">●</tspan> dominated  <tspan class="lm">●</tspan> macro</text></svg>`;
}

function ratioPathSvg(path: { date: string; ratios: number[]; stdErrors: number[] }[], title: string): string {
  const W = 920, H = 200, L = 44, R = 10, T = 24, B = 28;
  const series = (path[0]?.ratios ?? []).map((_, k) => path.map((p) => ({ v: p.ratios[k]!, se: p.stdErrors[k]! })));
  const all = series.flatMap((s) => s.flatMap((p) => [p.v - 2 * p.se, p.v + 2 * p.se]));
  if (path.length < 2 || all.length === 0) return '';
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const sx = (i: number) => L + (i / (path.length - 1)) * (W - L - R);
  const sy = (v: number) => T + (1 - (v - lo) / (hi - lo || 1)) * (H - T - B);
  const line = (pts: number[]) => pts.map((v, i) => `${i === 0 ? 'M' : 'L'}${sx(i).toFixed(1)},${sy(v).toFixed(1)}`).join('');
  const bands = series.map((s) => `<path class="band" d="${line(s.map((p) => p.v + 2 * p.se))}L${s.map((p, i) => `${sx(i).toFixed(1)},${sy(p.v - 2 * p.se).toFixed(1)}`).reverse().join('L')}Z"/>`).join('');
  const lines = series.map((s) => `<path class="ratio" d="${line(s.map((p) => p.v))}"/>`).join('');
  const labels = [0, Math.floor((path.length - 1) / 2), path.length - 1]
    .map((i, k) => `<text x="${sx(i).toFixed(1)}" y="${H - 8}" text-anchor="${['start', 'middle', 'end'][k]}">${esc(path[i]!.date)}</text>`).join('');
  const ticks = [lo, (lo + hi) / 2, hi].map((v) => `<text x="${L - 4}" y="${sy(v).toFixed(1)}" text-anchor="end">${v.toFixed(2)}</text>`).join('');
  return `<svg class="wide" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>
<text x="${L}" y="14" class="title">${esc(title)}</text>${bands}${lines}${labels}${ticks}</svg>`;
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

/** Before/after P&L histograms overlaid on one axis. */
function histogramSvg(h: { edges: number[]; before: number[]; after: number[] }, title: string): string {
  const W = 460, H = 230, L = 44, R = 10, T = 28, B = 40;
  const n = h.before.length;
  const max = Math.max(1, ...h.before, ...h.after);
  const x0 = h.edges[0] as number;
  const x1 = h.edges[n] as number;
  const sx = (x: number) => L + ((x - x0) / (x1 - x0)) * (W - L - R);
  const sy = (c: number) => H - B - (c / max) * (H - T - B);
  const bars = (counts: number[], cls: string) => counts.map((c, k) => {
    const a = sx(h.edges[k] as number);
    const b = sx(h.edges[k + 1] as number);
    return c > 0 ? `<rect class="${cls}" x="${a.toFixed(1)}" y="${sy(c).toFixed(1)}" width="${Math.max(0.5, b - a - 0.5).toFixed(1)}" height="${(H - B - sy(c)).toFixed(1)}"/>` : '';
  }).join('');
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const v = x0 + f * (x1 - x0);
    const anchor = f === 0 ? 'start' : f === 1 ? 'end' : 'middle';
    return `<text x="${sx(v).toFixed(1)}" y="${H - B + 16}" text-anchor="${anchor}">${money(v)}</text>`;
  }).join('');
  const zero = x0 < 0 && x1 > 0 ? `<line class="zero" x1="${sx(0)}" x2="${sx(0)}" y1="${T}" y2="${H - B}"/>` : '';
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>
<text x="${L}" y="16" class="title">${esc(title)}</text>${bars(h.before, 'before')}${bars(h.after, 'after')}${zero}
<line x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}" class="axis"/>${ticks}
<text x="${W - R}" y="${H - 6}" text-anchor="end" class="legend"><tspan class="lb">■</tspan> unhedged  <tspan class="la">■</tspan> hedged (scenario counts)</text></svg>`;
}

/** Euler contributions to portfolio ES at the highest level, per holding and for the hedge's
 *  legs as one block, before and after hedging: where the risk went. */
function contributionSvg(h: HedgeReport, r: Report): string {
  const before = r.portfolio.contributions.levels.at(-1)!;
  const after = h.contributions.levels.at(-1)!;
  const names = [...after.components].sort((a, b) => Math.abs(b.componentEs) - Math.abs(a.componentEs)).slice(0, 8).map((c) => c.name);
  const value = (l: typeof before, name: string) => l.components.find((c) => c.name === name)?.componentEs ?? 0;
  const amounts = names.flatMap((n) => [value(before, n), value(after, n)]);
  const [v0, v1] = [Math.min(0, ...amounts), Math.max(0, ...amounts)];
  const W = 460, L = 130, R = 12, T = 28, row = 22, H = T + names.length * row + 34;
  const sx = (v: number) => L + ((v - v0) / (v1 - v0 || 1)) * (W - L - R);
  const bar = (v: number, y: number, cls: string) => `<rect class="${cls}" x="${Math.min(sx(0), sx(v)).toFixed(1)}" y="${y}" width="${Math.max(0.5, Math.abs(sx(v) - sx(0))).toFixed(1)}" height="8"/>`;
  const rows = names.map((n, i) => {
    const y = T + i * row;
    const label = n.startsWith('hedge: ') ? 'the hedge' : n;
    return `<text x="${L - 6}" y="${y + 12}" text-anchor="end">${esc(label)}</text>${bar(value(before, n), y + 2, 'before')}${bar(value(after, n), y + 11, 'after')}`;
  }).join('');
  const title = `Contributions to portfolio ES ${level(after.level)} (${r.currency})`;
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>
<desc>Euler contribution of each holding, and of the hedge's legs as one block, to the portfolio's ES: ${money(before.es, r.currency)} before, ${money(after.es, r.currency)} after.</desc>
<text x="8" y="16" class="title">${esc(title)}</text>${rows}
<line class="zero" x1="${sx(0).toFixed(1)}" x2="${sx(0).toFixed(1)}" y1="${T}" y2="${H - 34}"/>
<text x="${L}" y="${H - 18}" text-anchor="start">${money(v0, r.currency)}</text><text x="${W - R}" y="${H - 18}" text-anchor="end">${money(v1, r.currency)}</text>
<text x="${W - R}" y="${H - 4}" text-anchor="end" class="legend"><tspan class="lb">■</tspan> before  <tspan class="la">■</tspan> after (ES ${money(before.es, r.currency)} → ${money(after.es, r.currency)})</text></svg>`;
}

/** Payoff diagram: P&L against the underlying's price, unhedged, at the horizon and at expiry. */
function payoffSvg(p: NonNullable<HedgeReport['payoff']>, r: Report): string {
  const W = 460, H = 250, L = 58, R = 10, T = 28, B = 56;
  const xs = p.points.map((q) => q.price);
  const ys = p.points.flatMap((q) => [q.unhedged, q.atHorizon, q.atExpiry]);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(0, ...ys), Math.max(0, ...ys)];
  const sx = (x: number) => L + ((x - x0) / (x1 - x0)) * (W - L - R);
  const sy = (y: number) => H - B - ((y - y0) / (y1 - y0 || 1)) * (H - T - B);
  const line = (pick: (q: (typeof p.points)[number]) => number, cls: string) =>
    `<polyline class="${cls}" points="${p.points.map((q) => `${sx(q.price).toFixed(1)},${sy(pick(q)).toFixed(1)}`).join(' ')}"/>`;
  const xTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const v = x0 + f * (x1 - x0);
    return `<text x="${sx(v).toFixed(1)}" y="${H - B + 15}" text-anchor="${f === 0 ? 'start' : f === 1 ? 'end' : 'middle'}">${v.toFixed(0)}</text>`;
  }).join('');
  // Zero and the extremes, leaving out a label that would overlap the one before it.
  const yTicks = [y0, 0, y1].filter((v, i, a) => i === 0 || Math.abs(sy(v) - sy(a[i - 1] as number)) >= 14).map((v) =>
    `<text x="${L - 4}" y="${(sy(v) + 4).toFixed(1)}" text-anchor="end">${money(v, r.currency)}</text>`).join('');
  const who = p.includesHolding ? `${r.target} + hedge` : 'hedge legs';
  const title = `Payoff: P&L of ${who} (${r.currency}) against ${p.underlying}'s price`;
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>
<desc>P&amp;L in ${esc(r.currency)} against the price of ${esc(p.underlying)} (spot ${p.spot.toFixed(2)}): unhedged, at the ${r.horizonDays}-day horizon (options repriced by the model) and at expiry ${esc(p.expiry)}, costs included.</desc>
<text x="${L}" y="16" class="title">${esc(title)}</text>
<line class="axis" x1="${L}" x2="${W - R}" y1="${sy(0).toFixed(1)}" y2="${sy(0).toFixed(1)}"/>
<line class="zero" x1="${sx(p.spot).toFixed(1)}" x2="${sx(p.spot).toFixed(1)}" y1="${T}" y2="${H - B}"/>
${p.includesHolding ? line((q) => q.unhedged, 'pay-unhedged') : ''}${line((q) => q.atExpiry, 'pay-expiry')}${line((q) => q.atHorizon, 'pay-horizon')}
${xTicks}${yTicks}
<text x="${(L + W - R) / 2}" y="${H - B + 30}" text-anchor="middle" class="legend">${esc(p.underlying)} price (dashed: today's ${p.spot.toFixed(2)})</text>
<text x="${W - R}" y="${H - 6}" text-anchor="end" class="legend">${p.includesHolding ? '<tspan class="lu">━</tspan> unhedged  ' : ''}<tspan class="lh">━</tspan> at ${r.horizonDays} days  <tspan class="lx">━</tspan> at expiry</text></svg>`;
}

/** The smile: implied volatility against moneyness, one line per expiry, puts below spot and
 *  calls above. */
function smileSvg(smile: NonNullable<Report['smile']>, r: Report): string {
  const W = 920, H = 300, L = 50, R = 16, T = 28, B = 56;
  const all = smile.expiries.flatMap((e) => e.points);
  const [x0, x1] = [Math.min(...all.map((p) => p.moneyness)), Math.max(...all.map((p) => p.moneyness))];
  const [y0, y1] = [Math.min(...all.map((p) => p.impliedVolatility)), Math.max(...all.map((p) => p.impliedVolatility))];
  const sx = (x: number) => L + ((x - x0) / (x1 - x0 || 1)) * (W - L - R);
  const sy = (y: number) => H - B - ((y - y0) / (y1 - y0 || 1)) * (H - T - B);
  const shown = smile.expiries.slice(0, 4);
  const lines = shown.map((e, k) => `<g class="smile s${k}"><polyline points="${e.points.map((p) => `${sx(p.moneyness).toFixed(1)},${sy(p.impliedVolatility).toFixed(1)}`).join(' ')}"/>` +
    e.points.map((p) => `<circle class="${p.type}" cx="${sx(p.moneyness).toFixed(1)}" cy="${sy(p.impliedVolatility).toFixed(1)}" r="2.5"><title>${p.type} ${p.strike.toFixed(2)}: ${percent(p.impliedVolatility, 1)}</title></circle>`).join('') + '</g>').join('');
  const xTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const v = x0 + f * (x1 - x0);
    return `<text x="${sx(v).toFixed(1)}" y="${H - B + 15}" text-anchor="${f === 0 ? 'start' : f === 1 ? 'end' : 'middle'}">${percent(v, 0)}</text>`;
  }).join('');
  const yTicks = [y0, (y0 + y1) / 2, y1].map((v) => `<text x="${L - 4}" y="${(sy(v) + 4).toFixed(1)}" text-anchor="end">${percent(v, 0)}</text>`).join('');
  const legend = shown.map((e, k) => `<tspan class="sl${k}">━</tspan> ${esc(e.expiry)} (${e.days} d)`).join('  ');
  const title = `Implied volatility (annualised) against strike / spot, ${r.target}`;
  return `<svg class="wide" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>
<desc>Implied volatility of each mid quote against its strike as a fraction of spot: out-of-the-money puts below spot, calls above, one line per expiry.</desc>
<text x="${L}" y="16" class="title">${esc(title)}</text>
<line class="axis" x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}"/>${x0 < 1 && x1 > 1 ? `<line class="zero" x1="${sx(1).toFixed(1)}" x2="${sx(1).toFixed(1)}" y1="${T}" y2="${H - B}"/>` : ''}
${lines}${xTicks}${yTicks}
<text x="${(L + W - R) / 2}" y="${H - B + 30}" text-anchor="middle" class="legend">strike / spot (dashed: at the money)</text>
<text x="${W - R}" y="${H - 6}" text-anchor="end" class="legend">${legend}  · ● put  ○ call</text></svg>`;
}

function list(items: string[], cls: string): string {
  return items.length ? `<ul class="${cls}">${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>` : '';
}

function anchor(h: HedgeReport): string {
  return `hedge-${h.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
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
tr.target td{background:#fff8c5}td.text{text-align:left}
.warnings li{color:#9a3412}.notes li{color:#424a53}
.charts{display:flex;flex-wrap:wrap;gap:16px}svg{width:460px;max-width:100%;height:auto;font-size:11px}
svg .title{font-weight:600;font-size:12px}svg .before,.lb{fill:#8c959f;fill-opacity:.55}svg .after,.la{fill:#0969da;fill-opacity:.6}
svg .axis{stroke:#57606a}svg .zero{stroke:#cf222e;stroke-dasharray:3 3}svg .legend{fill:#424a53}
footer{margin-top:2em;color:#6e7781;font-size:.85em}
h3{font-size:1em;margin:1em 0 .3em}.rel{font-weight:600}.rel.good{color:#1a7f37}.rel.fair{color:#9a6700}.rel.poor{color:#cf222e}
svg polyline{fill:none;stroke-width:1.8}svg .pay-unhedged{stroke:#8c959f}svg .pay-horizon{stroke:#0969da}svg .pay-expiry{stroke:#bf8700;stroke-dasharray:5 3}
.lu{fill:#8c959f}.lh{fill:#0969da}.lx{fill:#bf8700}
svg .smile polyline{stroke-width:1.5}svg .s0 polyline{stroke:#0969da}svg .s1 polyline{stroke:#bf8700}svg .s2 polyline{stroke:#1a7f37}svg .s3 polyline{stroke:#8250df}
svg .smile circle.put{fill:#424a53}svg .smile circle.call{fill:#fff;stroke:#424a53}.sl0{fill:#0969da}.sl1{fill:#bf8700}.sl2{fill:#1a7f37}.sl3{fill:#8250df}
svg.wide{width:920px}svg circle.efficient,.le{fill:#0969da}svg circle.other,.lo{fill:#8c959f}svg circle.macro,.lm{fill:#bf8700}svg .band{fill:#0969da;fill-opacity:.15}svg .ratio{fill:none;stroke:#0969da;stroke-width:1.5}
`;
