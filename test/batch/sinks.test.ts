import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HedgeRow, Outcome } from '../../src/batch/outcome.js';
import { openResultsDirectory, reportFileName } from '../../src/batch/results-dir.js';
import { openResultsStore } from '../../src/batch/results-store.js';
import type { BatchRun, ResultSink } from '../../src/batch/sink.js';
import { openStore } from '../../src/data/store.js';

// Both result sinks keep one result per (portfolio id, inputs hash), never let a failure replace
// a success, tell a rerun what it may skip, and forget inputs that are no longer current.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'microhedge-sinks-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const hedge = (rank: number): HedgeRow => ({
  rank, kind: 'short-self', scope: 'micro', name: `Short ${rank}`, costTotal: 10 * rank, costFractionOfTarget: 0.001, targetEsBefore: 100,
  targetEsAfter: 50 + rank, portfolioEsBefore: 200, portfolioEsAfter: 150 + rank, varianceReductionTarget: 0.5, varianceReductionPortfolio: 0.25,
});

function ok(id: string, hash = `h-${id}`): Outcome {
  return {
    id, file: `${id}.csv`, inputsHash: hash, status: 'ok', seconds: 0.05, hedges: [hedge(1), hedge(2)],
    reportJson: JSON.stringify({ target: 'AAPL', id }),
    summary: {
      largestHolding: 'MSFT', largestWeight: id === 'a' ? 0.3 : 0.05, target: 'AAPL', targetWeight: 0.04, currency: 'USD', portfolioValue: 1e6, asOf: '2024-11-29', horizonDays: 10,
      esLevel: 0.99, portfolioEsBefore: 200,
      best: { kind: 'short-self', name: 'Short 1', costTotal: 10, portfolioEsAfter: 151, riskRemoved: 49, riskRemovedFraction: 0.245, varianceReductionPortfolio: 0.25 },
    },
  };
}
const failure = (id: string, status: 'invalid' | 'failed', hash = `h-${id}`): Outcome => ({
  id, file: `${id}.csv`, inputsHash: hash, status, seconds: 0, error: `${id}.csv:2:quantity: expected a number, got "x"`,
});

const run = (ids: string[], hash = (id: string) => `h-${id}`): BatchRun => ({
  startedAt: '2026-01-02T03:04:05.678Z', source: 'clients/', contextHash: 'c', optionsJson: '{}', concentrationThreshold: 0.1,
  portfolios: ids.map((id) => ({ id, file: `${id}.csv`, inputsHash: hash(id) })),
});

const sinks: [string, (path: string) => Promise<ResultSink>][] = [
  ['DuckDB store', (path) => openResultsStore(`${path}.duckdb`, dir)],
  ['directory', (path) => openResultsDirectory(`${path}/`, dir)],
];

describe.each(sinks)('the %s sink', (_name, open) => {
  let n = 0;
  const fresh = () => `${_name.split(' ')[0]}-${(n += 1)}`;

  it('records outcomes against the batch, in its order, with pending ones', async () => {
    const sink = await open(fresh());
    expect(await sink.begin(run(['a', 'b', 'c', 'd']))).toEqual(new Set());
    await sink.write([failure('c', 'failed'), ok('a'), failure('b', 'invalid')]);
    const rows = await sink.summary();
    await sink.close();
    expect(rows.map((r) => [r.id, r.status, r.concentrated])).toEqual([['a', 'ok', true], ['b', 'invalid', null], ['c', 'failed', null], ['d', 'pending', null]]);
    expect(rows[0]!.summary).toEqual((ok('a') as { summary: unknown }).summary);
    expect(rows[1]!.error).toBe('b.csv:2:quantity: expected a number, got "x"');
  });

  it('skips on a rerun what has a final result, and forgets results of changed inputs', async () => {
    const path = fresh();
    let sink = await open(path);
    await sink.begin(run(['a', 'b', 'c', 'd']));
    await sink.write([ok('a'), failure('b', 'invalid'), failure('c', 'failed'), ok('d')]);
    await sink.close();
    sink = await open(path);
    // c failed (not its input's fault): retried; d's holdings changed: analysed again.
    expect(await sink.begin(run(['a', 'b', 'c', 'd'], (id) => (id === 'd' ? 'h-d2' : `h-${id}`)))).toEqual(new Set(['a', 'b']));
    expect((await sink.summary()).map((r) => r.status)).toEqual(['ok', 'invalid', 'failed', 'pending']);
    // A late result for d's old inputs (a queued job of the earlier run) is not taken as current.
    await sink.write([ok('d', 'h-d')]);
    expect((await sink.summary())[3]!.status).toBe('pending');
    await sink.close();
  });

  it('keeps the success when a duplicate delivery of the same inputs fails, whatever the order (property)', async () => {
    const variants = ['ok', 'invalid', 'failed'] as const;
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom('a', 'b'), fc.constantFrom(...variants)), { maxLength: 8 }), fc.integer({ min: 1, max: 3 }),
      async (writes, chunk) => {
        const sink = await open(fresh());
        await sink.begin(run(['a', 'b']));
        const outcomes = writes.map(([id, v]) => (v === 'ok' ? ok(id) : failure(id, v)));
        for (let i = 0; i < outcomes.length; i += chunk) await sink.write(outcomes.slice(i, i + chunk));
        const rows = await sink.summary();
        await sink.close();
        for (const row of rows) {
          const mine = writes.filter(([id]) => id === row.id).map(([, v]) => v);
          const expected = mine.length === 0 ? 'pending' : mine.includes('ok') ? 'ok' : mine[mine.length - 1];
          expect(row.status).toBe(expected);
        }
      }), { numRuns: 15 });
  });
});

