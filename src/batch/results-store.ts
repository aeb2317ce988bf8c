import { resolve } from 'node:path';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { InputError } from '../domain/errors.js';
import { openStore, type Store } from '../data/store.js';
import type { Outcome } from './outcome.js';
import type { BatchRun, ResultSink, SummaryRow } from './sink.js';

/** Written into `batch_schema_version`: the batch tables' own version, separate from the store's
 *  (docs/scaling.md, "The results in the store"). */
export const BATCH_APPLICATION = 'microhedge-batch';
export const BATCH_SCHEMA_VERSION = 1;

export const BATCH_TABLES: readonly string[] = ['batch_schema_version', 'batch_run', 'batch_portfolios', 'batch_results', 'batch_hedges'];

/** Summary columns of `batch_results`, in order, after the key and status columns. */
const SUMMARY_COLUMNS = `largest_holding VARCHAR, largest_weight DOUBLE, target VARCHAR, target_weight DOUBLE, currency VARCHAR, portfolio_value DOUBLE, as_of DATE,
  horizon_days INTEGER, es_level DOUBLE, portfolio_es_before DOUBLE, best_hedge_kind VARCHAR, best_hedge_name VARCHAR,
  best_hedge_cost DOUBLE, portfolio_es_after DOUBLE, risk_removed DOUBLE, risk_removed_fraction DOUBLE,
  variance_reduction DOUBLE`;

const HEDGE_COLUMNS = `rank INTEGER NOT NULL, kind VARCHAR NOT NULL, scope VARCHAR NOT NULL, name VARCHAR NOT NULL, cost_total DOUBLE NOT NULL,
  cost_fraction_of_target DOUBLE NOT NULL, target_es_before DOUBLE NOT NULL, target_es_after DOUBLE NOT NULL,
  portfolio_es_before DOUBLE NOT NULL, portfolio_es_after DOUBLE NOT NULL, variance_reduction_target DOUBLE NOT NULL,
  variance_reduction_portfolio DOUBLE NOT NULL`;

/** The batch tables, beside the store's (docs/store.md) in the same DuckDB file. */
const DDL: readonly string[] = [
  `CREATE TABLE batch_schema_version (application VARCHAR NOT NULL, version INTEGER NOT NULL)`,
  `CREATE TABLE batch_run (
     started_at TIMESTAMP NOT NULL, portfolios_source VARCHAR NOT NULL, context_hash VARCHAR NOT NULL,
     options VARCHAR NOT NULL, concentration_threshold DOUBLE NOT NULL)`,
  `CREATE TABLE batch_portfolios (
     seq INTEGER NOT NULL, portfolio_id VARCHAR NOT NULL PRIMARY KEY, file VARCHAR NOT NULL, inputs_hash VARCHAR NOT NULL)`,
  `CREATE TABLE batch_results (
     portfolio_id VARCHAR NOT NULL, inputs_hash VARCHAR NOT NULL,
     status VARCHAR NOT NULL CHECK (status IN ('ok', 'invalid', 'failed')), file VARCHAR NOT NULL, error VARCHAR,
     ${SUMMARY_COLUMNS},
     seconds DOUBLE NOT NULL, finished_at TIMESTAMP NOT NULL, report VARCHAR,
     PRIMARY KEY (portfolio_id, inputs_hash))`,
  `CREATE TABLE batch_hedges (
     portfolio_id VARCHAR NOT NULL, inputs_hash VARCHAR NOT NULL, ${HEDGE_COLUMNS},
     PRIMARY KEY (portfolio_id, inputs_hash, rank))`,
  `CREATE VIEW batch_summary AS
     SELECT p.seq, p.portfolio_id, p.file, COALESCE(r.status, 'pending') AS status, r.error,
            r.largest_holding, r.largest_weight, r.largest_weight >= run.concentration_threshold AS concentrated,
            r.target, r.target_weight,
            r.currency, r.portfolio_value, r.as_of, r.horizon_days, r.es_level, r.portfolio_es_before,
            r.best_hedge_kind, r.best_hedge_name, r.best_hedge_cost, r.portfolio_es_after, r.risk_removed,
            r.risk_removed_fraction, r.variance_reduction, p.inputs_hash
     FROM batch_portfolios p
     LEFT JOIN batch_results r ON r.portfolio_id = p.portfolio_id AND r.inputs_hash = p.inputs_hash
     CROSS JOIN batch_run run`,
];

