import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { createApp } from '../../src/server/app.js';
import { inlineEngine } from '../../src/server/engine.js';
import { HostCheck } from '../../src/server/hosts.js';
import { expectNoUncomputed } from './corpus.js';

// Random inputs, seeded and bounded: the API answers every JSON body with a 2xx or a 4xx (never a
// 500) and puts no NaN in a 2xx body; the CLI exits 0 or 2 on any argv (never 1, a bug).

const ORIGIN = 'http://127.0.0.1:4173';
const app = createApp({ engine: inlineEngine(), hosts: new HostCheck('127.0.0.1', 4173), maxUploadBytes: 32 * 1024 * 1024, log: () => undefined });
const post = (path: string, body: string) => app.request(`${ORIGIN}${path}`, {
  method: 'POST', headers: { host: '127.0.0.1:4173', 'content-type': 'application/json' }, body,
});

/** Values that sit on the edges of what the schemas accept, and junk. */
const edge = fc.oneof(
  fc.constantFrom(0, 1, -1, 0.5, 0.95, 0.99, 1.5, 10, 250, 251, 1e308, -1e308, 2 ** 31, 1e-300, '', 'NaN', 'Infinity', 'AAPL',
    'aapl', '../x', '<b>', 'equity', 'energy', 'historical', 'stress', 'put', 'collar', 'short-self', '2024-11-29', '2024-02-30',
    '11/29/2024', null, true, [], {}),
  fc.integer(), fc.double(), fc.string({ maxLength: 12 }),
);
const value = fc.oneof({ depthSize: 'small' }, edge, fc.array(edge, { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 8 }), edge, { maxKeys: 3 }));
const optionKeys = ['horizonDays', 'lookbackDays', 'confidence', 'seed', 'scenarioMethod', 'scenarioCount', 'costs', 'constraints',
  'target', 'asOf', 'hedgeKinds', 'shocks', 'bogus'] as const;
const options = fc.dictionary(fc.constantFrom(...optionKeys), value, { maxKeys: 3 });

describe('API fuzzing', () => {
  let analysisId = '';
  beforeAll(async () => {
    const r = await post('/api/analyze', JSON.stringify({ options: { hedgeKinds: ['protective-put', 'collar', 'short-self'] } }));
    analysisId = ((await r.json()) as { analysisId: string }).analysisId;
  });

  const statuses: Record<string, number[]> = {};
  async function answersCleanly(path: string, body: unknown): Promise<void> {
    const r = await post(path, JSON.stringify(body));
    (statuses[path] ??= []).push(r.status);
    const text = await r.text();
    expect(r.status, `${path} ${JSON.stringify(body).slice(0, 300)}: ${text.slice(0, 300)}`).toBeLessThan(500);
    if (r.status < 300) expectNoUncomputed(text);
  }

  it('POST /api/analyze: any body is a 2xx or a 4xx', async () => {
    // Bodies that fail validation are cheap; the few valid ones run a whole analysis, so few runs.
    const body = fc.oneof(
      fc.record({ options }, { requiredKeys: [] }),
      fc.record({ sample: value, inputsId: value, files: value, options: value }, { requiredKeys: [] }),
      value,
    );
    await fc.assert(fc.asyncProperty(body, (b) => answersCleanly('/api/analyze', b)), { numRuns: 120, seed: 20261125 });
  });

  it('POST /api/inputs: any body is a 2xx or a 4xx', async () => {
    const file = fc.record({ name: fc.oneof(fc.constantFrom('book.csv', 'prices.csv', 'chain.json'), fc.string({ maxLength: 10 })), text: fc.oneof(fc.string(), fc.constantFrom('symbol,quantity\nAAPL,100\n', 'date,AAPL\n2024-01-02,1\n', '{"optionChain":')) });
    const body = fc.oneof(
      fc.record({ sample: fc.oneof(fc.constantFrom('equity', 'energy'), value) }),
      fc.record({ files: fc.oneof(fc.array(file, { maxLength: 3 }), value) }),
      fc.record({ sample: value, files: value }, { requiredKeys: [] }),
    );
    await fc.assert(fc.asyncProperty(body, (b) => answersCleanly('/api/inputs', b)), { numRuns: 200, seed: 20261125 });
  });

  it('POST /api/hedge: any hedge spec on a real analysis is a 2xx or a 4xx', async () => {
    const expiry = fc.oneof(fc.constantFrom('2024-12-29', '2025-02-28', '2025-05-30'), value);
    const contracts = fc.oneof(fc.integer({ min: 0, max: 50 }), value);
    const name = fc.oneof(fc.constantFrom('Short AAPL 50%', 'Short AAPL 100%', 'Put 96% 91d'), value);
    const spec = fc.oneof(
      fc.record({ type: fc.constant('proposed'), name }),
      fc.record({ type: fc.constant('put'), expiry, strike: fc.oneof(fc.constantFrom(200, 220, 230, 231.1), value), contracts }),
      fc.record({ type: fc.constant('collar'), expiry, putStrike: fc.oneof(fc.constantFrom(200, 220, 230), value), callStrike: fc.oneof(fc.constantFrom(240, 250, 260), value), contracts }),
      fc.record({ type: fc.constant('scale'), name, ratio: fc.oneof(fc.double({ min: 0, max: 6, noNaN: true }), value) }),
      fc.dictionary(fc.constantFrom('type', 'name', 'expiry', 'strike', 'ratio', 'extra'), value, { maxKeys: 4 }),
    );
    await fc.assert(fc.asyncProperty(spec, fc.boolean(), (hedge, known) => answersCleanly('/api/hedge', { analysisId: known ? analysisId : 'f'.repeat(32), hedge })),
      { numRuns: 300, seed: 20261125 });
  });

  it('reached past validation too (some answers were 200s)', () => {
    console.log('fuzz statuses', Object.fromEntries(Object.entries(statuses).map(([p, list]) => [p, list.reduce<Record<number, number>>((n, x) => ({ ...n, [x]: (n[x] ?? 0) + 1 }), {})])));
    for (const path of ['/api/analyze', '/api/inputs', '/api/hedge']) expect(statuses[path]).toContain(200);
  });
});

