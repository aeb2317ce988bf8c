import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { run, type RunResult } from '../../src/cli/run.js';

// What every case of the bad-input corpus must hold, whatever its input: the process neither
// crashes nor hangs, and no number that is not a number reaches the user.

export const SAMPLE_DIR = join(process.cwd(), 'data', 'sample');

/** Words that mean a value was never computed. The user's own input, echoed back in an error
 *  (`got "NaN"`), is removed before looking; "is undefined" in a sentence explaining why a figure
 *  is missing ("R² is undefined: the series is constant") is words, not a value. */
const UNCOMPUTED = /\bNaN\b|\bInfinity\b|(?<!\b(?:is|are) )\bundefined\b/;

export function expectNoUncomputed(text: string, echoed: readonly string[] = []): void {
  let rest = text;
  for (const e of echoed) if (e !== '') rest = rest.split(e).join('');
  expect(rest).not.toMatch(UNCOMPUTED);
}

export type CliCase = {
  name: string;
  argv: string[];
  files?: Record<string, string>;
  code: 0 | 2;
  /** The exact stderr of a user error ({dir}: the working directory). */
  stderr?: string;
  /** Lines a valid run's stdout (stderr) must contain. */
  stdoutIncludes?: string[];
  stderrIncludes?: string[];
};

/** Runs a CLI case in a fresh working directory holding `fixtures` and the case's files, with a
 *  time limit: a hang fails the case instead of the suite. */
export async function runCase(c: CliCase, fixtures: string, limitMs = 30_000): Promise<RunResult & { dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'microhedge-bad-'));
  cpSync(fixtures, dir, { recursive: true });
  for (const [name, text] of Object.entries(c.files ?? {})) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const argv = c.argv.map((a) => a.replaceAll('{sample}', SAMPLE_DIR));
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`hung for ${limitMs} ms`)), limitMs); });
  try {
    return { ...(await Promise.race([run(argv, { cwd: dir, env: {} }), hang])), dir };
  } finally {
    clearTimeout(timer);
  }
}
