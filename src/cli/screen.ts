import { resolve } from 'node:path';
import { InputError } from '../domain/errors.js';
import {
  DEFAULT_SCREEN_OPTIONS, FLAG_IDS, SCREEN_LIMITS, screenHoldings,
  type ConcernScreen, type ConcernThresholds, type FlagId, type ScreenOptions,
} from '../evaluate/concern.js';
import { money, percent, wrapWords } from '../report/format.js';
import { SCENARIO_METHODS } from '../scenarios/build.js';
import { choiceFlag, dateFlag, integerFlag, parseFlags, refusePositionals } from './args.js';
import { INPUT_FLAGS, INPUT_HELP, loadCliInputs } from './inputs.js';
import { table } from '../report/csv.js';
import type { CliCommand, Io } from './io.js';
import { humanStream, writeJson, writeOutputDirectory } from './output.js';

/** The terminal output never runs wider than this. */
const WIDTH = 100;

const THRESHOLD_HELP: Record<FlagId, string> = {
  'value-share': 'share of the portfolio\'s value',
  'risk-share': 'share of the portfolio\'s ES (Euler contribution)',
  'es-reduction': 'ES cut if the holding\'s P&L were cancelled',
  'volatility-percentile': 'EWMA volatility percentile in its own history',
  'volatility-ratio': 'EWMA volatility / the portfolio\'s',
  'implied-over-realised': 'at-the-money implied / EWMA volatility, with --chain',
  'trend-z': 'z-score of the log price against its trend',
  'above-average': 'distance above the moving average',
  'run-up-1y': 'rise over 252 trading days',
  'run-up-3y': 'rise over 756 trading days',
};

const D = DEFAULT_SCREEN_OPTIONS;

const HELP = `microhedge screen — which holding deserves a hedge: concentration, volatility, stretched price

usage: microhedge screen [--sample NAME | --portfolio FILE --prices FILE… |
                          --db PATH [--portfolio NAME]] [options]

For every holding: its share of value and of the portfolio's ES, how much ES a hedge of it could
remove at most, its volatility against its own history and the portfolio's, and how stretched its
price is (a price-based proxy, not a valuation). Holdings are ranked by concern; docs/screen.md
explains every measure. With no options it screens the embedded sample portfolio.

options:
${INPUT_HELP}
  --as-of DATE         valuation date YYYY-MM-DD (default: the holdings' last common date)
  --horizon DAYS       ES horizon in trading days (default ${D.horizonDays})
  --lookback DAYS      trading days of history for the scenarios (default ${D.lookbackDays})
  --confidence LEVEL   ES confidence level (default ${D.confidence})
  --scenarios METHOD   historical (default), fhs, bootstrap, mc-normal, mc-t or stress
                       (docs/scenarios.md)
  --count N            scenarios drawn by fhs, bootstrap and Monte Carlo (default ${D.scenarioCount})
  --seed N             seed of every random process (default ${D.seed})
  --vol-history DAYS   trading days of EWMA volatility history ranked against (default ${D.volatilityHistoryDays})
  --trend DAYS         trading days of the log-price trend line (default ${D.trendDays})
  --average DAYS       trading days of the moving average (default ${D.averageDays})
${FLAG_IDS.flatMap((id) => wrapWords(`  --threshold-${id.padEnd(22)}${THRESHOLD_HELP[id]} (default ${D.thresholds[id]})`, WIDTH, ' '.repeat(36))).join('\n')}
  --json FILE|-        write the screen as JSON to FILE, or to stdout with '-' (nothing else goes
                       there)
  --csv DIR            write DIR/screen-holdings.csv and DIR/screen-flags.csv
  --quiet              no terminal table

Shares, percentiles, distances and run-ups are decimals (0.10 = 10 %); a flag is raised when its
measure reaches the threshold.

example:
  microhedge screen --portfolio my.csv --prices prices.csv --threshold-value-share 0.15 --csv out/
`;

