import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { InputError } from '../domain/errors.js';
import { issueDetails } from './issues.js';
import type { AnalyzeOptions } from './prepare.js';

/** Default file name looked for in the working directory. */
export const CONFIG_FILE = 'microhedge.config.json';

/** Confidence levels one report shows at most (each is a column of every risk table). */
export const MAX_CONFIDENCE_LEVELS = 10;

const rate = z.number().min(0).max(1);
const money = z.number().min(0);

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
    borrowFeeBySymbol: z.record(z.string(), rate),
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
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (e) {
    if (path === undefined && (e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new InputError({ file, expected: 'a readable JSON config file' });
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
