import { z } from 'zod';
import { table } from './csv.js';
import { percent, wrapWords } from './format.js';
import { outOfSampleSchema, type Report } from './schema.js';

const walkForwardSchema = z.object({
  name: z.string(),
  kind: z.string(),
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
  const walkForward = r.hedges.flatMap((h) => h.outOfSample === null ? [] : [{ name: h.name, kind: h.kind, outOfSample: h.outOfSample }]);
  const deltaHedge = r.hedges.filter((h) => h.kind === 'delta-hedge').map((h) => ({
    name: h.name,
    summary: h.rationale.slice(h.rationale.indexOf('Backtested') >= 0 ? h.rationale.indexOf('Backtested') : 0),
    figures: Object.fromEntries(Object.entries(h.parameters).filter(([k]) => DELTA_PREFIXES.some((p) => k.startsWith(p)))),
  }));
  const notes = r.hedges.filter((h) => h.outOfSample === null && h.kind !== 'delta-hedge').map((h) => `${h.name}: ${h.outOfSampleNote}`);
  return { schemaVersion: 1, target: r.target, asOf: r.asOf, walkForward, deltaHedge, notes };
}

export function renderBacktest(b: Backtest): string {
  const out = [`microhedge backtest — hedges of ${b.target} tested out of sample, as of ${b.asOf}`, ''];
  for (const w of b.walkForward) {
    const o = w.outOfSample;
    out.push(`${w.name} (${w.kind}): ${o.reliability}`);
    out.push(`  walk-forward ${o.from} … ${o.to}: ${o.periods} periods, each estimate from ${o.windowDays} trading days held ${o.stepDays} days`);
    out.push(`  variance removed: ${percent(o.outOfSampleVarianceReduction, 0)} out of sample, ${percent(o.inSampleVarianceReduction, 0)} in sample; ` +
      `hedged volatility ${percent(o.hedgeErrorVolatility, 1)} a year`);
    const dd = (x: number) => (o.maxDrawdown.unit === 'fraction' ? percent(x, 1) : x.toFixed(2));
    out.push(`  largest drawdown: ${dd(o.maxDrawdown.unhedged)} unhedged, ${dd(o.maxDrawdown.hedged)} hedged`);
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
    p.ratios.map((ratio, i) => [w.name, p.date, i + 1, ratio, p.stdErrors[i] ?? ''])));
  return {
    'walk-forward.csv': table(['hedge', 'date', 'regressor', 'ratio', 'std_error'], path),
    'episodes.csv': table(['hedge', 'episode', 'from', 'to', 'oos_variance_reduction'],
      b.walkForward.flatMap((w) => w.outOfSample.episodes.map((e) => [w.name, e.name, e.from, e.to, e.outOfSampleVarianceReduction]))),
    'breaks.csv': table(['hedge', 'test', 'statistic', 'critical', 'flagged', 'date'],
      b.walkForward.flatMap((w) => w.outOfSample.breaks.map((t) => [w.name, t.test, t.statistic, t.critical, String(t.flagged), t.date ?? '']))),
  };
}