const STAGE_RESULTS = `CREATE TEMP TABLE IF NOT EXISTS stage_batch_results (
  portfolio_id VARCHAR, inputs_hash VARCHAR, status VARCHAR, file VARCHAR, error VARCHAR,
  ${SUMMARY_COLUMNS.replace('as_of DATE', 'as_of VARCHAR')},
  seconds DOUBLE, finished_at VARCHAR, report VARCHAR)`;

const STAGE_HEDGES = `CREATE TEMP TABLE IF NOT EXISTS stage_batch_hedges (
  portfolio_id VARCHAR, inputs_hash VARCHAR, ${HEDGE_COLUMNS.replace(/ NOT NULL/g, '')})`;

/** Opens (creating if needed) a microhedge store at `path` and the batch tables in it. The file
 *  is a complete store: `analyze --db` and `import` work on it as on any other. */
export async function openResultsStore(path: string, cwd: string): Promise<ResultSink> {
  const store = await openStore(resolve(cwd, path));
  let instance: DuckDBInstance | undefined;
  let connection: DuckDBConnection | undefined;
  try {
    // The store's database, from DuckDB's process-wide cache: one database per file and process.
    instance = await DuckDBInstance.fromCache(resolve(cwd, path));
    connection = await instance.connect();
    // DuckDB's own threads would compete with the analysis threads for the same cores; the
    // writes are small and sequential, so one thread is enough.
    await connection.run('SET threads = 1');
    await ensureBatchSchema(connection, path);
    return new DuckDbResults(path, store, instance, connection);
  } catch (e) {
    connection?.closeSync();
    instance?.closeSync();
    await store.close();
    throw e;
  }
}

async function ensureBatchSchema(c: DuckDBConnection, where: string): Promise<void> {
  const tables = (await c.runAndReadAll(
    "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name LIKE 'batch\\_%' ESCAPE '\\'",
  )).getRows().map((r) => String(r[0]));
  if (!tables.includes('batch_schema_version')) {
    await c.run('BEGIN TRANSACTION');
    try {
      for (const ddl of DDL) await c.run(ddl);
      await c.run('INSERT INTO batch_schema_version VALUES ($1, $2)', [BATCH_APPLICATION, BATCH_SCHEMA_VERSION]);
      await c.run('COMMIT');
    } catch (e) {
      await c.run('ROLLBACK').catch(() => undefined);
      throw e;
    }
    return;
  }
  const rows = (await c.runAndReadAll('SELECT application, version FROM batch_schema_version')).getRows();
  const [application, version] = rows[0] ?? [];
  if (rows.length !== 1 || application !== BATCH_APPLICATION || version !== BATCH_SCHEMA_VERSION) {
    throw new InputError({
      file: where, value: JSON.stringify(rows.map((r) => r.map(String))),
      expected: `batch tables of schema version ${BATCH_SCHEMA_VERSION} (batch_schema_version holding ('${BATCH_APPLICATION}', ${BATCH_SCHEMA_VERSION}))`,
    });
  }
  const missing = BATCH_TABLES.filter((t) => !tables.includes(t));
  if (missing.length > 0) throw new InputError({ file: where, value: `missing tables: ${missing.join(', ')}`, expected: 'complete batch tables' });
}

class DuckDbResults implements ResultSink {
  constructor(
    readonly where: string,
    private readonly store: Store,
    private readonly instance: DuckDBInstance,
    private readonly c: DuckDBConnection,
  ) {}

