import { extname, resolve } from 'node:path';
import { alignPrices } from '../data/align.js';
import { detectKind, readTextFile } from '../data/detect.js';
import { readPrices } from '../data/prices.js';
import type { DateReadOptions } from '../data/cells.js';
import type { ImportWarning, PriceSeries, ReadOptions } from '../data/types.js';
import { InputError } from '../domain/errors.js';
import {
  assessHedgeEffectiveness, DEFAULT_PROSPECTIVE_YEARS, MIN_R_SQUARED, MIN_VARIABILITY_REDUCTION, OFFSET_BAND, SIGNIFICANCE, SLOPE_BAND,
  type EffectivenessAssessment, type HedgePeriod, type RegressionTest, type VariabilityReduction,
} from '../evaluate/accounting.js';
import { yearsBefore } from '../evaluate/walk-forward.js';
import { table, type CsvCell } from '../report/csv.js';
import { memoHtml, memoMarkdown, memoText, type DesignationMemo } from '../report/memo.js';
import type { Estimate } from '../stats/result.js';
import { choiceFlag, dateFlag, parseFlags, positiveNumberFlag, refusePositionals } from './args.js';
import type { CliCommand, Io } from './io.js';
import { DATE_FLAGS, DATE_HELP, dateReadOptions } from './inputs.js';
import { humanStream, writeJson, writeOutput, writeOutputDirectory } from './output.js';

const PERIODS: readonly HedgePeriod[] = ['daily', 'weekly', 'monthly'];
/** Import warnings printed per file before "… and N more". */
const SHOWN_WARNINGS = 5;

const HELP = `microhedge effectiveness — hedge-accounting effectiveness of a hedged item against its hedge

usage: microhedge effectiveness --item FILE --instrument FILE [options]

Tests "long one unit of the item, short RATIO units of the instrument" the way a treasurer
documents a hedging relationship (ASC 815, IAS 39 / IFRS 9): prospectively on the history before
the designation date (regression: R² ≥ 0.80, slope −1.25 … −0.80, significant at 5 %; variability
reduction ≥ 80 %), retrospectively on the changes since (cumulative and period-by-period dollar
offset within 80–125 %, regression, variability reduction). Changes are price differences, so
prices that go negative are fine.

options:
  --item FILE          prices of the hedged item: any price file microhedge reads (Date,Price;
                       Yahoo OHLCV; a wide CSV with one column per symbol …; docs/data-formats.md)
  --instrument FILE    prices of the hedging instrument
  --item-symbol S      the column to read from a wide --item file, or the name of a single-series
                       one
  --instrument-symbol S  likewise for --instrument
  --from DATE, --to DATE  use only prices in this range (YYYY-MM-DD)
  --designated DATE    start of the hedging relationship (default: one year before the last common
                       date); the prospective test uses the ${DEFAULT_PROSPECTIVE_YEARS} years before it
  --period P           daily, weekly or monthly changes (default monthly)
  --ratio R            units of the instrument sold per unit of the item (default: the
                       minimum-variance ratio over the history before designation)
  --risk TEXT          the risk designated (default: changes in fair value due to the item's
                       price)
  --json FILE|-        write the assessment as JSON; '-' writes it to stdout and nothing else goes
                       there
  --memo FILE.md|FILE.html  write the designation memo, Markdown or self-contained HTML by the
                       extension
  --html FILE          the memo as a self-contained HTML page (what --memo FILE.html writes)
  --csv DIR            DIR/effectiveness-tests.csv (each test: statistic, threshold, verdict) and
                       DIR/dollar-offset.csv (each period since designation: changes, ratio)
  --quiet              no table
${DATE_HELP}

example:
  microhedge effectiveness --item data/sample/wti_spot_eia_2007-2026.csv \\
    --instrument data/sample/energy_futures_nearby_2007-2025.csv --instrument-symbol CL01 \\
    --designated 2024-09-30 --memo wti-memo.html
`;

