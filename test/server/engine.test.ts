import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS } from '../../src/pipeline/analyze.js';
import { reportSchema } from '../../src/report/schema.js';
import type * as EngineModule from '../../src/server/engine.js';
import type { Task } from '../../src/server/tasks.js';

// The compute threads run the built package (dist/, which `npm test` builds first): a worker
// thread loads thread.js next to engine.js.
const DIST = join(process.cwd(), 'dist', 'src', 'server', 'engine.js');
let engines: typeof EngineModule;

beforeAll(async () => {
  if (!existsSync(DIST)) throw new Error('the engine tests need the built package: run npm run build (npm test does)');
  engines = await import(pathToFileURL(DIST).href) as typeof EngineModule;
});

const sample = { inputsId: 'sample-equity', source: { sample: 'equity' as const } };
const analyzeTask = (analysisId: string, options = DEFAULT_OPTIONS): Task => ({ op: 'analyze', ...sample, analysisId, options });

describe('the thread engine', () => {
  let engine: EngineModule.Engine;
  afterAll(() => engine?.close());

  it('stops a computation over the time limit, replaces the thread and goes on', async () => {
    engine = engines.threadEngine({ threads: 1, timeLimitSeconds: 1.5, maxQueued: 8 });
    // 200,000 Student-t Monte Carlo scenarios take several seconds on the sample.
    const started = performance.now();
    const slow = engine.run(analyzeTask('a'.repeat(32), { ...DEFAULT_OPTIONS, scenarioMethod: 'mc-t', scenarioCount: 200_000 }));
    await expect(slow).rejects.toBeInstanceOf(engines.TimeLimitError);
    await expect(slow).rejects.toThrow("the computation took longer than the server's 1.5 s limit");
    expect(performance.now() - started).toBeLessThan(2500);
    // The fresh thread answers the next request: a malformed upload, refused before any sample is
    // loaded, well within the limit even on a busy machine.
    const upload: Task = { op: 'inputs', inputsId: 'upload-x', source: { files: [{ name: 'h.csv', text: 'symbol,quantity\nAAPL,x\n' }] } };
    await expect(engine.run(upload)).rejects.toThrow('h.csv:2:quantity: expected a quantity (a non-zero number), got "x"');
  });

  it('refuses work beyond its queue, and runs concurrent requests to the same answers', async () => {
    await engine?.close();
    engine = engines.threadEngine({ threads: 2, timeLimitSeconds: 60, maxQueued: 3 });
    const first = await engine.run(analyzeTask('b'.repeat(32)));
    const report = reportSchema.parse(JSON.parse(first.body).report);
    const put = report.hedges.find((h) => h.kind === 'protective-put')!;
    const hedge = (strike: number): Task => ({
      op: 'hedge', ...sample, analysisId: 'b'.repeat(32), options: DEFAULT_OPTIONS,
      spec: { type: 'put', expiry: String(put.parameters.expiry), strike, contracts: 10 },
    });
    const strikes = [200, 210, 220, 230, 240, 250];
    const settled = await Promise.allSettled(strikes.map((k) => engine.run(hedge(k))));
    // One runs at once on the analysis' thread, three wait; the rest are refused.
    expect(settled.filter((s) => s.status === 'rejected').every((s) => (s as PromiseRejectedResult).reason instanceof engines.BusyError)).toBe(true);
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(4);
    const again = await Promise.all(strikes.slice(0, 3).map((k) => engine.run(hedge(k))));
    const inline = engines.inlineEngine();
    for (const [i, k] of strikes.slice(0, 3).entries()) {
      const want = JSON.parse((await inline.run(hedge(k))).body).hedge;
      expect(JSON.parse(again[i]!.body).hedge).toEqual(want);
    }
  });

  it('returns the user\'s errors as InputError and keeps going', async () => {
    const bad = engine.run(analyzeTask('c'.repeat(32), { ...DEFAULT_OPTIONS, target: 'ZZZ' }));
    await expect(bad).rejects.toThrow(/^--target: expected a symbol held in the portfolio/);
    const uncovered: Task = { op: 'inputs', inputsId: 'upload-y', source: { files: [
      { name: 'h.csv', text: 'symbol,quantity\nAAPL,1\nXYZ,2\n' }, { name: 'p.csv', text: 'date,AAPL\n2024-01-02,185.6\n' }] } };
    await expect(engine.run(uncovered)).rejects.toThrow(/^h\.csv:3:symbol: expected a holding with a price history/);
  });
});