describe('the DuckDB store sink', () => {
  it('writes one row per result and per hedge however often a result is written, in a file that is a microhedge store', async () => {
    const path = join(dir, 'rows.duckdb');
    const sink = await openResultsStore(path, dir);
    await sink.begin(run(['a', 'b']));
    await sink.write([ok('a'), ok('a'), failure('b', 'invalid')]);
    await sink.write([ok('a'), failure('a', 'failed')]);
    await sink.close();
    const store = await openStore(path, { readOnly: true });
    expect((await store.listContents()).portfolios).toEqual([]);
    await store.close();
    const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
    const c = await instance.connect();
    const rows = async (sql: string) => (await c.runAndReadAll(sql)).getRowsJS();
    expect(await rows('SELECT portfolio_id, status, report FROM batch_results ORDER BY portfolio_id')).toEqual([
      ['a', 'ok', JSON.stringify({ target: 'AAPL', id: 'a' })], ['b', 'invalid', null],
    ]);
    expect(await rows("SELECT rank, name, portfolio_es_after FROM batch_hedges WHERE portfolio_id = 'a' ORDER BY rank")).toEqual([[1, 'Short 1', 151], [2, 'Short 2', 152]]);
    expect(await rows('SELECT portfolio_id, concentrated, largest_holding, target, best_hedge_name, risk_removed FROM batch_summary ORDER BY seq')).toEqual([
      ['a', true, 'MSFT', 'AAPL', 'Short 1', 49], ['b', null, null, null, null, null],
    ]);
    expect(await rows('SELECT application, version FROM batch_schema_version')).toEqual([['microhedge-batch', 1]]);
    c.closeSync();
    instance.closeSync();
  });

  it('refuses batch tables of another version', async () => {
    const path = join(dir, 'future.duckdb');
    await (await openResultsStore(path, dir)).close();
    const instance = await DuckDBInstance.create(path);
    const c = await instance.connect();
    await c.run('UPDATE batch_schema_version SET version = 2');
    c.closeSync();
    instance.closeSync();
    await expect(openResultsStore(path, dir)).rejects.toThrow(/future\.duckdb: expected batch tables of schema version 1/);
  });
});

describe('the directory sink', () => {
  it('writes each report as analyze --json does, and summary.csv / hedges.csv', async () => {
    const sink = await openResultsDirectory('out/', dir);
    await sink.begin(run(['a', 'b']));
    await sink.write([ok('a'), failure('b', 'invalid')]);
    await sink.close();
    expect(await readFile(join(dir, 'out', 'reports', 'a.json'), 'utf8')).toBe(`${JSON.stringify({ target: 'AAPL', id: 'a' }, null, 2)}\n`);
    const summary = (await readFile(join(dir, 'out', 'summary.csv'), 'utf8')).split('\n');
    expect(summary[0]).toBe('portfolio_id,file,status,concentrated,largest_holding,largest_weight,target,target_weight,currency,portfolio_value,as_of,horizon_days,es_level,'
      + 'portfolio_es_before,best_hedge_kind,best_hedge_name,best_hedge_cost,portfolio_es_after,risk_removed,risk_removed_fraction,variance_reduction,error');
    expect(summary[1]).toBe('a,a.csv,ok,true,MSFT,0.3,AAPL,0.04,USD,1000000,2024-11-29,10,0.99,200,short-self,Short 1,10,151,49,0.245,0.25,');
    expect(summary[2]).toBe('b,b.csv,invalid,,,,,,,,,,,,,,,,,,,"b.csv:2:quantity: expected a number, got ""x"""');
    expect((await readFile(join(dir, 'out', 'hedges.csv'), 'utf8')).split('\n').slice(1, 3)).toEqual([
      'a,1,short-self,micro,Short 1,10,0.001,100,51,200,151,0.5,0.25', 'a,2,short-self,micro,Short 2,20,0.001,100,52,200,152,0.5,0.25',
    ]);
  });

  it('removes the report of inputs that changed', async () => {
    let sink = await openResultsDirectory('changed/', dir);
    await sink.begin(run(['a']));
    await sink.write([ok('a')]);
    await sink.close();
    sink = await openResultsDirectory('changed', dir);
    await sink.begin(run(['a'], () => 'h-new'));
    await sink.close();
    expect(existsSync(join(dir, 'changed', 'reports', 'a.json'))).toBe(false);
  });

  it('names report files so that no id escapes the directory', () => {
    expect(reportFileName('client 7')).toBe('client%207.json');
    expect(reportFileName('../etc/passwd')).toBe('%2E.%2Fetc%2Fpasswd.json');
    expect(reportFileName('..')).toBe('%2E..json');
  });

  it('refuses a directory whose batch.json is not ours', async () => {
    await openResultsDirectory('foreign/', dir);
    await writeFile(join(dir, 'foreign', 'batch.json'), '{"application":"other"}');
    await expect(openResultsDirectory('foreign', dir)).rejects.toThrow('foreign/batch.json: expected a microhedge-batch-dir manifest of version 1 (or a directory without batch.json)');
  });
});
