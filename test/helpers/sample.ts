import { join } from 'node:path';
import { DEFAULT_OPTIONS, prepare, type AnalyzeInput, type AnalyzeOptions, type Prepared } from '../../src/pipeline/analyze.js';
import { loadInputs, SAMPLE } from '../../src/pipeline/load-inputs.js';

export const SAMPLE_DIR = join(process.cwd(), 'data', 'sample');

export async function sampleInput(): Promise<AnalyzeInput> {
  return loadInputs({ ...SAMPLE, cwd: process.cwd() });
}

/** The market model and scenarios analyze builds on the sample, for `target`. */
export function preparedFor(input: AnalyzeInput, target: string, options: Partial<AnalyzeOptions> = {}): Prepared {
  return prepare(input, { ...DEFAULT_OPTIONS, ...options, target });
}