export const screenCommand: CliCommand = {
  name: 'screen',
  help: HELP,
  async run(args: string[], io: Io): Promise<number> {
    const thresholdFlags = Object.fromEntries(FLAG_IDS.map((id) => [`threshold-${id}`, { type: 'string' as const }]));
    const { values, positionals } = parseFlags('screen', args, {
      ...INPUT_FLAGS,
      'as-of': { type: 'string' },
      horizon: { type: 'string' },
      lookback: { type: 'string' },
      confidence: { type: 'string' },
      scenarios: { type: 'string' },
      count: { type: 'string' },
      seed: { type: 'string' },
      'vol-history': { type: 'string' },
      trend: { type: 'string' },
      average: { type: 'string' },
      json: { type: 'string' },
      csv: { type: 'string' },
      quiet: { type: 'boolean' },
      ...thresholdFlags,
    });
    refusePositionals('screen', positionals, '--portfolio FILE');
    const flagValues = values as Record<string, string | undefined>;
    const thresholds = Object.fromEntries(FLAG_IDS.map((id) => [id, thresholdFlag(id, flagValues[`threshold-${id}`])])) as ConcernThresholds;
    const [horizonMin, horizonMax] = SCREEN_LIMITS.horizonDays;
    const horizonDays = integerFlag('horizon', values.horizon, D.horizonDays, horizonMin, horizonMax);
    const options: ScreenOptions = {
      ...D,
      horizonDays,
      lookbackDays: integerFlag('lookback', values.lookback, D.lookbackDays, Math.max(SCREEN_LIMITS.lookbackDays[0], horizonDays + 30), SCREEN_LIMITS.lookbackDays[1]),
      confidence: oneLevel(values.confidence),
      scenarioMethod: choiceFlag('scenarios', values.scenarios, SCENARIO_METHODS, D.scenarioMethod),
      scenarioCount: integerFlag('count', values.count, D.scenarioCount, 100, 1_000_000),
      seed: integerFlag('seed', values.seed, D.seed, 0, 2 ** 31 - 1),
      volatilityHistoryDays: integerFlag('vol-history', values['vol-history'], D.volatilityHistoryDays, ...SCREEN_LIMITS.volatilityHistoryDays),
      trendDays: integerFlag('trend', values.trend, D.trendDays, ...SCREEN_LIMITS.trendDays),
      averageDays: integerFlag('average', values.average, D.averageDays, ...SCREEN_LIMITS.averageDays),
      thresholds,
      ...(values['as-of'] === undefined ? {} : { asOf: dateFlag('as-of', values['as-of']) }),
    };
    const at = (p: string) => resolve(io.cwd, p);
    const input = await loadCliInputs(values, io);
    const screen = screenHoldings(input, options);

    await writeJson(io, values.json, screen);
    const written = values.csv === undefined ? [] : await writeOutputDirectory(io, values.csv, {
      'screen-holdings.csv': holdingsCsv(screen),
      'screen-flags.csv': flagsCsv(screen),
    }, '--csv');
    if (!values.quiet) {
      humanStream(io, values.json)(renderScreen(screen));
      if (values.json !== undefined && values.json !== '-') io.stderr(`wrote JSON screen: ${at(values.json)}\n`);
      for (const path of written) io.stderr(`wrote CSV: ${path}\n`);
    }
    return 0;
  },
};

function thresholdFlag(id: FlagId, value: string | undefined): number {
  if (value === undefined) return D.thresholds[id];
  const n = Number(value);
  const [ok, expected] = THRESHOLD_RANGE[id] ?? [() => true, 'a number (shares and percentiles as decimals, 0.10 = 10 %)'];
  if (value.trim() === '' || !Number.isFinite(n) || !ok(n)) throw new InputError({ file: `--threshold-${id}`, value, expected });
  return n;
}

/** Thresholds whose measure lies in a known range: one outside it would raise the flag always
 *  or never. The others (shares, z-scores, run-ups) may be set anywhere. */
const THRESHOLD_RANGE: Partial<Record<FlagId, [(n: number) => boolean, string]>> = {
  'volatility-percentile': [(n) => n >= 0 && n <= 1, 'a percentile from 0 to 1 (0.90 = the 90th)'],
  'volatility-ratio': [(n) => n > 0, 'a positive ratio of volatilities'],
  'implied-over-realised': [(n) => n > 0, 'a positive ratio of volatilities'],
};

/** --confidence takes one level here (analyze takes a list). */
function oneLevel(value: string | undefined): number {
  if (value === undefined) return D.confidence;
  const n = Number(value);
  if (value.trim() === '' || !(n > 0.5 && n < 1)) {
    throw new InputError({ file: '--confidence', value, expected: 'one confidence level strictly between 0.5 and 1, e.g. 0.95' });
  }
  return n;
}

