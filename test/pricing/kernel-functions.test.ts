import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalisedOtmCall } from '../../src/pricing/black.js';
import { tableExp } from '../../src/pricing/special.js';

const load = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../reference/pricing/${name}`, import.meta.url), 'utf8')) as T;

/** Distance from v to the next double away from zero. */
function ulp(v: number): number {
  const b = new Float64Array([Math.abs(v)]);
  const i = new BigInt64Array(b.buffer);
  i[0] = (i[0] as bigint) + 1n;
  return (b[0] as number) - Math.abs(v);
}

describe('tableExp (Tang\'s table-driven exponential)', () => {
  // mpmath at 40 digits, test/reference/pricing/generate_exp.py: arguments over the whole fast
  // range, near 0, and halfway between table nodes (largest reduced argument). One ulp is the
  // method's bound (0.5 ulp table values, a Taylor remainder below 6e-19, a final rounding); the
  // runtime's Math.exp meets the same bound on these points.
  const { cases } = load<{ cases: [number, number][] }>('exp.json');

  it(`is within 1 ulp of e^x on ${cases.length} reference points`, () => {
    const failures = cases.filter(([x, e]) => Math.abs(tableExp(x) - e) > ulp(e));
    expect(failures).toEqual([]);
  });

  it('is exact at 0 and defers to Math.exp outside (−708, 709), for infinities and NaN', () => {
    expect(tableExp(0)).toBe(1);
    expect(tableExp(-0)).toBe(1);
    for (const x of [-708, -745, -746, -Infinity, 709, 709.7, 710, Infinity]) expect(tableExp(x)).toBe(Math.exp(x));
    expect(tableExp(Number.NaN)).toBeNaN();
  });
});

describe('normalised Black, Taylor region (t = s/2 < 0.21, −10 − t < h ≤ 0)', () => {
  // mpmath at 50 digits, test/reference/pricing/generate_normalised_black.py; half of the points
  // where the fixed-length series converges slowest (t near 0.21, h near −1). The tolerance is
  // 4ε·(1 + h²): the first Taylor coefficient 1 + hY(h) loses about h² ulps to cancellation as
  // h → −10 (Y(h) ≈ 1/|h| − 1/|h|³), which bounds the region's accuracy whatever the series length.
  const { cases } = load<{ cases: [number, number, number][] }>('normalised-black.json');

  it(`matches b(x, s) on ${cases.length} reference points`, () => {
    const failures = cases.filter(([x, s, b]) => {
      const h = x / s;
      return Math.abs(normalisedOtmCall(x, s) - b) > 4 * Number.EPSILON * (1 + h * h) * b;
    });
    expect(failures).toEqual([]);
  });
});