  async begin(run: BatchRun): Promise<Set<string>> {
    const c = this.c;
    await c.run('CREATE TEMP TABLE IF NOT EXISTS stage_batch_portfolios (seq INTEGER, portfolio_id VARCHAR, file VARCHAR, inputs_hash VARCHAR)');
    await c.run('DELETE FROM temp.main.stage_batch_portfolios');
    await append(c, 'stage_batch_portfolios', (a) => run.portfolios.forEach((p, i) => {
      a.appendInteger(i + 1);
      a.appendVarchar(p.id);
      a.appendVarchar(p.file);
      a.appendVarchar(p.inputsHash);
      a.endRow();
    }));
    await transaction(c, async () => {
      await c.run('DELETE FROM batch_run');
      await c.run('INSERT INTO batch_run VALUES (CAST($1 AS TIMESTAMP), $2, $3, $4, $5)', [
        run.startedAt.replace(/Z$/, ''), run.source, run.contextHash, run.optionsJson, run.concentrationThreshold,
      ]);
      await c.run('DELETE FROM batch_portfolios');
      await c.run('INSERT INTO batch_portfolios SELECT * FROM temp.main.stage_batch_portfolios');
      // Results of inputs no longer in the batch would never be read again.
      const stale = 'NOT EXISTS (SELECT 1 FROM batch_portfolios p WHERE p.portfolio_id = t.portfolio_id AND p.inputs_hash = t.inputs_hash)';
      await c.run(`DELETE FROM batch_hedges t WHERE ${stale}`);
      await c.run(`DELETE FROM batch_results t WHERE ${stale}`);
    });
    const done = await c.runAndReadAll("SELECT portfolio_id FROM batch_summary WHERE status IN ('ok', 'invalid')");
    return new Set(done.getRows().map((r) => String(r[0])));
  }

  async write(written: readonly Outcome[]): Promise<void> {
    if (written.length === 0) return;
    const c = this.c;
    // One row per key (an upsert may not touch a row twice), an ok outcome winning.
    const byKey = new Map<string, Outcome>();
    for (const o of written) {
      const key = `${o.id}\u0000${o.inputsHash}`;
      if (byKey.get(key)?.status !== 'ok') byKey.set(key, o);
    }
    const outcomes = [...byKey.values()];
    await c.run(STAGE_RESULTS);
    await c.run(STAGE_HEDGES);
    await c.run('DELETE FROM temp.main.stage_batch_results');
    await c.run('DELETE FROM temp.main.stage_batch_hedges');
    const finishedAt = new Date().toISOString().replace(/Z$/, '');
    await append(c, 'stage_batch_results', (a) => {
      for (const o of outcomes) appendOutcome(a, o, finishedAt);
    });
    await append(c, 'stage_batch_hedges', (a) => {
      for (const o of outcomes) {
        if (o.status !== 'ok') continue;
        for (const h of o.hedges) {
          a.appendVarchar(o.id);
          a.appendVarchar(o.inputsHash);
          a.appendInteger(h.rank);
          a.appendVarchar(h.kind);
          a.appendVarchar(h.scope);
          a.appendVarchar(h.name);
          for (const x of [h.costTotal, h.costFractionOfTarget, h.targetEsBefore, h.targetEsAfter, h.portfolioEsBefore,
            h.portfolioEsAfter, h.varianceReductionTarget, h.varianceReductionPortfolio]) a.appendDouble(x);
          a.endRow();
        }
      }
    });
    await transaction(c, async () => {
      // An ok result stands: a late duplicate of a failure (a retried job) never replaces it.
      await c.run(`INSERT INTO batch_results
        SELECT * REPLACE (CAST(as_of AS DATE) AS as_of, CAST(finished_at AS TIMESTAMP) AS finished_at)
        FROM temp.main.stage_batch_results s
        WHERE s.status = 'ok' OR NOT EXISTS (SELECT 1 FROM batch_results r
          WHERE r.portfolio_id = s.portfolio_id AND r.inputs_hash = s.inputs_hash AND r.status = 'ok')
        ON CONFLICT DO UPDATE SET status = EXCLUDED.status, file = EXCLUDED.file, error = EXCLUDED.error,
          largest_holding = EXCLUDED.largest_holding, largest_weight = EXCLUDED.largest_weight, target = EXCLUDED.target, target_weight = EXCLUDED.target_weight, currency = EXCLUDED.currency,
          portfolio_value = EXCLUDED.portfolio_value, as_of = EXCLUDED.as_of, horizon_days = EXCLUDED.horizon_days,
          es_level = EXCLUDED.es_level, portfolio_es_before = EXCLUDED.portfolio_es_before,
          best_hedge_kind = EXCLUDED.best_hedge_kind, best_hedge_name = EXCLUDED.best_hedge_name,
          best_hedge_cost = EXCLUDED.best_hedge_cost, portfolio_es_after = EXCLUDED.portfolio_es_after,
          risk_removed = EXCLUDED.risk_removed, risk_removed_fraction = EXCLUDED.risk_removed_fraction,
          variance_reduction = EXCLUDED.variance_reduction, seconds = EXCLUDED.seconds,
          finished_at = EXCLUDED.finished_at, report = EXCLUDED.report`);
      await c.run('INSERT OR REPLACE INTO batch_hedges SELECT * FROM temp.main.stage_batch_hedges');
    });
  }