/** The ranked table, the top holding's reason, one sentence per holding, the method. */
export function renderScreen(s: ConcernScreen): string {
  const es = `${s.horizonDays}-day ${Number((100 * s.confidence).toFixed(2))}% ES`;
  const lines: string[] = [
    `microhedge screen — which holding deserves a hedge · as of ${s.asOf} · ${s.currency}`,
    `Portfolio ${money(s.portfolio.value, s.currency)} (cash ${money(s.portfolio.cash, s.currency)}); ${es} ` +
      `${money(s.portfolio.es, s.currency)} (${percent(s.portfolio.es / s.portfolio.value)} of value)` +
      (s.portfolio.ewmaVolatility === null ? '' : `; EWMA volatility ${percent(s.portfolio.ewmaVolatility)}`),
    ...wrap(`Scenarios: ${s.scenarios.description}`, '  '),
    '',
  ];
  const columns: [string, number][] = [
    ['#', 3], ['Holding', 10], ['Value', 6], ['ES share', 8], ['ES cut', 7], ['Vol', 5], ['Pctl', 4], ['×Pf', 4],
    ['>Avg', 6], ['Trend z', 7], ['1y', 6], ['3y', 6], ['Score', 5], ['Flags', 5],
  ];
  const row = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(columns[i]![1]) : c.padStart(columns[i]![1]))).join(' ').trimEnd();
  lines.push(row(columns.map(([name]) => name)));
  for (const h of s.holdings) {
    const v = h.volatility;
    const p = h.stretch;
    lines.push(row([
      String(h.rank), h.symbol, share(h.concentration.valueShare),
      orDash(h.concentration.esShare, share), orDash(h.concentration.esReductionShare, share),
      orDash(v.ewma, (x) => percent(x, 0)), orDash(v.percentile, (x) => `${Math.round(100 * x)}`),
      orDash(v.ratioToPortfolio, (x) => x.toFixed(1)), orDash(p.aboveAverage, signedPercent), orDash(p.trendZ, (x) => signed(x.toFixed(1))),
      orDash(p.runUp1y, signedPercent), orDash(p.runUp3y, signedPercent), h.score.toFixed(2),
      String(h.flags.filter((f) => f.raised).length),
    ]));
  }
  lines.push(
    '',
    ...wrap(`Value and ES share of the portfolio; ES cut: how much the ${es} would fall if the holding's P&L were cancelled ` +
      '(the most a micro-hedge of it can remove); Vol: EWMA volatility and its percentile in its own history; ×Pf: ' +
      `against the portfolio's; >Avg: distance above the ${s.settings.averageDays}-day average; Trend z: log price against its ` +
      'trend; 1y, 3y: run-ups; Flags: measures at or above their threshold.', ''),
    '',
    ...wrap(`Why this holding: ${s.top.why}`, '  '),
    '',
  );
  for (const h of s.holdings) lines.push(...wrap(`${h.rank}. ${h.summary}`, ' '.repeat(`${h.rank}. `.length)));
  const notes = [...s.notes, ...s.holdings.flatMap((h) => h.notes)];
  lines.push('', ...wrap(`Method: ${s.method}`, '  '), '', ...wrap(`Price-based proxy: ${s.priceProxy}`, '  '));
  if (notes.length > 0) lines.push('', 'Notes:', ...notes.flatMap((n) => wrap(`- ${n}`, '  ')));
  return `${lines.join('\n')}\n`;
}

function orDash(x: number | null, f: (x: number) => string): string {
  return x === null ? '—' : f(x);
}

/** One decimal, a true minus sign, no "−0.0%". */
function share(x: number): string {
  return signed(percent(x)).replace(/^−(0\.0%)$/, '$1');
}

function signedPercent(x: number): string {
  return `${x >= 0 ? '+' : '−'}${percent(Math.abs(x), 0)}`;
}

/** A true minus sign in place of the hyphen of a formatted negative number. */
function signed(text: string): string {
  return text.startsWith('-') ? `−${text.slice(1)}` : text;
}

/** Greedy word wrap to WIDTH columns; continuation lines start with `indent`. */
function wrap(text: string, indent: string): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (candidate.length > WIDTH && line.trim() !== '') {
      out.push(line);
      line = `${indent}${word}`;
    } else {
      line = candidate;
    }
  }
  if (line !== '') out.push(line);
  return out;
}

const HOLDING_COLUMNS = [
  'rank', 'symbol', 'score', 'quantity', 'price', 'value', 'value_share', 'es_contribution', 'es_share', 'es_without',
  'es_reduction_share', 'ewma_volatility', 'garch_volatility', 'volatility_percentile', 'volatility_history_from',
  'volatility_history_days', 'volatility_ratio', 'implied_volatility', 'implied_to_realised', 'above_average',
  'fall_to_average', 'trend_z', 'fall_to_trend', 'trend_from', 'run_up_1y', 'run_up_3y', 'flags_raised', 'summary',
] as const;

/** One row per holding in rank order; empty cells where a measure could not be computed. */
export function holdingsCsv(s: ConcernScreen): string {
  const rows = s.holdings.map((h) => {
    const c = h.concentration;
    const v = h.volatility;
    const p = h.stretch;
    return [
      h.rank, h.symbol, h.score, h.quantity, h.price, h.value, c.valueShare, c.esContribution, c.esShare, c.esWithout,
      c.esReductionShare, v.ewma, v.garch, v.percentile, v.historyFrom, v.historyDays, v.ratioToPortfolio,
      v.implied?.value ?? null, v.impliedToRealised, p.aboveAverage, p.fallToAverage, p.trendZ, p.fallToTrend, p.trendFrom,
      p.runUp1y, p.runUp3y, h.flags.filter((f) => f.raised).map((f) => f.id).join(' '), h.summary,
    ];
  });
  return table(HOLDING_COLUMNS, rows);
}

/** One row per holding and measure computed, raised or not. */
export function flagsCsv(s: ConcernScreen): string {
  const rows = s.holdings.flatMap((h) => h.flags.map((f) => [h.symbol, f.id, f.family, f.value, f.threshold, f.raised, f.sentence]));
  return table(['symbol', 'flag', 'family', 'value', 'threshold', 'raised', 'sentence'], rows);
}
