import { mkdir, open, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../domain/errors.js';
import { table, type CsvCell } from '../report/csv.js';
import type { HedgeRow, Outcome, PortfolioSummary } from './outcome.js';
import type { BatchRun, ResultSink, SummaryRow } from './sink.js';

/** The manifest of a results directory (docs/scaling.md, "Results in a directory"). */
const MANIFEST = 'batch.json';
const APPLICATION = 'microhedge-batch-dir';
const VERSION = 1;

type StoredResult = {
  inputsHash: string;
  status: 'ok' | 'invalid' | 'failed';
  error: string | null;
  summary: PortfolioSummary | null;
  hedges: HedgeRow[];
  seconds: number;
  finishedAt: string;
};

type Manifest = {
  application: typeof APPLICATION;
  version: typeof VERSION;
  run: Omit<BatchRun, 'portfolios'> | null;
  portfolios: BatchRun['portfolios'];
  results: Record<string, StoredResult>;
};

/** Results as files: `reports/<id>.json` (each exactly what `analyze --json` writes),
 *  `summary.csv` (the summary of every portfolio) and `hedges.csv` (every hedge of every
 *  portfolio), with `batch.json` recording inputs hashes for reruns. Every file is replaced
 *  atomically (written aside, flushed, renamed, the directory flushed), so a run killed at any
 *  moment leaves each file whole, old or new. */
export async function openResultsDirectory(path: string, cwd: string): Promise<ResultSink> {
  const dir = resolve(cwd, path);
  const info = await stat(dir).catch(() => null);
  if (info !== null && !info.isDirectory()) throw new InputError({ file: path, expected: 'a directory for the results' });
  try {
    await mkdir(join(dir, 'reports'), { recursive: true });
  } catch (e) {
    throw new InputError({ file: path, expected: `a directory that can be created and written (${(e as Error).message})` });
  }
  const text = await readFile(join(dir, MANIFEST), 'utf8').catch(() => null);
  let manifest: Manifest = { application: APPLICATION, version: VERSION, run: null, portfolios: [], results: {} };
  if (text !== null) {
    const parsed = safeJson(text) as Partial<Manifest> | undefined;
    if (parsed?.application !== APPLICATION || parsed.version !== VERSION || typeof parsed.results !== 'object') {
      throw new InputError({ file: join(path, MANIFEST), expected: `a ${APPLICATION} manifest of version ${VERSION} (or a directory without ${MANIFEST})` });
    }
    manifest = parsed as Manifest;
  }
  return new DirectoryResults(path, dir, manifest);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A report's file name: the id, percent-encoded so that no id can name a path elsewhere. */
export function reportFileName(id: string): string {
  return `${encodeURIComponent(id).replace(/^\./, '%2E')}.json`;
}

class DirectoryResults implements ResultSink {
  constructor(readonly where: string, private readonly dir: string, private manifest: Manifest) {}

  async begin(run: BatchRun): Promise<Set<string>> {
    const { portfolios, ...rest } = run;
    const current = new Map(portfolios.map((p) => [p.id, p.inputsHash]));
    const results: Record<string, StoredResult> = {};
    for (const [id, r] of Object.entries(this.manifest.results)) {
      if (current.get(id) === r.inputsHash) results[id] = r;
      else await rm(join(this.dir, 'reports', reportFileName(id)), { force: true });
    }
    this.manifest = { ...this.manifest, run: rest, portfolios, results };
    await this.save();
    return new Set(Object.entries(results).filter(([, r]) => r.status !== 'failed').map(([id]) => id));
  }

  async write(outcomes: readonly Outcome[]): Promise<void> {
    const current = new Map(this.manifest.portfolios.map((p) => [p.id, p.inputsHash]));
    const finishedAt = new Date().toISOString();
    for (const o of outcomes) {
      // A late result of inputs that are no longer current (an old queued job) is not kept.
      if (current.get(o.id) !== o.inputsHash) continue;
      const previous = this.manifest.results[o.id];
      if (previous?.status === 'ok' && previous.inputsHash === o.inputsHash) continue;
      if (o.status === 'ok') {
        await atomicWrite(join(this.dir, 'reports', reportFileName(o.id)), `${JSON.stringify(JSON.parse(o.reportJson), null, 2)}\n`);
      }
      this.manifest.results[o.id] = {
        inputsHash: o.inputsHash, status: o.status, error: o.status === 'ok' ? null : o.error,
        summary: o.status === 'ok' ? o.summary : null, hedges: o.status === 'ok' ? o.hedges : [], seconds: o.seconds, finishedAt,
      };
    }
    await this.save();
  }

  async summary(): Promise<SummaryRow[]> {
    const threshold = this.manifest.run?.concentrationThreshold ?? 0;
    return this.manifest.portfolios.map((p) => {
      const r = this.manifest.results[p.id];
      return {
        id: p.id, file: p.file, inputsHash: p.inputsHash, status: r?.status ?? 'pending', error: r?.error ?? null,
        summary: r?.summary ?? null, concentrated: r?.summary == null ? null : r.summary.largestWeight >= threshold,
      };
    });
  }

  async close(): Promise<void> {
    await this.save();
  }

  private async save(): Promise<void> {
    await atomicWrite(join(this.dir, MANIFEST), `${JSON.stringify(this.manifest)}\n`);
    const rows = await this.summary();
    await atomicWrite(join(this.dir, 'summary.csv'), summaryCsv(rows));
    const hedgeRows = rows.flatMap((row) => (this.manifest.results[row.id]?.hedges ?? []).map((h) => [row.id, ...hedgeCells(h)]));
    await atomicWrite(join(this.dir, 'hedges.csv'), table(HEDGE_HEADER, hedgeRows));
  }
}

const SUMMARY_HEADER = ['portfolio_id', 'file', 'status', 'concentrated', 'largest_holding', 'largest_weight', 'target', 'target_weight', 'currency', 'portfolio_value',
  'as_of', 'horizon_days', 'es_level', 'portfolio_es_before', 'best_hedge_kind', 'best_hedge_name', 'best_hedge_cost',
  'portfolio_es_after', 'risk_removed', 'risk_removed_fraction', 'variance_reduction', 'error'];

const HEDGE_HEADER = ['portfolio_id', 'rank', 'kind', 'scope', 'name', 'cost_total', 'cost_fraction_of_target', 'target_es_before',
  'target_es_after', 'portfolio_es_before', 'portfolio_es_after', 'variance_reduction_target', 'variance_reduction_portfolio'];

/** The summary of every portfolio of a batch as CSV: `summary.csv` here, `batch --csv DIR` too. */
export function summaryCsv(rows: readonly SummaryRow[]): string {
  return table(SUMMARY_HEADER, rows.map(summaryCells));
}

function summaryCells(r: SummaryRow): CsvCell[] {
  const s = r.summary;
  const b = s?.best ?? null;
  return [r.id, r.file, r.status, r.concentrated, s?.largestHolding, s?.largestWeight, s?.target, s?.targetWeight, s?.currency, s?.portfolioValue, s?.asOf, s?.horizonDays,
    s?.esLevel, s?.portfolioEsBefore, b?.kind, b?.name, b?.costTotal, b?.portfolioEsAfter, b?.riskRemoved, b?.riskRemovedFraction,
    b?.varianceReductionPortfolio, r.error];
}

function hedgeCells(h: HedgeRow): CsvCell[] {
  return [h.rank, h.kind, h.scope, h.name, h.costTotal, h.costFractionOfTarget, h.targetEsBefore, h.targetEsAfter, h.portfolioEsBefore,
    h.portfolioEsAfter, h.varianceReductionTarget, h.varianceReductionPortfolio];
}

/** The temporary name is a dot file ending `.tmp` (a report's name never starts with a dot), so
 *  one left by a kill is never taken for a report or for the manifest. */
async function atomicWrite(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFile(temp, text, { flush: true });
    await rename(temp, path);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
  const handle = await open(dirname(path), 'r').catch(() => undefined);
  // Some file systems refuse to flush a directory: durability on a power cut is lost, not atomicity.
  if (handle !== undefined) await handle.sync().catch(() => undefined).finally(() => handle.close());
}
