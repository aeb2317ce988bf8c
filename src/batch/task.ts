import { checkHoldingsCovered, readHoldings } from '../data/holdings.js';
import type { ImportWarning } from '../data/types.js';
import { InputError } from '../domain/errors.js';
import { analyze } from '../pipeline/analyze.js';
import type { BatchContext } from './market.js';
import { summarize, type Outcome } from './outcome.js';
import type { PortfolioTask } from './sources.js';

/** A portfolio task with the inputs hash it is stored under. */
export type BatchJob = PortfolioTask & { inputsHash: string };

/** Validates one portfolio's holdings and runs `analyze` on them with the batch's shared market
 *  data and options: the same input `analyze --portfolio FILE` builds, so the same report. The
 *  user's errors become an `invalid` outcome naming file, row and column; anything else thrown
 *  by the analysis becomes a `failed` one. Never throws. */
export function analyzeJob(job: BatchJob, context: BatchContext): Outcome {
  const started = performance.now();
  const common = { id: job.id, file: job.file, inputsHash: job.inputsHash };
  const seconds = () => (performance.now() - started) / 1000;
  if (job.readError !== undefined) return { ...common, status: 'invalid', error: job.readError, seconds: seconds() };
  try {
    const holdings = readJobHoldings(job);
    checkHoldingsCovered(holdings.portfolio, context.market.prices.map((s) => s.symbol), job.file, holdings.rows);
    const report = analyze({ ...context.market, portfolio: holdings.portfolio, warnings: [...holdings.warnings, ...context.market.warnings] }, context.options);
    const { summary, hedges } = summarize(report);
    return { ...common, status: 'ok', summary, hedges, reportJson: JSON.stringify(report), seconds: seconds() };
  } catch (e) {
    if (e instanceof InputError) return { ...common, status: 'invalid', error: e.message, seconds: seconds() };
    const error = e instanceof Error ? (e.stack ?? e.message) : String(e);
    return { ...common, status: 'failed', error, seconds: seconds() };
  }
}

/** `readHoldings` on the job's text, with lines of a long CSV's portfolio mapped back to the
 *  original file's (in errors, warnings and the rows used by later messages). */
function readJobHoldings(job: PortfolioTask): ReturnType<typeof readHoldings> {
  const { lines } = job;
  if (lines === null) return readHoldings(job.text, job.file);
  const line = (row: number) => lines[row - 1] ?? row;
  // Messages may point at another row too ("also on row 3"): those are lines of `text` as well.
  const prose = (text: string) => text.replace(/\brow (\d+)\b/g, (_, n: string) => `row ${line(Number(n))}`);
  try {
    const result = readHoldings(job.text, job.file);
    return {
      portfolio: result.portfolio,
      rows: new Map([...result.rows].map(([symbol, row]) => [symbol, line(row)])),
      warnings: result.warnings.map((w): ImportWarning => ({
        ...w, message: prose(w.message), ...(w.row === undefined ? {} : { row: line(w.row) }),
      })),
    };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const { row, expected } = e.details;
    throw new InputError({ ...e.details, expected: prose(expected), ...(row === undefined ? {} : { row: line(row) }) });
  }
}
