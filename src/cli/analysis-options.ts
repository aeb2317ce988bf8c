import { InputError } from '../domain/errors.js';
import { hedgeKinds } from '../hedges/registry.js';
import { DEFAULT_OPTIONS, type AnalyzeOptions } from '../pipeline/analyze.js';
import { loadConfig, MAX_CONFIDENCE_LEVELS, withConfig } from '../pipeline/config.js';
import { SCENARIO_METHODS } from '../scenarios/build.js';
import { choiceFlag, dateFlag, integerFlag, numberListFlag, positiveNumberFlag } from './args.js';

/** The flags that set how a portfolio is analysed, shared by `analyze` and `batch`. */
export const ANALYSIS_FLAGS = {
  'as-of': { type: 'string' },
  horizon: { type: 'string' },
  lookback: { type: 'string' },
  confidence: { type: 'string' },
  scenarios: { type: 'string' },
  count: { type: 'string' },
  seed: { type: 'string' },
  hedges: { type: 'string' },
  budget: { type: 'string' },
  'no-short-target': { type: 'boolean' },
  instruments: { type: 'string' },
  config: { type: 'string' },
} as const;

export type AnalysisFlagValues = {
  [K in keyof typeof ANALYSIS_FLAGS]?: (typeof ANALYSIS_FLAGS)[K] extends { type: 'boolean' } ? boolean : string
};

const INSTRUMENT_KINDS = ['equity', 'option', 'future', 'bond'] as const;

/** Defaults ← microhedge.config.json (or --config) ← flags, each flag checked with its bounds. */
export async function analysisOptions(values: AnalysisFlagValues, cwd: string): Promise<AnalyzeOptions> {
  const base = withConfig(DEFAULT_OPTIONS, await loadConfig(cwd, values.config));
  const horizonDays = integerFlag('horizon', values.horizon, base.horizonDays, 1, 250);
  const kinds = values.hedges?.split(',').map((k) => k.trim());
  const unknown = kinds?.find((k) => !hedgeKinds.some((h) => h.kind === k));
  if (unknown !== undefined) throw new InputError({ file: '--hedges', value: unknown, expected: `hedge kinds among: ${hedgeKinds.map((k) => k.kind).join(', ')}` });
  const repeated = kinds?.find((k, i) => kinds.indexOf(k) !== i);
  if (repeated !== undefined) throw new InputError({ file: '--hedges', value: repeated, expected: 'each hedge kind at most once' });
  const confidence = numberListFlag('confidence', values.confidence, base.confidence, 0.5, 1);
  if (confidence.length > MAX_CONFIDENCE_LEVELS) {
    throw new InputError({ file: '--confidence', value: values.confidence, expected: `at most ${MAX_CONFIDENCE_LEVELS} confidence levels` });
  }
  return {
    ...base,
    horizonDays,
    lookbackDays: integerFlag('lookback', values.lookback, base.lookbackDays, horizonDays + 30, 10_000),
    confidence,
    seed: integerFlag('seed', values.seed, base.seed, 0, 2 ** 31 - 1),
    scenarioMethod: choiceFlag('scenarios', values.scenarios, SCENARIO_METHODS, base.scenarioMethod),
    scenarioCount: integerFlag('count', values.count, base.scenarioCount, 100, 1_000_000),
    constraints: {
      ...base.constraints,
      ...(values['no-short-target'] === undefined ? {} : { noShortTarget: true }),
      ...(values.budget === undefined ? {} : { budget: positiveNumberFlag('budget', values.budget) }),
      ...(values.instruments === undefined ? {} : {
        allowedInstruments: values.instruments.split(',').map((k) => choiceFlag('instruments', k.trim(), INSTRUMENT_KINDS, 'equity')),
      }),
    },
    ...(kinds === undefined ? {} : { hedgeKinds: kinds }),
    ...(values['as-of'] === undefined ? {} : { asOf: dateFlag('as-of', values['as-of']) }),
  };
}
