import type { DuckDBConnection } from '@duckdb/node-api';
import { InputError } from '../domain/errors.js';

/** Name written into `schema_version.application`: a DuckDB file without this row was not made
 *  by microhedge, and we refuse to write into it rather than mix our tables with someone else's. */
export const STORE_APPLICATION = 'microhedge';

/** Bump when a table changes shape, and teach `checkSchema` to migrate the older version. */
export const STORE_SCHEMA_VERSION = 1;

/** The store's tables. Dates are DATE (read back as ISO `YYYY-MM-DD`), prices and rates DOUBLE
 *  (IEEE binary64, so a JS number round-trips bit for bit). `seq` columns keep the order the
 *  importer produced (quotes in a chain, positions in a portfolio). Documented in docs/store.md. */
const TABLES: readonly string[] = [
  `CREATE TABLE schema_version (
     application VARCHAR NOT NULL,
     version     INTEGER NOT NULL
   )`,
  `CREATE TABLE prices (
     symbol        VARCHAR NOT NULL,
     date          DATE    NOT NULL,
     value         DOUBLE  NOT NULL,
     source_file   VARCHAR NOT NULL,
     source_column VARCHAR NOT NULL,
     PRIMARY KEY (symbol, date)
   )`,
  `CREATE TABLE option_quotes (
     underlying         VARCHAR NOT NULL,
     quote_date         DATE    NOT NULL,
     seq                INTEGER NOT NULL,
     style              VARCHAR NOT NULL CHECK (style IN ('american', 'european')),
     underlying_price   DOUBLE  NOT NULL,
     type               VARCHAR NOT NULL CHECK (type IN ('call', 'put')),
     strike             DOUBLE  NOT NULL,
     expiry             DATE    NOT NULL,
     time_years         DOUBLE  NOT NULL,
     bid                DOUBLE  NOT NULL,
     ask                DOUBLE  NOT NULL,
     last               DOUBLE,
     implied_volatility DOUBLE,
     volume             DOUBLE,
     open_interest      DOUBLE,
     risk_free          DOUBLE,
     source_file        VARCHAR NOT NULL,
     PRIMARY KEY (underlying, quote_date, seq)
   )`,
  `CREATE TABLE rates (
     name          VARCHAR NOT NULL,
     date          DATE    NOT NULL,
     value         DOUBLE  NOT NULL,
     unit          VARCHAR NOT NULL,
     source_file   VARCHAR NOT NULL,
     source_column VARCHAR NOT NULL,
     PRIMARY KEY (name, date)
   )`,
  `CREATE TABLE holdings (
     portfolio   VARCHAR NOT NULL,
     seq         INTEGER NOT NULL,
     symbol      VARCHAR NOT NULL,
     quantity    DOUBLE  NOT NULL,
     cost_basis  DOUBLE,
     currency    VARCHAR NOT NULL,
     source_file VARCHAR NOT NULL,
     PRIMARY KEY (portfolio, symbol)
   )`,
  `CREATE TABLE imports (
     file        VARCHAR   NOT NULL PRIMARY KEY,
     sha256      VARCHAR   NOT NULL,
     kind        VARCHAR   NOT NULL,
     rows        BIGINT    NOT NULL,
     imported_at TIMESTAMP NOT NULL
   )`,
];

/** Names of the tables above, for the integrity check and for tests that snapshot a store. */
export const STORE_TABLES: readonly string[] = ['schema_version', 'prices', 'option_quotes', 'rates', 'holdings', 'imports'];

/** Creates the schema in an empty database, or checks that an existing one is a microhedge store
 *  of a version this code reads. `where` names the database in errors (its path, or ':memory:'). */
export async function ensureSchema(connection: DuckDBConnection, where: string, readOnly: boolean): Promise<void> {
  const tables = await userTables(connection);
  if (tables.length === 0) {
    if (readOnly) {
      throw new InputError({ file: where, expected: 'a microhedge store made by `microhedge import` (this database is empty)' });
    }
    await connection.run('BEGIN TRANSACTION');
    try {
      for (const ddl of TABLES) await connection.run(ddl);
      await connection.run('INSERT INTO schema_version VALUES ($1, $2)', [STORE_APPLICATION, STORE_SCHEMA_VERSION]);
      await connection.run('COMMIT');
    } catch (e) {
      await connection.run('ROLLBACK');
      throw e;
    }
    return;
  }
  if (!tables.includes('schema_version')) {
    throw new InputError({
      file: where,
      value: tables.slice(0, 8).join(', '),
      expected: 'a microhedge store (a DuckDB file with a schema_version table); this DuckDB file holds other tables',
    });
  }
  const rows = (await connection.runAndReadAll('SELECT application, version FROM schema_version')).getRows();
  const [application, version] = rows[0] ?? [];
  if (rows.length !== 1 || application !== STORE_APPLICATION || typeof version !== 'number') {
    throw new InputError({
      file: where,
      value: JSON.stringify(rows.map((r) => r.map(String))),
      expected: `a microhedge store (schema_version holding one row ('${STORE_APPLICATION}', version))`,
    });
  }
  if (version > STORE_SCHEMA_VERSION) {
    throw new InputError({
      file: where,
      value: `schema version ${version}`,
      expected: `a store of schema version ${STORE_SCHEMA_VERSION} or older (it was written by a newer microhedge; upgrade microhedge to read it)`,
    });
  }
  if (version < 1) {
    throw new InputError({ file: where, value: `schema version ${version}`, expected: 'a store of schema version 1 or newer' });
  }
  const missing = STORE_TABLES.filter((t) => !tables.includes(t));
  if (missing.length > 0) {
    throw new InputError({ file: where, value: `missing tables: ${missing.join(', ')}`, expected: `a complete microhedge store of schema version ${version}` });
  }
}

async function userTables(connection: DuckDBConnection): Promise<string[]> {
  const reader = await connection.runAndReadAll(
    "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary ORDER BY table_name",
  );
  return reader.getRows().map((r) => String(r[0]));
}