export const effectivenessCommand: CliCommand = {
  name: 'effectiveness',
  help: HELP,
  async run(args: string[], io: Io): Promise<number> {
    const { values, positionals } = parseFlags('effectiveness', args, {
      item: { type: 'string' },
      instrument: { type: 'string' },
      'item-symbol': { type: 'string' },
      'instrument-symbol': { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      designated: { type: 'string' },
      period: { type: 'string' },
      ratio: { type: 'string' },
      risk: { type: 'string' },
      json: { type: 'string' },
      memo: { type: 'string' },
      html: { type: 'string' },
      csv: { type: 'string' },
      quiet: { type: 'boolean' },
      ...DATE_FLAGS,
    });
    refusePositionals('effectiveness', positionals, '--item FILE');
    for (const flag of ['item', 'instrument'] as const) {
      if (values[flag] === undefined) throw new InputError({ file: `--${flag}`, expected: `a price file (--${flag} FILE); see 'microhedge effectiveness --help'` });
    }
    const period = choiceFlag('period', values.period, PERIODS, 'monthly');
    const from = dateFlag('from', values.from);
    const to = dateFlag('to', values.to);
    const designated = dateFlag('designated', values.designated);
    if (from !== undefined && to !== undefined && from > to) throw new InputError({ file: '--to', value: to, expected: `a date on or after --from (${from})` });
    const ratio = values.ratio === undefined ? undefined : positiveNumberFlag('ratio', values.ratio);
    const memoFormat = values.memo === undefined ? undefined : memoFormatOf(values.memo);
    const at = (p: string) => resolve(io.cwd, p);
    const dates = dateReadOptions(values);

    const item = await readOne('item', values.item!, values['item-symbol'], at, dates);
    const instrument = await readOne('instrument', values.instrument!, values['instrument-symbol'], at, dates);
    if (item.series.symbol === instrument.series.symbol) {
      throw new InputError({ file: '--instrument-symbol', value: instrument.series.symbol, expected: `a hedging instrument other than the hedged item (${item.series.symbol})` });
    }
    const { history } = alignPrices([item.series, instrument.series], {
      required: [item.series.symbol, instrument.series.symbol], ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }),
    });
    const first = history.dates[0]!;
    const last = history.dates[history.dates.length - 1]!;
    if (designated !== undefined && (designated < first || designated > last)) {
      throw new InputError({ file: '--designated', value: designated, expected: `a date within the common price dates, ${first} to ${last}` });
    }
    const designationDate = designated ?? yearsBefore(last, 1);
    if (designationDate < first) {
      throw new InputError({ file: '--designated', expected: `a designation date: the default, a year before the last common date ${last}, precedes the first, ${first}` });
    }
    const assessment = withFlagNames(() => assessHedgeEffectiveness({
      dates: history.dates, item: history.columns[0]!, instrument: history.columns[1]!,
      designationDate, period, ...(ratio === undefined ? {} : { ratio }),
    }));
    const memo: DesignationMemo = {
      hedgedItem: item.series.symbol,
      hedgingInstrument: instrument.series.symbol,
      riskHedged: values.risk ?? `changes in fair value due to the price of ${item.series.symbol}`,
      assessment,
      sources: [item, instrument].map((r) => `${r.series.symbol}: ${r.name} (column ${r.series.source.column})`)
        .concat(`${history.dates.length} common dates, ${history.dates[0]} … ${last}`),
    };

    await writeJson(io, values.json, {
      item: { symbol: item.series.symbol, file: item.name, column: item.series.source.column },
      instrument: { symbol: instrument.series.symbol, file: instrument.name, column: instrument.series.source.column },
      riskHedged: memo.riskHedged,
      calendar: { from: history.dates[0], to: last, days: history.dates.length },
      assessment,
    });
    if (values.memo !== undefined) await writeOutput(io, values.memo, memoFormat === 'html' ? memoHtml(memo) : memoMarkdown(memo), '--memo');
    if (values.html !== undefined) await writeOutput(io, values.html, memoHtml(memo), '--html');
    const tables = values.csv === undefined ? [] : await writeOutputDirectory(io, values.csv, {
      'effectiveness-tests.csv': testsCsv(assessment),
      'dollar-offset.csv': offsetCsv(assessment),
    }, '--csv');

    const notes = io.stderr;
    for (const r of [item, instrument]) printWarnings(r.warnings, notes);
    if (!values.quiet) humanStream(io, values.json)(memoText(memo));
    for (const [flag, path] of [['JSON', values.json], ['memo', values.memo], ['HTML', values.html], ...tables.map((t) => ['CSV', t] as const)] as const) {
      if (path !== undefined && path !== '-' && !values.quiet) io.stderr(`wrote ${flag}: ${at(path)}\n`);
    }
    return 0;
  },
};

type Read = { name: string; series: PriceSeries; warnings: ImportWarning[] };

/** One price series from `path`: the column `symbol` of a wide file, the one series of a
 *  single-series file (named `symbol` when given), or the only column of a wide file. */
async function readOne(flag: 'item' | 'instrument', path: string, symbol: string | undefined, at: (p: string) => string, dates: DateReadOptions): Promise<Read> {
  const text = await readTextFile(at(path), path);
  const { kind } = detectKind(text, path);
  if (kind !== 'prices') {
    throw new InputError({ file: path, expected: `a price file for --${flag} (this looks like a${kind === 'holdings' ? ' holdings' : kind === 'rates' ? ' rates' : 'n option-chain'} file)` });
  }
  // Changes in value are price differences: prices at or below zero (WTI in April 2020) are fine.
  const base = { mayGoNegative: true, ...dates };
  const read = symbol === undefined ? readUnnamed(flag, text, path, base) : readNamed(text, path, symbol, base);
  if (read.series.length !== 1) {
    throw new InputError({
      file: path, expected: `one price series, or --${flag}-symbol naming one of its ${read.series.length} columns (${read.series.map((s) => s.symbol).slice(0, 12).join(', ')}${read.series.length > 12 ? ', …' : ''})`,
    });
  }
  return { name: path, series: read.series[0]!, warnings: read.warnings };
}

