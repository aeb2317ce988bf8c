import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_TABLES } from '../../src/data/store-schema.js';

// Nothing saved is lost (issue 12): the real binary is killed with SIGKILL at seeded random
// moments while it imports into a store and while it replaces a report, and each time what is on
// disk is exactly the old state or exactly the new one — never a mix, never half a file.
// MICROHEDGE_SOAK=1 multiplies the kills by ten.

const ROOT = process.cwd();
const BIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const SAMPLE = join(ROOT, 'data', 'sample');
const KILLS = process.env.MICROHEDGE_SOAK === '1' ? 300 : 30;
const BATCH_KILLS = KILLS / 3;
const FIRST = ['portfolio.csv', 'stocks_19_2004-2024.csv'].map((f) => join(SAMPLE, f));
const SECOND = ['sector_etfs_2004-2025.csv', 'sp500_index_2004-2020.csv', 'yields_spreads_daily_2004-2026.csv', 'vix_daily_2004-2026.csv']
  .map((f) => join(SAMPLE, f));

let dir: string;

/** Seeded uniform draws in [0, 1) (Park–Miller), so a failing kill schedule can be replayed. */
function uniforms(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

/** Runs the binary to completion, or kills it with SIGKILL after `killAfterMs`. */
function runBinary(args: string[], cwd: string, killAfterMs?: number): Promise<{ code: number | null; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: 'ignore' });
    let killed = false;
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => { killed = child.kill('SIGKILL'); }, killAfterMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, killed: killed && code === null });
    });
  });
}

/** The duration of a complete run, in ms. Kill moments are drawn against the shorter of two such
 *  runs, so that a run slowed down by other tests sharing the cores does not push every kill past
 *  the end of the runs it is meant to interrupt. */
async function timed(args: string[], cwd: string): Promise<number> {
  const started = performance.now();
  expect((await runBinary(args, cwd)).code).toBe(0);
  return performance.now() - started;
}

/** Each table's row count and a checksum of its rows (the sum of every row's hash, so the order
 *  rows are stored in does not matter; an import's time is left out): two stores with the same
 *  fingerprint hold the same data. A write-ahead log left by a kill is replayed on opening,
 *  read-only (as `analyze --db` opens a store) or writable (as the next import does). */
