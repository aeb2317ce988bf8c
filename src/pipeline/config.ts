import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { decodeText } from '../data/encoding.js';
import { MAX_JSON_DEPTH, nestedAtMost } from '../data/json-syntax.js';
import { InputError } from '../domain/errors.js';
import { issueDetails } from './issues.js';
import type { AnalyzeOptions } from './prepare.js';

/** Default file name looked for in the working directory. */
export const CONFIG_FILE = 'microhedge.config.json';

/** Confidence levels one report shows at most (each is a column of every risk table). */
export const MAX_CONFIDENCE_LEVELS = 10;

const rate = z.number().min(0).max(1);
const money = z.number().min(0);

/** A ticker as the holdings reader takes it (src/data/holdings.ts), upper-cased there as here. */
export const TICKER = /^[A-Za-z0-9^][A-Za-z0-9.^=_/-]{0,31}$/;
export const TICKER_EXPECTED = 'a ticker symbol (letters, digits and . - ^ = _ /)';

/** Symbol → annual borrow fee. Keys are tickers, upper-cased as the holdings' symbols are; the
 *  same symbol written twice (`aapl`, `AAPL`) is refused rather than one silently winning. */
const feeBySymbol = z.record(z.string(), rate).superRefine((fees, ctx) => {
  const seen = new Map<string, string>();
  for (const key of Object.keys(fees)) {
    if (!TICKER.test(key)) {
      ctx.addIssue({ code: 'custom', path: [key], input: key, message: `${TICKER_EXPECTED} as the key` });
      return;
    }
    const other = seen.get(key.toUpperCase());
    if (other !== undefined) {
      ctx.addIssue({ code: 'custom', path: [key], input: key, message: `each symbol once (${other} is the same symbol)` });
      return;
    }
    seen.set(key.toUpperCase(), key);
  }
}).transform((fees) => Object.fromEntries(Object.entries(fees).map(([k, v]) => [k.toUpperCase(), v])));

/** `microhedge.config.json`: defaults for analyze, overridden by flags. Every field optional. */
export const configSchema = z.object({
  horizonDays: z.number().int().min(1).max(250),
  lookbackDays: z.number().int().min(40).max(10_000),
  confidence: z.array(z.number().gt(0.5).lt(1)).min(1).max(MAX_CONFIDENCE_LEVELS),
  seed: z.number().int().min(0).max(2 ** 31 - 1),
  scenarioMethod: z.enum(['historical', 'fhs', 'bootstrap', 'mc-normal', 'mc-t', 'stress']),
  scenarioCount: z.number().int().min(100).max(1_000_000),
  costs: z.object({
    borrowFeeAnnual: rate,
    borrowFeeBySymbol: feeBySymbol,
    shareHalfSpread: rate,
    commissionPerShare: money,
    optionHalfSpread: rate,
    commissionPerContract: money,
  }).partial().strict(),
  constraints: z.object({
    budget: money,
    noShortTarget: z.boolean(),
    allowedInstruments: z.array(z.enum(['equity', 'future', 'option', 'bond'])),
  }).partial().strict(),
}).partial().strict();

export type Config = z.infer<typeof configSchema>;

/** Reads `--config FILE`, or microhedge.config.json in `cwd` if present (none: empty config).
 *  A malformed file is the user's error, naming the file and the field. */
export async function loadConfig(cwd: string, path: string | undefined): Promise<Config> {
  const file = path ?? CONFIG_FILE;
  let bytes: Buffer;
  try {
    bytes = await readFile(resolve(cwd, file));
  } catch (e) {
    if (path === undefined && (e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new InputError({ file, expected: 'a readable JSON config file' });
  }
  // Decoded as the data files are (an editor's UTF-16 or byte-order mark is no error), and its
  // nesting bounded before anything walks it: the schema and the echo of a wrong value recurse.
  const text = decodeText(bytes, file).replace(/^\uFEFF/, '');
  if (!nestedAtMost(text, MAX_JSON_DEPTH)) {
    throw new InputError({ file, expected: `JSON with arrays and objects nested at most ${MAX_JSON_DEPTH} levels deep` });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError({ file, expected: `valid JSON (${(e as Error).message})` });
  }
  const parsed = configSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) {
    const d = issueDetails(parsed.error.issues[0]!, `a field of ${CONFIG_FILE} (this one is unknown; see docs/user-guide.md §7)`);
    throw new InputError({ ...d, file, column: d.file === '(body)' ? '(top level)' : d.file });
  }
  return parsed.data;
}

/** Defaults ← config file. Flags are applied on top by the command. */
export function withConfig(defaults: AnalyzeOptions, config: Config): AnalyzeOptions {
  const { costs, constraints, ...rest } = config;
  return {
    ...defaults,
    ...rest,
    costs: { ...defaults.costs, ...costs },
    constraints: { ...defaults.constraints, ...constraints },
  };
}