  async summary(): Promise<SummaryRow[]> {
    const reader = await this.c.runAndReadAll(`SELECT portfolio_id, file, inputs_hash, status, error, concentrated,
      largest_holding, largest_weight, target, target_weight, currency, portfolio_value, CAST(as_of AS VARCHAR), horizon_days, es_level, portfolio_es_before,
      best_hedge_kind, best_hedge_name, best_hedge_cost, portfolio_es_after, risk_removed, risk_removed_fraction,
      variance_reduction FROM batch_summary ORDER BY seq`);
    return reader.getRowsJS().map(summaryRow);
  }

  async close(): Promise<void> {
    this.c.closeSync();
    this.instance.closeSync();
    await this.store.close();
  }
}

function summaryRow(values: unknown[]): SummaryRow {
  const [id, file, inputsHash, status, error, concentrated, largestHolding, largestWeight, target, targetWeight, currency, portfolioValue, asOf, horizonDays,
    esLevel, esBefore, bestKind, bestName, bestCost, esAfter, removed, removedFraction, varianceReduction] = values;
  const ok = status === 'ok';
  return {
    id: String(id), file: String(file), inputsHash: String(inputsHash), status: status as SummaryRow['status'],
    error: error === null ? null : String(error),
    concentrated: concentrated === null ? null : Boolean(concentrated),
    summary: !ok ? null : {
      largestHolding: String(largestHolding), largestWeight: Number(largestWeight), target: String(target), targetWeight: Number(targetWeight), currency: String(currency), portfolioValue: Number(portfolioValue),
      asOf: String(asOf), horizonDays: Number(horizonDays), esLevel: Number(esLevel), portfolioEsBefore: Number(esBefore),
      best: bestKind === null ? null : {
        kind: String(bestKind), name: String(bestName), costTotal: Number(bestCost), portfolioEsAfter: Number(esAfter),
        riskRemoved: Number(removed), riskRemovedFraction: Number(removedFraction), varianceReductionPortfolio: Number(varianceReduction),
      },
    },
  };
}

function appendOutcome(a: DuckDBAppender, o: Outcome, finishedAt: string): void {
  const text = (s: string | null | undefined) => (s == null ? a.appendNull() : a.appendVarchar(s));
  const num = (x: number | null | undefined) => (x == null ? a.appendNull() : a.appendDouble(x));
  text(o.id);
  text(o.inputsHash);
  text(o.status);
  text(o.file);
  if (o.status !== 'ok') {
    text(o.error);
    for (let k = 0; k < 17; k++) a.appendNull();
  } else {
    const s = o.summary;
    const b = s.best;
    text(null);
    text(s.largestHolding);
    num(s.largestWeight);
    text(s.target);
    num(s.targetWeight);
    text(s.currency);
    num(s.portfolioValue);
    text(s.asOf);
    a.appendInteger(s.horizonDays);
    num(s.esLevel);
    num(s.portfolioEsBefore);
    text(b?.kind);
    text(b?.name);
    num(b?.costTotal);
    num(b?.portfolioEsAfter);
    num(b?.riskRemoved);
    num(b?.riskRemovedFraction);
    num(b?.varianceReductionPortfolio);
  }
  num(o.seconds);
  text(finishedAt);
  text(o.status === 'ok' ? o.reportJson : null);
  a.endRow();
}

async function append(c: DuckDBConnection, table: string, fill: (a: DuckDBAppender) => void): Promise<void> {
  const appender = await c.createAppender(table, 'main', 'temp');
  try {
    fill(appender);
  } finally {
    appender.closeSync();
  }
}

async function transaction(c: DuckDBConnection, body: () => Promise<void>): Promise<void> {
  await c.run('BEGIN TRANSACTION');
  try {
    await body();
    await c.run('COMMIT');
  } catch (e) {
    await c.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
