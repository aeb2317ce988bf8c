// The vectors written by test/reference/scenarios/make-vectors.py (numpy / scipy / pandas /
// statsmodels), and the tolerance helpers the scenario and contribution tests share.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of known shape, read in tests only
export const vectors: any = JSON.parse(readFileSync(`${root}test/reference/scenarios/vectors.json`, 'utf8'));

/** |actual − expected| ≤ rel·max(|expected|, floor). */
export function expectRel(actual: number, expected: number, rel: number, floor = 0, what = ''): void {
  const tol = rel * Math.max(Math.abs(expected), floor);
  if (!(Math.abs(actual - expected) <= tol)) {
    expect.fail(`${what}expected ${actual} to be within ${tol} of ${expected} (diff ${actual - expected})`);
  }
}

export function expectAllRel(actual: ArrayLike<number>, expected: ArrayLike<number>, rel: number, floor = 0, what = ''): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectRel(actual[i]!, expected[i]!, rel, floor, `${what}[${i}] `);
}
