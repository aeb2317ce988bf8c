import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { InputError } from '../domain/errors.js';
import { SAMPLES } from '../pipeline/load-inputs.js';
import { level, money, percent } from '../report/format.js';
import type { BatchResult } from '../batch/run-batch.js';
import { summaryCsv } from '../batch/results-dir.js';
import type { SummaryRow } from '../batch/sink.js';
import { analysisOptions, ANALYSIS_FLAGS } from './analysis-options.js';
import { choiceFlag, integerFlag, parseFlags, positiveNumberFlag, refusePositionals } from './args.js';
import { DATE_FLAGS, DATE_HELP, dateReadOptions } from './inputs.js';
import type { CliCommand, Io } from './io.js';
import { batchText, progressDisplay } from './progress.js';
import { humanStream, refuseExistingOutputs, writeJson, writeOutputDirectory } from './output.js';

const DEFAULT_OUT = 'microhedge-batch.duckdb';
const DEFAULT_CONCENTRATION = 0.1;
const SUMMARY_CSV = 'batch-summary.csv';
/** Rows of the summary printed on the terminal; the store and --json hold all of them. */
const SHOWN_ROWS = 30;

const HELP = `microhedge batch — analyse many portfolios at once, on every core or through a Redis queue

usage: microhedge batch --portfolios DIR|FILE [--prices FILE…] [--out DB|DIR]
                        [--workers N | --queue URL] [options]

Every holdings file of DIR (id = file name), or every portfolio of a long CSV
portfolio,symbol,quantity[,cost_basis][,currency], is analysed as 'microhedge analyze' analyses it:
the holding it picks to hedge, every hedge kind, the same options. The market data is read once
and shared.
A rerun skips portfolios whose inputs (holdings, market files, options) are unchanged.

options:
  --portfolios DIR|FILE  a directory of holdings CSVs, or one long CSV with a portfolio column
  --out DB|DIR           a DuckDB store (default ${DEFAULT_OUT}): tables batch_results,
                         batch_hedges, view batch_summary; or a directory (existing, or ending
                         in /) of JSON reports, summary.csv and hedges.csv
  --workers N            worker threads (default: the ${availableParallelism()} cores of this machine)
  --queue URL            redis://HOST:PORT: enqueue one BullMQ job per portfolio, collect the
                         results from 'microhedge worker --queue URL' processes on any machines
  --concentration X      a holding of at least this share of value is concentrated (default ${DEFAULT_CONCENTRATION})
  --json FILE|-          write the summary as JSON to FILE, or to stdout with '-'
  --csv DIR              write DIR/batch-summary.csv: one row per portfolio (status, largest
                         holding, the hedged one, the best micro-hedge, ES before→after, error)
  --quiet                no summary table
market data and analysis options, as for 'microhedge analyze':
  --sample NAME, --prices FILE…, --rates FILE, --credit FILE, --chain FILE…, --as-of DATE,
  --horizon DAYS, --lookback DAYS, --confidence LIST, --scenarios METHOD, --count N, --seed N,
  --hedges LIST, --budget AMOUNT, --no-short-target, --instruments LIST, --config FILE
  (./microhedge.config.json is read when present, as by analyze)
${DATE_HELP}
Each portfolio's hedged holding is the one analyze picks (the concern screen's top holding);
--target, --shock and --capital-structure concern one book and are not offered in a batch.

Exit codes: 0 every portfolio analysed; 2 some portfolio's input is wrong (each is listed as
'error: FILE:ROW:COLUMN: …', the others are analysed); 1 a bug failed some portfolio.

examples:
  microhedge batch --portfolios clients/ --out results.duckdb --workers 2
  microhedge batch --portfolios clients.csv --queue redis://10.0.0.5:6379 --out results.duckdb
`;

