// What analyze, hedge, backtest and compare share: the same inputs and analysis flags, the same
// --target, one analysis run with its progress display, and the same four outputs written the same
// way (--json, --csv, --html, then the terminal text unless --quiet). Each command adds its own
// flags and turns the report into what it shows.
import { resolve } from 'node:path';
import type { AnalyzeInput, AnalyzeOptions } from '../pipeline/analyze.js';
import type { Report } from '../report/schema.js';
import { analysisOptions, ANALYSIS_FLAGS, type AnalysisFlagValues } from './analysis-options.js';
import { INPUT_FLAGS, loadCliInputs, type InputFlagValues } from './inputs.js';
import type { Io } from './io.js';
import { humanStream, refuseExistingOutputs, writeJson, writeOutput, writeOutputDirectory } from './output.js';
import { analyzeWithProgress } from './progress.js';

/** Flags every analysis command takes, besides its own. */
export const ANALYSIS_COMMAND_FLAGS = {
  ...INPUT_FLAGS,
  ...ANALYSIS_FLAGS,
  target: { type: 'string' },
  json: { type: 'string' },
  csv: { type: 'string' },
  html: { type: 'string' },
  quiet: { type: 'boolean' },
} as const;

export type AnalysisCommandValues = InputFlagValues & AnalysisFlagValues & {
  target?: string; json?: string; csv?: string; html?: string; quiet?: boolean;
};

/** Loads the inputs and runs the analysis, with progress on a terminal: defaults ← config file ←
 *  flags, --target upper-cased, then the command's own options. A --json or --html file that
 *  would be refused is refused first, not after the run. */
export async function runAnalysis(io: Io, values: AnalysisCommandValues, own: Partial<AnalyzeOptions> = {}):
  Promise<{ input: AnalyzeInput; options: AnalyzeOptions; report: Report }> {
  await refuseExistingOutputs(io, [{ flag: '--json', path: values.json }, { flag: '--html', path: values.html }]);
  const options: AnalyzeOptions = {
    ...(await analysisOptions(values, io.cwd)),
    ...(values.target === undefined ? {} : { target: values.target.toUpperCase() }),
    ...own,
  };
  const { input, report } = await analyzeWithProgress(io, () => loadCliInputs(values, io), options);
  return { input, options, report };
}

/** What a command writes: its JSON value, its tables as CSV files, its HTML page (built only
 *  when asked, as it loads the charting library) and its terminal text, then where it wrote the
 *  files (on stderr, unless --quiet). */
export type CommandOutputs = {
  json: unknown;
  csv: () => Record<string, string>;
  html: () => Promise<string>;
  text: () => string;
};

export async function writeCommandOutputs(io: Io, values: AnalysisCommandValues, out: CommandOutputs): Promise<void> {
  await writeJson(io, values.json, out.json);
  if (values.csv !== undefined) await writeOutputDirectory(io, values.csv, out.csv(), '--csv');
  if (values.html !== undefined) await writeOutput(io, values.html, await out.html(), '--html');
  if (values.quiet) return;
  humanStream(io, values.json)(out.text());
  for (const [flag, path] of [['json', values.json], ['html', values.html], ['csv', values.csv]] as const) {
    if (path !== undefined && path !== '-') io.stderr(`wrote ${flag.toUpperCase()} report: ${resolve(io.cwd, path)}\n`);
  }
}