function readNamed(text: string, path: string, symbol: string, base: ReadOptions) {
  try {
    // A single-series file takes the name given…
    return readPrices(text, path, { ...base, symbol });
  } catch (e) {
    // …a wide file refuses it (its header names the symbols): pick that column instead.
    if (e instanceof InputError && e.details.file === 'symbol') return readPrices(text, path, { ...base, symbols: [symbol] });
    throw e;
  }
}

function readUnnamed(flag: string, text: string, path: string, base: ReadOptions) {
  try {
    return readPrices(text, path, base);
  } catch (e) {
    if (e instanceof InputError && e.details.file === path && e.details.expected.startsWith('a symbol for this single-series file')) {
      throw new InputError({ file: path, expected: `a name for its one price series: pass --${flag}-symbol S (the file name does not name one)` });
    }
    throw e;
  }
}

function memoFormatOf(path: string): 'markdown' | 'html' {
  const ext = extname(path).toLowerCase();
  if (ext === '.md' || ext === '.markdown') return 'markdown';
  if (ext === '.html' || ext === '.htm') return 'html';
  throw new InputError({ file: '--memo', value: path, expected: 'a file name ending in .md or .html (the memo format follows the extension)' });
}

function printWarnings(warnings: readonly ImportWarning[], write: (s: string) => void): void {
  for (const w of warnings.slice(0, SHOWN_WARNINGS)) {
    const where = [w.file, w.row, w.column].filter((p) => p !== undefined).join(':');
    write(`note: ${where}: ${w.message}\n`);
  }
  if (warnings.length > SHOWN_WARNINGS) write(`note: … and ${warnings.length - SHOWN_WARNINGS} more notes on ${warnings[0]!.file}\n`);
}

/** The library names its inputs (`ratio`); the user gave them as flags. */
function withFlagNames<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof InputError && e.details.file === 'ratio') throw new InputError({ ...e.details, file: '--ratio' });
    throw e;
  }
}

/** Every test with its statistic, threshold and verdict; a test that could not be made has its
 *  reason in `detail`. */
function testsCsv(a: EffectivenessAssessment): string {
  const rows: CsvCell[][] = [];
  const regression = (when: string, r: Estimate<RegressionTest>) => {
    if (!r.ok) { rows.push([when, 'regression', '', '', '', '', r.reason]); return; }
    const v = r.value;
    rows.push([when, 'regression r_squared', v.rSquared, `>= ${MIN_R_SQUARED}`, v.criteria.rSquared, v.n, '']);
    rows.push([when, 'regression slope', v.slope, `${SLOPE_BAND.lower} to ${SLOPE_BAND.upper}`, v.criteria.slope, v.n, `std error ${v.slopeStdError}`]);
    rows.push([when, 'regression slope p_value', v.pValue, `< ${SIGNIFICANCE}`, v.criteria.significant, v.n, '']);
  };
  const variability = (when: string, r: Estimate<VariabilityReduction>) => rows.push(r.ok
    ? [when, 'variability reduction', r.value.value, `>= ${MIN_VARIABILITY_REDUCTION}`, r.value.passed, '', '']
    : [when, 'variability reduction', '', '', '', '', r.reason]);
  if (a.prospective.ok) {
    regression('prospective', a.prospective.value.regression);
    variability('prospective', a.prospective.value.variabilityReduction);
  } else {
    rows.push(['prospective', '', '', '', '', '', a.prospective.reason]);
  }
  if (a.retrospective.ok) {
    const r = a.retrospective.value;
    const c = r.dollarOffset.cumulative;
    rows.push(['retrospective', 'cumulative dollar offset', c.ratio, `${OFFSET_BAND.lower} to ${OFFSET_BAND.upper}`, c.passed, r.dollarOffset.periods.length,
      `item ${c.itemChange}, hedge ${c.hedgeChange}, net ${c.netChange}`]);
    regression('retrospective', r.regression);
    variability('retrospective', r.variabilityReduction);
  } else {
    rows.push(['retrospective', '', '', '', '', '', a.retrospective.reason]);
  }
  return table(['assessment', 'test', 'statistic', 'threshold', 'passed', 'changes', 'detail'], rows);
}

/** Period by period since designation: the changes of the item and of the hedge (ratio × units of
 *  the instrument sold), the offset ratio −hedge/item (empty when the item did not move). */
function offsetCsv(a: EffectivenessAssessment): string {
  if (!a.retrospective.ok) return table(['period_end', 'item_change', 'hedge_change', 'offset_ratio', 'passed'], []);
  const d = a.retrospective.value.dollarOffset;
  return table(['period_end', 'item_change', 'hedge_change', 'offset_ratio', 'passed'],
    d.periods.map((p, i) => [d.periodEnds[i], p.itemChange, p.hedgeChange, p.ratio, p.passed]));
}
