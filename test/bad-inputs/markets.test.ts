import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportSchema } from '../../src/report/schema.js';
import { expectNoUncomputed, runCase, type CliCase } from './corpus.js';

// Degenerate markets (markets/cases.json): a frozen price, perfectly correlated and singular
// inputs, histories of 1 to 31 days, all-equal returns, books of one holding or of cash, series
// with no common date, negative prices, options at expiry. Each is refused with its exact error
// or analysed into a valid report that says what is odd in plain words.

type MarketCase = CliCase & {
  /** A hedge the report must hold, with its variance reductions (1 = all variance removed). */
  hedge?: { name: string; assetVarianceReduction: number; portfolioVarianceReduction?: number };
};

const HERE = join(process.cwd(), 'test', 'bad-inputs');
const { cases } = JSON.parse(readFileSync(join(HERE, 'markets', 'cases.json'), 'utf8')) as { cases: MarketCase[] };

describe('degenerate markets', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const r = await runCase(c, join(HERE, 'markets', 'fixtures'));
    try {
      expect(r.stderr).not.toMatch(/^bug:/m);
      expect({ code: r.code, stderr: c.code === 2 ? r.stderr : undefined }).toEqual({ code: c.code, stderr: c.stderr });
      for (const line of c.stdoutIncludes ?? []) expect(r.stdout).toContain(line);
      for (const line of c.stderrIncludes ?? []) expect(r.stderr).toContain(line);
      if (c.code === 0 && c.argv[0] === 'analyze') {
        const report = reportSchema.parse(JSON.parse(r.stdout));
        if (c.hedge) {
          const h = report.hedges.find((x) => x.name === c.hedge!.name);
          expect(h, `a hedge named ${c.hedge.name}`).toBeDefined();
          // Perfect correlation: the regression finds the duplicate exactly, up to rounding.
          expect(h!.varianceReduction.asset).toBeCloseTo(c.hedge.assetVarianceReduction, 9);
          if (c.hedge.portfolioVarianceReduction !== undefined) expect(h!.varianceReduction.portfolio).toBeCloseTo(c.hedge.portfolioVarianceReduction, 9);
        }
      }
      expectNoUncomputed(r.stdout + r.stderr, c.argv);
    } finally {
      rmSync(r.dir, { recursive: true, force: true });
    }
  });
});
