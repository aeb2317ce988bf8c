import { drawdown, hedgedVolatility, type Backtest } from './backtest.js';
import { ratioPathChart } from './charts/charts.js';
import { percent, escapeHtml as esc } from './format.js';

type WalkForward = Backtest['walkForward'][number];


/** `microhedge backtest --html`: one self-contained page (inline CSS and SVG, no script, no
 *  network) with, for each hedge sized from history, its re-estimated ratio path with a ±2
 *  standard-error band, the variance removed in and out of sample, drawdowns, break tests and
 *  episodes; then the delta-hedged put's replication backtest. */
export function backtestHtml(b: Backtest): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>microhedge backtest — ${esc(b.target)} as of ${esc(b.asOf)}</title>
<style>${CSS}</style></head>
<body><main>
<h1>Out-of-sample backtests of the hedges of ${esc(b.target)}</h1>
<p class="method">As of <b>${esc(b.asOf)}</b>. Each hedge sized by a regression on history is re-estimated every period on the
trailing window and held unchanged over the next period; the variance it removes over the held periods is its out-of-sample
effectiveness, set beside the in-sample R² that sized today's hedge (docs/evaluation.md).</p>
${b.walkForward.map((w, i) => walkForwardSection(w, `w${i + 1}`)).join('\n')}
${b.deltaHedge.map((d) => `<section><h2>${esc(d.name)} (delta-hedge)</h2><p>${esc(d.summary)}</p>
<table><tbody>${Object.entries(d.figures).map(([k, v]) => `<tr><th>${esc(k)}</th><td>${typeof v === 'number' ? Number(v.toPrecision(6)) : esc(v)}</td></tr>`).join('')}</tbody></table></section>`).join('\n')}
${b.walkForward.length + b.deltaHedge.length === 0 ? '<p>Nothing to backtest among the chosen hedges.</p>' : ''}
${b.notes.length > 0 ? `<h2>Not backtested</h2><ul>${b.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
<footer>microhedge · backtest schema v${b.schemaVersion}</footer>
</main></body></html>
`;
}

function walkForwardSection(w: WalkForward, id: string): string {
  const o = w.outOfSample;
  // A flagged break's warning is its row of the break table, already shown.
  const warnings = o.warnings.filter((x) => !o.breaks.some((t) => t.detail === x));
  return `<section><h2>${esc(w.name)} <span class="rel ${o.reliability}">${o.reliability}</span></h2>
<p>Walk-forward ${esc(o.from)} … ${esc(o.to)}: ${o.periods} periods, each estimate from ${o.windowDays} trading days held ${o.stepDays} days.</p>
<table><thead><tr><th>Variance removed out of sample</th><th>in sample (today's fit)</th><th>Hedged volatility, a year</th>
<th>Largest drawdown unhedged</th><th>hedged</th></tr></thead><tbody><tr><td>${percent(o.outOfSampleVarianceReduction, 0)}</td>
<td>${percent(o.inSampleVarianceReduction, 0)}</td><td>${esc(hedgedVolatility(o))}</td><td>${drawdown(o, o.maxDrawdown.unhedged)}</td><td>${drawdown(o, o.maxDrawdown.hedged)}</td></tr></tbody></table>
${o.ratioPath.length < 2 ? '' : `<figure>${ratioPathChart(`${id}-ratio`, `${w.name}: hedge ratio re-estimated each period, ±2 standard errors`, o.ratioPath, w.regressors)}
<figcaption>Hedge ratio re-estimated each period (line) with ±2 standard errors (band).</figcaption></figure>`}
${o.breaks.length > 0 ? `<table><thead><tr><th>Break test</th><th>Statistic</th><th>5 % critical</th><th>Flagged</th><th>What it says</th></tr></thead><tbody>
${o.breaks.map((t) => `<tr><td>${t.test}</td><td>${t.statistic.toFixed(2)}</td><td>${t.critical.toFixed(2)}</td><td>${t.flagged ? `yes${t.date ? ` (${esc(t.date)})` : ''}` : 'no'}</td><td class="text">${esc(t.detail)}</td></tr>`).join('\n')}
</tbody></table>` : ''}
${o.episodes.length > 0 ? `<table><thead><tr><th>Episode</th><th>From</th><th>To</th><th>Variance removed out of sample</th></tr></thead><tbody>
${o.episodes.map((e) => `<tr><td>${esc(e.name)}</td><td>${esc(e.from)}</td><td>${esc(e.to)}</td><td>${percent(e.outOfSampleVarianceReduction, 0)}</td></tr>`).join('\n')}
</tbody></table>` : ''}
${warnings.length > 0 ? `<ul class="warn">${warnings.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>` : ''}
</section>`;
}

const CSS = `body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a1a;background:#fff;margin:0}
main{max-width:900px;margin:0 auto;padding:24px}h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em}
table{border-collapse:collapse;margin:.6em 0;font-size:.9em}th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:right}
th{background:#f5f5f5}td.text{text-align:left}.method,.note,figcaption{color:#555;font-size:.9em}
svg{width:100%;height:auto}figure{margin:1em 0}
.rel{font-size:.75em;padding:2px 6px;border-radius:4px;color:#fff}.rel.good{background:#15803d}.rel.fair{background:#a16207}.rel.poor{background:#b91c1c}
.warn li{color:#92400e}footer{margin-top:3em;color:#777;font-size:.8em}`;
