import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInputBytes } from '../data/detect.js';
import type { AnalyzeInput, AnalyzeOptions } from '../pipeline/analyze.js';
import { loadInputs, type InputFiles } from '../pipeline/load-inputs.js';
import { VERSION } from '../report/build.js';

/** Everything `analyze` reads besides the holdings: prices, the T-bill, chains, credit proxies,
 *  the capital structure and the importers' warnings about them. Parsed once per batch and
 *  handed to every worker. */
export type MarketInput = Omit<AnalyzeInput, 'portfolio'>;

/** The market files of a batch: `InputFiles` without the holdings. */
export type MarketFiles = Omit<InputFiles, 'portfolio'>;

/** What every portfolio of a batch is analysed with. `hash` covers the market files' bytes, the
 *  options and microhedge's version: a portfolio's inputs hash combines it with its holdings. */
export type BatchContext = { market: MarketInput; options: AnalyzeOptions; hash: string };

/** Reads and parses the market files once, with the very code `analyze` uses (`loadInputs`), so
 *  a batch sees exactly the series, rate and warnings a single `analyze` would. `loadInputs`
 *  also reads a holdings file; the batch validates every portfolio's holdings itself, so it is
 *  given a cash-only one that adds no position and no warning. */
export async function loadBatchContext(files: MarketFiles, options: AnalyzeOptions): Promise<BatchContext> {
  const dir = await mkdtemp(join(tmpdir(), 'microhedge-batch-'));
  let input: AnalyzeInput;
  try {
    const cashOnly = join(dir, 'cash-only.csv');
    await writeFile(cashOnly, 'symbol,quantity\nCASH,1\n');
    input = await loadInputs({ ...files, portfolio: cashOnly });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const { portfolio: _cashOnly, ...market } = input;
  return { market, options, hash: await contextHash(files, options) };
}

/** SHA-256 over microhedge's version, the options (keys sorted), the date order and each market
 *  file's bytes, in role order. Paths are left out: moving a file does not change what is computed from it. */
async function contextHash(files: MarketFiles, options: AnalyzeOptions): Promise<string> {
  const h = createHash('sha256');
  h.update(`microhedge ${VERSION}\n${canonicalJson(options)}\n`);
  // The date order changes what a file's dates are read as; the latest date only refuses rows, and
  // by default moves with the calendar, so it is left out (a rerun tomorrow still skips).
  h.update(`date order ${files.dates?.dateOrder ?? 'from the files'}\n`);
  const roles: [string, string[]][] = [
    ['prices', files.prices], ['rates', [files.rates]], ['chains', files.chains],
    ['credit', files.credit === undefined ? [] : [files.credit]],
    ['capital-structure', files.capitalStructure === undefined ? [] : [files.capitalStructure]],
  ];
  for (const [role, paths] of roles) {
    for (const path of paths) {
      const { bytes } = await readInputBytes(path);
      h.update(`${role} ${bytes.length}\n`);
      h.update(bytes);
    }
  }
  return h.digest('hex');
}

/** A portfolio's inputs hash: the batch context's and its holdings text's. Equal hashes mean the
 *  analysis would produce the same report, so a rerun may skip it. */
export function inputsHash(contextHashHex: string, holdingsSha256: string): string {
  return createHash('sha256').update(`${contextHashHex}\n${holdingsSha256}`).digest('hex');
}

/** JSON with object keys sorted at every depth, so equal values always serialise alike. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v));
}
