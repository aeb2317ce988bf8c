import type { Outcome, PortfolioSummary } from './outcome.js';

/** The batch about to run, as a results sink records it. */
export type BatchRun = {
  /** UTC, ISO 8601. */
  startedAt: string;
  /** `--portfolios` as the user gave it. */
  source: string;
  /** The batch context's hash (market files, options, version). */
  contextHash: string;
  /** The analysis options, as canonical JSON. */
  optionsJson: string;
  /** A target weight at or above this makes a portfolio's holding "concentrated" (decimal). */
  concentrationThreshold: number;
  /** Every portfolio of the batch, in order, with the inputs hash its result is keyed by. */
  portfolios: { id: string; file: string; inputsHash: string }[];
};

/** One portfolio of the current batch and where it stands. */
export type SummaryRow = {
  id: string;
  file: string;
  inputsHash: string;
  /** `pending`: no result for these inputs yet (the batch was interrupted, or workers are busy). */
  status: 'ok' | 'invalid' | 'failed' | 'pending';
  error: string | null;
  summary: PortfolioSummary | null;
  concentrated: boolean | null;
};

/** Where a batch's results go: the DuckDB store (results-store.ts) or a directory of JSON
 *  reports (results-dir.ts). Results are keyed by (portfolio id, inputs hash): writing one twice
 *  changes nothing, and an `ok` result is never replaced by a failure. */
export type ResultSink = {
  /** Where the results are, for messages. */
  readonly where: string;
  /** Records the batch (replacing the previous one's portfolio list), forgets results of inputs
   *  that are no longer current, and returns the ids whose current inputs already have a final
   *  result (`ok`, or `invalid`: the same input fails the same way): a rerun skips them. */
  begin(run: BatchRun): Promise<Set<string>>;
  write(outcomes: readonly Outcome[]): Promise<void>;
  /** Every portfolio of the current batch, in the batch's order. */
  summary(): Promise<SummaryRow[]>;
  close(): Promise<void>;
};