export const batchCommand: CliCommand = {
  name: 'batch',
  help: HELP,
  async run(args: string[], io: Io): Promise<number> {
    const { values, positionals } = parseFlags('batch', args, {
      portfolios: { type: 'string' },
      out: { type: 'string' },
      workers: { type: 'string' },
      queue: { type: 'string' },
      concentration: { type: 'string' },
      json: { type: 'string' },
      csv: { type: 'string' },
      quiet: { type: 'boolean' },
      sample: { type: 'string' },
      prices: { type: 'string', multiple: true },
      rates: { type: 'string' },
      credit: { type: 'string' },
      chain: { type: 'string', multiple: true },
      ...ANALYSIS_FLAGS,
      ...DATE_FLAGS,
    });
    refusePositionals('batch', positionals, '--portfolios DIR');
    if (values.portfolios === undefined) throw new InputError({ file: '--portfolios', expected: 'a directory of holdings CSVs or a long CSV with a portfolio column' });
    if (values.queue !== undefined && values.workers !== undefined) {
      throw new InputError({ file: '--workers', expected: 'no --workers with --queue (start as many `microhedge worker` processes as you like)' });
    }
    const concentration = values.concentration === undefined ? DEFAULT_CONCENTRATION : positiveNumberFlag('concentration', values.concentration);
    if (concentration > 1) throw new InputError({ file: '--concentration', value: values.concentration, expected: 'a share of value at most 1' });
    const at = (p: string) => resolve(io.cwd, p);
    const workers = integerFlag('workers', values.workers, availableParallelism(), 1, 256);
    const sample = SAMPLES[choiceFlag('sample', values.sample, ['equity', 'energy'] as const, 'equity')];
    await refuseExistingOutputs(io, [{ flag: '--json', path: values.json }, { flag: '--csv', path: values.csv === undefined ? undefined : join(values.csv, SUMMARY_CSV) }]);
    const started = performance.now();
    let hinted = false;
    const progress = progressDisplay(io, batchText, undefined, (p) => p.done >= p.total);
    // Loaded here (DuckDB, worker threads, the queue client): --help must stay fast.
    const { runBatch } = await import('../batch/run-batch.js');
    const result = await runBatch({
      portfolios: values.portfolios,
      market: {
        prices: values.prices === undefined ? sample.prices : values.prices.map(at),
        rates: values.rates === undefined ? sample.rates : at(values.rates),
        chains: values.chain === undefined ? sample.chains : values.chain.map(at),
        credit: values.credit === undefined ? sample.credit : at(values.credit),
        cwd: io.cwd,
        dates: dateReadOptions(values),
      },
      options: await analysisOptions(values, io.cwd),
      out: values.out ?? DEFAULT_OUT,
      workers,
      ...(values.queue === undefined ? {} : { queue: values.queue }),
      concentrationThreshold: concentration,
      cwd: io.cwd,
    }, (p) => {
      const now = performance.now();
      // A queue nobody works on would otherwise wait in silence.
      if (p.queue !== undefined && p.queue.workers === 0 && !hinted && now - started > 5000) {
        hinted = true;
        io.stderr(`${io.isTTY ? '\n' : ''}waiting for workers: start \`microhedge worker --queue ${values.queue}\` where this Redis is reachable\n`);
      }
      progress.update(p);
    });
    progress.end();

    const failures = result.rows.filter((r) => r.status === 'invalid' || r.status === 'failed');
    for (const r of failures.slice(0, 20)) io.stderr(`error: ${r.status === 'failed' ? `${r.file} (portfolio ${r.id}): ` : ''}${r.error}\n`);
    if (failures.length > 20) io.stderr(`… and ${failures.length - 20} more failed portfolios (status in batch_summary)\n`);
    await writeJson(io, values.json, { ...result, concentrationThreshold: concentration });
    if (values.csv !== undefined) await writeOutputDirectory(io, values.csv, { [SUMMARY_CSV]: summaryCsv(result.rows) }, '--csv');
    const how = values.queue === undefined ? `${workers} worker thread${workers === 1 ? '' : 's'}` : `queue ${values.queue}`;
    if (!values.quiet) humanStream(io, values.json)(renderSummary(result, concentration, how));
    if (failures.some((r) => r.status === 'failed')) return 1;
    return failures.length > 0 ? 2 : 0;
  },
};

/** The end-of-batch report: counts, speed, and one line per portfolio (the first `SHOWN_ROWS`). */
function renderSummary(result: BatchResult, concentration: number, how: string): string {
  const ok = result.rows.filter((r) => r.status === 'ok');
  const invalid = result.rows.filter((r) => r.status === 'invalid').length;
  const failed = result.rows.filter((r) => r.status === 'failed').length;
  const rate = result.analysed > 0 ? ` (${(result.analysed / result.seconds.total).toFixed(1)} portfolios/s)` : '';
  const out = [
    `batch: ${result.portfolios} portfolios — ${result.analysed} analysed, ${result.skipped} unchanged since the last run, ` +
      `${invalid} invalid, ${failed} failed; ${how}, ${result.seconds.total.toFixed(1)} s${rate}`,
    `results: ${result.where}`,
  ];
  if (ok.length > 0) {
    const concentrated = ok.filter((r) => r.concentrated === true).length;
    const esLevel = level(ok[0]!.summary!.esLevel);
    out.push('', `${concentrated} of ${ok.length} portfolios hold a concentrated position (* : at least ${percent(concentration, 0)} of value in one holding)`);
    const header = `${'portfolio'.padEnd(16)}${'largest'.padEnd(14)}${'hedged'.padEnd(8)}${`best micro-hedge (least portfolio ES ${esLevel})`.padEnd(36)}` +
      `${'cost'.padStart(9)}  ${`ES ${esLevel} before → after`.padEnd(22)}${'removed'.padStart(8)}`;
    out.push(header, '-'.repeat(header.length));
    for (const r of result.rows.slice(0, SHOWN_ROWS)) out.push(summaryLine(r));
    if (result.rows.length > SHOWN_ROWS) out.push(`… ${result.rows.length - SHOWN_ROWS} more: SELECT * FROM batch_summary (or summary.csv)`);
  }
  return `${out.join('\n')}\n`;
}

function summaryLine(r: SummaryRow): string {
  const cut = (text: string, width: number) => (text.length > width - 1 ? `${text.slice(0, width - 2)}…` : text);
  const id = cut(r.id, 16);
  if (r.summary === null) return `${id.padEnd(16)}${r.status}`;
  const s = r.summary;
  const largest = `${s.largestHolding} ${percent(s.largestWeight, 1)}${r.concentrated === true ? '*' : ''}`;
  const best = s.best;
  const hedge = best === null ? 'no micro-hedge allowed' : cut(best.name, 36);
  const es = best === null ? money(s.portfolioEsBefore, s.currency) : `${money(s.portfolioEsBefore, s.currency)} → ${money(best.portfolioEsAfter, s.currency)}`;
  return `${id.padEnd(16)}${cut(largest, 14).padEnd(14)}${cut(s.target, 8).padEnd(8)}${hedge.padEnd(36)}` +
    `${(best === null ? '' : money(best.costTotal, s.currency)).padStart(9)}  ${es.padEnd(22)}${(best === null ? '' : percent(best.riskRemovedFraction, 1)).padStart(8)}`;
}
