// The work behind every API call, as tasks a compute thread runs: read inputs, analyse, evaluate a
// hedge, render a download. Each thread keeps what it computed in small LRU caches keyed by
// content-addressed ids, and can rebuild any of it from the task alone (the task always carries
// the options, and the inputs' source unless the engine stripped bulky uploads, in which case a
// miss is answered `missing-inputs` and the engine resends them).

import { DEFAULT_SCREEN_OPTIONS, screenHoldings } from '../evaluate/concern.js';
import { InputError, type InputErrorDetails } from '../domain/errors.js';
import { analyze, type AnalyzeInput, type AnalyzeOptions } from '../pipeline/analyze.js';
import { loadInputs, SAMPLES } from '../pipeline/load-inputs.js';
import { renderCsv } from '../report/csv.js';
import type { Report } from '../report/schema.js';
import { evaluateHedge, hedgeLab, optionTerms, type HedgeLab } from '../pipeline/custom-hedge.js';
import { describeWarning, readUploads, withDefaults, type UploadedKind } from './inputs.js';
import type { DownloadName, HedgeSpec, InputsSource, SampleName } from './schemas.js';

type Base = { inputsId: string; source?: InputsSource };
type OnAnalysis = Base & { analysisId: string; options: AnalyzeOptions };

export type Task =
  | (Base & { op: 'inputs' })
  | (OnAnalysis & { op: 'analyze' })
  | (OnAnalysis & { op: 'hedge'; spec: HedgeSpec })
  | (OnAnalysis & { op: 'market' })
  | (OnAnalysis & { op: 'download'; file: DownloadName });

/** A response body, ready to send. */
export type TaskValue = { body: string; contentType: string; filename?: string };

export type TaskFailure =
  | { kind: 'input'; details: InputErrorDetails }
  | { kind: 'missing-inputs' }
  | { kind: 'bug'; message: string; stack?: string };

export type TaskOutcome = { ok: true; value: TaskValue } | { ok: false; failure: TaskFailure };

type LoadedInputs = { input: AnalyzeInput; summary: string };
type Analysis = { report: Report; reportJson: string; lab?: HedgeLab };

/** A thread's caches. Sizes bound memory: a report is a few hundred kB, a prepared Monte Carlo
 *  analysis holds count × symbols doubles (100,000 × 40 = 32 MB), so only a few labs are kept. */
