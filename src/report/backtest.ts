import { z } from 'zod';
import { table } from './csv.js';
import { percent, wrapWords } from './format.js';
import { outOfSampleSchema, type Report } from './schema.js';

const walkForwardSchema = z.object({
  name: z.string(),
  kind: z.string(),
  regressors: z.array(z.string()).describe('what each ratio of the ratio path is the ratio to, in order'),
  outOfSample: outOfSampleSchema,
});

const deltaSchema = z.object({
  name: z.string(),
  summary: z.string().describe('the backtest in words'),
  figures: z.record(z.string(), z.union([z.number(), z.string()])).describe('band… and daily… backtest figures, fractions of the holding'),
});

/** `microhedge backtest`: the walk-forward out-of-sample tests of the hedges sized from history
 *  and the historical backtest of the delta-hedged put. */
export const backtestSchema = z.object({
  schemaVersion: z.literal(1),
  target: z.string(),
  asOf: z.string(),
  walkForward: z.array(walkForwardSchema),
  deltaHedge: z.array(deltaSchema),
  notes: z.array(z.string()).describe('hedges of the chosen kinds with nothing to backtest, and why'),
});

export type Backtest = z.infer<typeof backtestSchema>;

const DELTA_PREFIXES = ['backtest', 'band', 'daily'];

export function buildBacktest(r: Report): Backtest {
  const walkForward = r.hedges.flatMap((h) => h.outOfSample === null ? [] : [{
    name: h.name, kind: h.kind, regressors: regressorsOf(h.legs.map((l) => l.symbol), h.outOfSample.ratioPath[0]?.ratios.length ?? 0),
    outOfSample: h.outOfSample,
  }]);
  const deltaHedge = r.hedges.filter((h) => h.kind === 'delta-hedge').map((h) => ({
    name: h.name,
    summary: h.rationale.slice(h.rationale.indexOf('Backtested') >= 0 ? h.rationale.indexOf('Backtested') : 0),
    figures: Object.fromEntries(Object.entries(h.parameters).filter(([k]) => DELTA_PREFIXES.some((p) => k.startsWith(p)))),
  }));
  const notes = r.hedges.filter((h) => h.outOfSample === null && h.kind !== 'delta-hedge').map((h) => `${h.name}: ${h.outOfSampleNote}`);
  return { schemaVersion: 1, target: r.target, asOf: r.asOf, walkForward, deltaHedge, notes };
}

type OutOfSample = Backtest['walkForward'][number]['outOfSample'];

/** The hedged volatility a year: of returns for a hedge on log returns, of price changes (in the
 *  target's price units) for one on price differences. */
export function hedgedVolatility(o: OutOfSample): string {
  return o.maxDrawdown.unit === 'fraction' ? percent(o.hedgeErrorVolatility, 1) : `${o.hedgeErrorVolatility.toFixed(2)} (price units)`;
}

/** A drawdown: a fraction of value for returns, price units for price differences. */
export function drawdown(o: OutOfSample, x: number): string {
  return o.maxDrawdown.unit === 'fraction' ? percent(x, 1) : x.toFixed(2);
}

/** One line per walk-forward test, at most 100 columns: the variance removed out of sample and in
 *  sample, the hedged volatility, the drawdowns, the breaks flagged and the verdict. */
function summaryTable(b: Backtest): string[] {
  if (b.walkForward.length === 0) return [];
  const row = (c: string[]) => `${c[0]!.padEnd(29)}${c[1]!.padStart(5)}${c[2]!.padStart(7)}${c[3]!.padStart(12)}${c[4]!.padStart(19)}  ${c[5]!.padEnd(18)}${c[6]}`;
  const header = row(['Hedge', 'OOS', 'In-s.', 'Hedged vol', 'Drawdown unh.→h.', 'Breaks flagged', 'Verdict']);
  const lines = [header, '-'.repeat(header.length), ...b.walkForward.map((w) => {
    const o = w.outOfSample;
    const flagged = o.breaks.filter((t) => t.flagged).map((t) => t.test).join(',') || 'none';
    const vol = o.maxDrawdown.unit === 'fraction' ? percent(o.hedgeErrorVolatility, 1) : o.hedgeErrorVolatility.toFixed(2);
    return row([w.name.length > 28 ? `${w.name.slice(0, 27)}…` : w.name, percent(o.outOfSampleVarianceReduction, 0), percent(o.inSampleVarianceReduction, 0),
      vol, `${drawdown(o, o.maxDrawdown.unhedged)}→${drawdown(o, o.maxDrawdown.hedged)}`, flagged, o.reliability]);
  })];
  lines.push('OOS: variance removed out of sample; In-s.: in sample (R² of today\'s fit); hedged volatility a year.');
  if (b.walkForward.some((w) => w.outOfSample.maxDrawdown.unit === 'price')) {
    lines.push('Hedges sized on price changes: volatility and drawdowns in the target\'s price units.');
  }
  return [...lines, ''];
}