describe('CLI fuzzing', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'microhedge-fuzz-')); });
  afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

  // serve, worker and batch with valid flags start servers or queues; import writes stores: the
  // corpus covers their flags one by one. Here: the commands that read and compute.
  const flags: Record<string, string[]> = {
    analyze: ['--horizon', '--lookback', '--confidence', '--scenarios', '--count', '--seed', '--hedges', '--budget', '--instruments',
      '--as-of', '--target', '--shock', '--sample', '--no-short-target', '--config', '--portfolio', '--prices'],
    screen: ['--horizon', '--lookback', '--confidence', '--scenarios', '--count', '--seed', '--vol-history', '--trend', '--average',
      '--threshold-value-share', '--threshold-volatility-percentile', '--as-of', '--sample'],
    price: ['--type', '--style', '--spot', '--strike', '--rate', '--dividend-yield', '--time', '--vol', '--file'],
    iv: ['--type', '--style', '--spot', '--strike', '--rate', '--dividend-yield', '--time', '--price', '--file'],
    chain: ['--rate', '--dividend-yield', '--rates'],
    effectiveness: ['--item', '--instrument', '--item-symbol', '--instrument-symbol', '--from', '--to', '--designated', '--period', '--ratio', '--memo'],
  };
  const token = fc.oneof(
    fc.constantFrom('0', '1', '-1', '0.5', '0.95', '0.99,0.95', '1.5', '10', '100', '250', '1e3', 'NaN', 'Infinity', '', 'abc', 'call',
      'put', 'american', 'historical', 'mc-t', 'stress', 'short-self', 'AAPL', 'XOM', 'AAPL=-0.3', '2024-11-29', '2024-11-23', '2024-13-01',
      'equity', 'energy', 'weekly', 'nope.csv', '-', '--', '--bogus', '-x', 'data/sample/aapl_chain_2016-09-06.json'),
    fc.string({ maxLength: 8 }),
  );
  const argv = fc.constantFrom(...Object.keys(flags)).chain((command) => fc.tuple(
    fc.constant(command),
    fc.array(fc.oneof(fc.tuple(fc.constantFrom(...flags[command]!), token).map(([f, v]) => [f, v]), token.map((t) => [t])), { maxLength: 4 }),
  )).map(([command, parts]) => [command, '--quiet', ...parts.flat()].filter((a, i) => !(a === '--quiet' && i === 1 && ['price', 'iv', 'chain'].includes(command))));

  const codes: number[] = [];
  it('exits 0 or 2 on any argv, never 1', async () => {
    await fc.assert(fc.asyncProperty(argv, async (args) => {
      const r = await run(args, { cwd: dir, env: {} });
      codes.push(r.code);
      expect(r.code, `${JSON.stringify(args)}: ${r.stderr.slice(0, 400)}`).not.toBe(1);
      expect([0, 2]).toContain(r.code);
      if (r.code === 2) expect(r.stderr).toMatch(/^error: [^\n]+\n$/);
    }), { numRuns: 150, seed: 20261125 });
    console.log('fuzz exit codes', codes.filter((c) => c === 0).length, 'zero of', codes.length);
    expect(codes).toContain(0);
  });
});