export class TaskState {
  readonly inputs = new Lru<string, LoadedInputs>(6);
  readonly analyses = new Lru<string, Analysis>(12);
  readonly labs = new Lru<string, HedgeLab>(3);
  readonly samples = new Map<SampleName, Promise<AnalyzeInput>>();
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** Runs one task. Never throws: the user's errors and bugs come back as failures. */
export async function runTask(state: TaskState, task: Task): Promise<TaskOutcome> {
  try {
    return { ok: true, value: await perform(state, task) };
  } catch (e) {
    if (e instanceof MissingInputs) return { ok: false, failure: { kind: 'missing-inputs' } };
    if (e instanceof InputError) return { ok: false, failure: { kind: 'input', details: e.details } };
    const error = e instanceof Error ? e : new Error(String(e));
    return { ok: false, failure: { kind: 'bug', message: error.message, ...(error.stack === undefined ? {} : { stack: error.stack }) } };
  }
}

async function perform(state: TaskState, task: Task): Promise<TaskValue> {
  const inputs = await inputsOf(state, task);
  if (task.op === 'inputs') return { body: inputs.summary, contentType: JSON_TYPE };
  const analysis = analysisOf(state, task, inputs.input);
  switch (task.op) {
    case 'analyze':
      return {
        body: `{"analysisId":${JSON.stringify(task.analysisId)},"inputsId":${JSON.stringify(task.inputsId)},"report":${analysis.reportJson}}`,
        contentType: JSON_TYPE,
      };
    case 'hedge': {
      const started = performance.now();
      const result = evaluateHedge(labOf(state, task, inputs.input, analysis), task.spec);
      return { body: JSON.stringify({ ...result, computeMs: performance.now() - started }), contentType: JSON_TYPE };
    }
    case 'market':
      return { body: JSON.stringify(optionTerms(labOf(state, task, inputs.input, analysis))), contentType: JSON_TYPE };
    case 'download':
      return download(analysis.report, task.file);
  }
}

async function inputsOf(state: TaskState, task: Task): Promise<LoadedInputs> {
  const hit = state.inputs.get(task.inputsId);
  if (hit) return hit;
  if (task.source === undefined) throw new MissingInputs();
  let input: AnalyzeInput;
  let files: UploadedKind[] = [];
  if ('sample' in task.source) {
    input = await sample(state, task.source.sample);
  } else {
    // The files are checked before the sample that completes them is loaded: a bad file fails fast.
    const read = readUploads(task.source.files, task.source);
    ({ input, kinds: files } = withDefaults(read, await sample(state, 'equity')));
  }
  const loaded = { input, summary: JSON.stringify(summary(task.inputsId, task.source, input, files)) };
  state.inputs.set(task.inputsId, loaded);
  return loaded;
}

/** The embedded samples, read from the package's data/sample (fixed paths, never from a request). */
function sample(state: TaskState, name: SampleName): Promise<AnalyzeInput> {
  let loading = state.samples.get(name);
  if (loading === undefined) {
    loading = loadInputs({ ...SAMPLES[name], cwd: process.cwd() });
    // A failed read is not kept: the next request tries again.
    loading.catch(() => state.samples.delete(name));
    state.samples.set(name, loading);
  }
  return loading;
}

/** What the page shows before an analysis: the holdings ranked by the concern screen (its top
 *  holding is the suggested target), the files as read, and the import warnings. */
function summary(inputsId: string, source: InputsSource, input: AnalyzeInput, files: UploadedKind[]) {
  const screen = screenHoldings(input, DEFAULT_SCREEN_OPTIONS);
  return {
    inputsId,
    source: 'sample' in source ? `sample: ${source.sample}` : 'upload',
    files,
    asOf: screen.asOf,
    currency: screen.currency,
    portfolioValue: screen.portfolio.value,
    cash: screen.portfolio.cash,
    holdings: screen.holdings.map((h) => ({
      symbol: h.symbol, quantity: h.quantity, price: h.price, value: h.value, valueShare: h.concentration.valueShare,
      esShare: h.concentration.esShare, rank: h.rank, summary: h.summary,
    })),
    suggestedTarget: screen.top.symbol,
    why: screen.top.why,
    symbols: [...new Set(input.prices.map((s) => s.symbol))].sort(),
    warnings: input.warnings.map(describeWarning),
  };
}

function analysisOf(state: TaskState, task: OnAnalysis, input: AnalyzeInput): Analysis {
  const hit = state.analyses.get(task.analysisId);
  if (hit) return hit;
  const report = analyze(input, task.options);
  const analysis = { report, reportJson: JSON.stringify(report) };
  state.analyses.set(task.analysisId, analysis);
  return analysis;
}

function labOf(state: TaskState, task: OnAnalysis, input: AnalyzeInput, analysis: Analysis): HedgeLab {
  let lab = state.labs.get(task.analysisId);
  if (lab === undefined) {
    lab = hedgeLab(input, task.options, analysis.report);
    state.labs.set(task.analysisId, lab);
  }
  return lab;
}

async function download(report: Report, file: DownloadName): Promise<TaskValue> {
  const stem = `microhedge-${report.target.replace(/[^A-Za-z0-9.-]/g, '_')}-${report.asOf}`;
  switch (file) {
    case 'report.json':
      // As `analyze --json FILE` writes it.
      return { body: `${JSON.stringify(report, null, 2)}\n`, contentType: JSON_TYPE, filename: `${stem}.json` };
    case 'report.html':
      // Loaded on the first HTML download: the charting library is the heaviest module.
      return { body: (await import('../report/html.js')).renderHtml(report), contentType: 'text/html; charset=utf-8', filename: `${stem}.html` };
    default:
      return { body: renderCsv(report)[file]!, contentType: 'text/csv; charset=utf-8', filename: `${stem}-${file}` };
  }
}

class MissingInputs extends Error {}

/** A Map used as a least-recently-used cache of at most `capacity` entries. */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
  }
}