/** A hedge sized from history has one leg per regressor, in the regression's order (each kind
 *  builds its legs from its estimation's instruments); otherwise the ratios are numbered. */
export function regressorsOf(legs: string[], ratios: number): string[] {
  return legs.length === ratios ? legs : Array.from({ length: ratios }, (_, i) => `regressor ${i + 1}`);
}

export function renderBacktest(b: Backtest): string {
  const out = [`microhedge backtest — hedges of ${b.target} tested out of sample, as of ${b.asOf}`, '',
    ...summaryTable(b)];
  for (const w of b.walkForward) {
    const o = w.outOfSample;
    out.push(`${w.name} (${w.kind}): ${o.reliability}`);
    out.push(`  walk-forward ${o.from} … ${o.to}: ${o.periods} periods, each estimate from ${o.windowDays} trading days held ${o.stepDays} days`);
    out.push(`  variance removed: ${percent(o.outOfSampleVarianceReduction, 0)} out of sample, ${percent(o.inSampleVarianceReduction, 0)} in sample; ` +
      `hedged volatility ${hedgedVolatility(o)} a year`);
    out.push(`  largest drawdown: ${drawdown(o, o.maxDrawdown.unhedged)} unhedged, ${drawdown(o, o.maxDrawdown.hedged)} hedged`);
    // Each flagged break is explained by a warning below; here the statistics side by side.
    const tests = o.breaks.map((t) => `${t.test} ${t.statistic.toFixed(2)} vs ${t.critical.toFixed(2)}${t.flagged ? ` flagged${t.date ? ` ${t.date}` : ''}` : ' ok'}`);
    if (tests.length > 0) out.push(...wrapWords(`  break tests (statistic vs 5 % critical value): ${tests.join('; ')}`, 100, '    '));
    if (o.episodes.length > 0) {
      out.push(`  episodes: ${o.episodes.map((e) => `${e.name} ${percent(e.outOfSampleVarianceReduction, 0)}`).join(', ')}`);
    }
    for (const warning of o.warnings) out.push(...wrapWords(`  ! ${warning}`, 100, '      '));
    out.push('');
  }
  for (const d of b.deltaHedge) {
    out.push(`${d.name} (delta-hedge)`, ...wrapWords(`  ${d.summary}`, 100, '  '), '');
  }
  if (b.walkForward.length + b.deltaHedge.length === 0) out.push('Nothing to backtest among the chosen hedges.', '');
  for (const n of b.notes) out.push(...wrapWords(`· ${n}`, 100, '  '));
  return `${out.join('\n').trimEnd()}\n`;
}

/** walk-forward.csv (one row per hedge, date and regressor of the ratio path), episodes.csv and
 *  breaks.csv. */
export function backtestCsv(b: Backtest): Record<string, string> {
  const path = b.walkForward.flatMap((w) => w.outOfSample.ratioPath.flatMap((p) =>
    p.ratios.map((ratio, i) => [w.name, p.date, w.regressors[i] ?? i + 1, ratio, p.stdErrors[i] ?? ''])));
  return {
    'walk-forward.csv': table(['hedge', 'date', 'regressor', 'ratio', 'std_error'], path),
    'episodes.csv': table(['hedge', 'episode', 'from', 'to', 'oos_variance_reduction'],
      b.walkForward.flatMap((w) => w.outOfSample.episodes.map((e) => [w.name, e.name, e.from, e.to, e.outOfSampleVarianceReduction]))),
    'breaks.csv': table(['hedge', 'test', 'statistic', 'critical', 'flagged', 'date'],
      b.walkForward.flatMap((w) => w.outOfSample.breaks.map((t) => [w.name, t.test, t.statistic, t.critical, String(t.flagged), t.date ?? '']))),
  };
}