async function fingerprint(db: string, readOnly = false): Promise<string> {
  const instance = await DuckDBInstance.create(db, readOnly ? { access_mode: 'READ_ONLY' } : {});
  const connection = await instance.connect();
  try {
    const parts: string[] = [];
    for (const t of STORE_TABLES) {
      const columns = t === 'imports' ? '* EXCLUDE (imported_at)' : '*';
      const [rows, sum] = (await connection.runAndReadAll(`SELECT count(*), coalesce(sum(hash(*COLUMNS(${columns}))), 0) FROM ${t}`)).getRows()[0]!;
      parts.push(`${t}=${String(rows)}:${String(sum)}`);
    }
    return parts.join(' ');
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: \`npm test\` builds it; run \`npm run build\` before vitest alone`);
  dir = mkdtempSync(join(tmpdir(), 'microhedge-kill-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('SIGKILL during writes', () => {
  it(`an import killed at ${KILLS} random moments leaves the store exactly before or exactly after it`, async () => {
    const template = join(dir, 'a.duckdb');
    expect((await runBinary(['import', ...FIRST, '--db', template], dir)).code).toBe(0);
    const before = await fingerprint(template);
    const full = join(dir, 'b.duckdb');
    copyFileSync(template, full);
    const again = join(dir, 'b2.duckdb');
    copyFileSync(template, again);
    const duration = Math.min(await timed(['import', ...SECOND, '--db', full], dir), await timed(['import', ...SECOND, '--db', again], dir));
    const after = await fingerprint(full);
    expect(after).not.toBe(before);

    const draw = uniforms(20261125);
    const seen = { before: 0, after: 0, killed: 0, wal: 0 };
    for (let k = 0; k < KILLS; k++) {
      const db = join(dir, `kill-${k}.duckdb`);
      copyFileSync(template, db);
      const r = await runBinary(['import', ...SECOND, '--db', db], dir, draw() * duration);
      if (r.killed) seen.killed++;
      if (existsSync(`${db}.wal`)) seen.wal++;
      const state = await fingerprint(db, true);
      expect([before, after]).toContain(state);
      expect(await fingerprint(db)).toBe(state);
      if (state === before) seen.before++;
      else seen.after++;
      // The next run works on what the kill left: importing again reaches the full state.
      if (k % 5 === 0) {
        expect((await runBinary(['import', ...SECOND, '--db', db], dir)).code).toBe(0);
        expect(await fingerprint(db)).toBe(after);
      }
      rmSync(db, { force: true });
      rmSync(`${db}.wal`, { force: true });
    }
    expect(seen.killed).toBeGreaterThan(KILLS / 3);
    console.log(`import: ${seen.killed} of ${KILLS} runs killed mid-way (${seen.wal} leaving a write-ahead log); store found as before ${seen.before}×, as after ${seen.after}×`);
  }, 600_000);

  it(`a report replaced with --force and killed at ${KILLS} random moments is each file's old or new content, whole`, async () => {
    const work = join(dir, 'reports');
    mkdirSync(work);
    const outputs = ['r.json', 'r.html', join('tables', 'hedges.csv'), join('tables', 'risk.csv')];
    const args = ['analyze', '--hedges', 'short-self,sector-etf-short,protective-put', '--quiet', '--force', '--json', 'r.json', '--html', 'r.html', '--csv', 'tables'];
    // The new content: a complete run. The old: another analysis (a 5-day horizon) of the same book.
    let duration = await timed(args, work);
    const fresh = outputs.map((f) => readFileSync(join(work, f), 'utf8'));
    duration = Math.min(duration, await timed([...args, '--horizon', '5'], work));
    const old = outputs.map((f) => readFileSync(join(work, f), 'utf8'));
    old.forEach((text, i) => expect(text).not.toBe(fresh[i]));

    const draw = uniforms(424242);
    let killed = 0;
    let replaced = 0;
    for (let k = 0; k < KILLS; k++) {
      outputs.forEach((f, i) => writeFileSync(join(work, f), old[i]!));
      const r = await runBinary(args, work, draw() * duration);
      if (r.killed) killed++;
      outputs.forEach((f, i) => {
        const text = readFileSync(join(work, f), 'utf8');
        expect(text === old[i] || text === fresh[i]).toBe(true);
        if (text === fresh[i]) replaced++;
      });
    }
    // A kill can leave the temporary file it was writing (a dot file, never a report name); the
    // next run writes its own and is not confused by it.
    const strays = readdirSync(work).filter((f) => f.endsWith('.microhedge.tmp'));
    expect((await runBinary(args, work)).code).toBe(0);
    outputs.forEach((f, i) => expect(readFileSync(join(work, f), 'utf8')).toBe(fresh[i]));
    expect(killed).toBeGreaterThan(KILLS / 3);
    console.log(`reports: ${killed} of ${KILLS} runs killed mid-way; ${replaced} of ${KILLS * outputs.length} files found replaced, the rest untouched; ${strays.length} temporary files left by kills`);
  }, 600_000);

  it(`a batch writing into a results directory, killed at ${BATCH_KILLS} random moments, leaves only whole files, and the rerun completes it`, async () => {
    const work = join(dir, 'batch');
    mkdirSync(join(work, 'books'), { recursive: true });
    // Six books of four holdings each, cut from the sample portfolio.
    const [header, ...rows] = readFileSync(join(SAMPLE, 'portfolio.csv'), 'utf8').trim().split('\n');
    for (let b = 0; b < 6; b++) writeFileSync(join(work, 'books', `book${b + 1}.csv`), [header, ...rows.slice(b, b + 4)].join('\n') + '\n');
    const args = (out: string) => ['batch', '--portfolios', 'books', '--out', `${out}/`, '--workers', '1', '--hedges', 'short-self,sector-etf-short', '--quiet'];
    const duration = Math.min(await timed(args('complete'), work), await timed(args('again'), work));
    const complete = join(work, 'complete');
    const reports = readdirSync(join(complete, 'reports')).sort();
    expect(reports).toHaveLength(6);
    const finalFiles = ['summary.csv', 'hedges.csv', ...reports.map((r) => join('reports', r))];
    const final = new Map(finalFiles.map((f) => [f, readFileSync(join(complete, f), 'utf8')]));

    const draw = uniforms(777);
    let killed = 0;
    let partialReports = 0;
    let strays = 0;
    for (let k = 0; k < BATCH_KILLS; k++) {
      const out = `run-${k}`;
      // The first fifth of a run is starting node and reading the market: nothing written yet.
      const r = await runBinary(args(out), work, (0.2 + draw()) * duration);
      if (r.killed) killed++;
      const where = join(work, out);
      // Whatever a kill left: the manifest parses, each CSV is whole (its header, then complete
      // lines), each report is byte for byte the one an uninterrupted run writes, and anything
      // else is a dot-named temporary file.
      if (existsSync(join(where, 'batch.json'))) {
        expect((JSON.parse(readFileSync(join(where, 'batch.json'), 'utf8')) as { application: string }).application).toBe('microhedge-batch-dir');
      }
      for (const csv of ['summary.csv', 'hedges.csv']) {
        if (!existsSync(join(where, csv))) continue;
        const text = readFileSync(join(where, csv), 'utf8');
        expect(text.endsWith('\n')).toBe(true);
        expect(text.split('\n')[0]).toBe(final.get(csv)!.split('\n')[0]);
      }
      const names = existsSync(join(where, 'reports')) ? readdirSync(join(where, 'reports')) : [];
      for (const name of names) {
        if (name.startsWith('.') && name.endsWith('.tmp')) {
          strays++;
          continue;
        }
        expect(readFileSync(join(where, 'reports', name), 'utf8')).toBe(final.get(join('reports', name)));
      }
      if (names.length < 6) partialReports++;
      // The next run on what the kill left finishes the batch: the same files as an uninterrupted run.
      if (k % 2 === 0) {
        expect((await runBinary(args(out), work)).code).toBe(0);
        for (const [f, text] of final) expect(readFileSync(join(where, f), 'utf8'), f).toBe(text);
      }
    }
    expect(killed).toBeGreaterThan(BATCH_KILLS / 3);
    console.log(`batch: ${killed} of ${BATCH_KILLS} runs killed mid-way, ${partialReports} leaving fewer than 6 reports; every file found whole; ${strays} temporary files left by kills`);
  }, 600_000);
});
