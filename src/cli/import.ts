import { existsSync, rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { openStore, parseImportFiles, type ImportedFile, type ImportProgress, type ImportSummary, type ParsedFile } from '../data/store.js';
import { InputError } from '../domain/errors.js';
import { parseFlags } from './args.js';
import { DATE_FLAGS, dateReadOptions } from './inputs.js';
import type { CliCommand, Io } from './io.js';
import { table } from '../report/csv.js';
import { writeOutput, writeOutputDirectory } from './output.js';
import { progressDisplay, stageText } from './progress.js';

/** Store file used when --db is not given, in the current directory. */
export const DEFAULT_DB = 'microhedge.duckdb';

/** Warnings printed per file; the rest are counted (all of them are in the --json output). */
const WARNINGS_SHOWN = 12;

const HELP = `usage: microhedge import FILE... [--db PATH] [--json PATH|-] [--csv DIR] [--quiet]

Load price, option-chain, rate and holdings files into a DuckDB store that
\`microhedge analyze --db PATH\` reads. Each file's kind is detected from its
content (docs/data-formats.md). All files are parsed first and written in one
transaction: if any file is bad, nothing is written and the store is left
exactly as it was. Re-importing a file replaces its rows (same symbol and date,
same chain, same portfolio); it never duplicates them.

options:
  --db PATH      store file (default: ${DEFAULT_DB} in the current directory;
                 created if missing, its directory must exist)
  --json PATH    also write the import summary as JSON to PATH; \`--json -\`
                 writes it to stdout and prints nothing else there
  --csv DIR      DIR/imported-files.csv (each file: kind, names, rows, dates,
                 warnings) and DIR/import-warnings.csv (every warning)
  --quiet        no progress bar and no summary (errors are still printed)
  --date-order ORDER
                 month-first or day-first: how to read slash dates such as
                 03/04/2020 in files where no date shows which comes first
  --latest-date DATE
                 refuse rows dated after DATE, YYYY-MM-DD (default: today,
                 as the latest time zone has it)
  -h, --help     this help

example:
  microhedge import data/sample/stocks_19_2004-2024.csv data/sample/portfolio.csv \\
      data/sample/tbill_3m_dtb3_2000-2026.csv --db hedge.duckdb
`;

export const importCommand: CliCommand = {
  name: 'import',
  help: HELP,
  async run(args: string[], io: Io): Promise<number> {
    const { values, positionals } = parseFlags('import', args, {
      db: { type: 'string' },
      json: { type: 'string' },
      csv: { type: 'string' },
      quiet: { type: 'boolean' },
      ...DATE_FLAGS,
    });
    if (positionals.length === 0) {
      throw new InputError({ file: 'import', expected: 'at least one FILE to import (see `microhedge import --help`)' });
    }
    const dbPath = resolve(io.cwd, values.db ?? DEFAULT_DB);
    const jsonPath = values.json === undefined || values.json === '-' ? undefined : resolve(io.cwd, values.json);
    // Checked up front: once the import has committed, a bad --json path or a --csv file already
    // there could only be reported as a failure of an import that in fact succeeded.
    if (jsonPath !== undefined && !(await stat(dirname(jsonPath)).then((s) => s.isDirectory(), () => false))) {
      throw new InputError({ file: '--json', value: values.json, expected: 'a file path in an existing directory, or - for stdout' });
    }
    if (values.csv !== undefined && !io.force) {
      const taken = CSV_FILES.map((name) => join(values.csv!, name)).find((path) => existsSync(resolve(io.cwd, path)));
      if (taken !== undefined) throw new InputError({ file: '--csv', value: taken, expected: 'a file that does not exist yet (add --force to overwrite it)' });
    }
    const started = performance.now();
    const display = progressDisplay<ImportProgress>(values.quiet ? { ...io, isTTY: false } : io, (p, seconds, colour) =>
      stageText('importing', { stage: `${p.phase === 'read' ? 'reading' : 'writing'} ${p.file}`, done: p.done, total: p.total }, seconds, colour),
    (p) => `${p.phase} ${p.file}`, (p) => p.done >= p.total);
    const progress = (p: ImportProgress) => display.update(p);
    let summary: ImportSummary;
    try {
      // Files first: a bad file is reported before the store is opened, let alone created.
      const parsed = await parseImportFiles(positionals, progress, { cwd: io.cwd, dates: dateReadOptions(values) });
      summary = await importIntoStore(dbPath, parsed, progress);
    } finally {
      display.end();
    }
    const seconds = (performance.now() - started) / 1000;
    if (values.csv !== undefined) await writeOutputDirectory(io, values.csv, summaryCsv(summary), '--csv');
    if (values.json !== undefined) {
      const json = `${JSON.stringify({ db: dbPath, seconds: round(seconds, 3), ...summary }, null, 2)}\n`;
      if (values.json === '-') {
        io.stdout(json);
        return 0;
      }
      await writeOutput(io, values.json, json, '--json');
    }
    if (!values.quiet) io.stdout(renderSummary(summary, values.db ?? DEFAULT_DB, seconds));
    return 0;
  },
};

/** Writes into the store at `dbPath`; if that file did not exist and the write fails, the new
 *  file is removed again, so a failed import leaves the directory as it was too. */
async function importIntoStore(dbPath: string, parsed: ParsedFile[], progress?: (p: ImportProgress) => void): Promise<ImportSummary> {
  const created = !existsSync(dbPath);
  const store = await openStore(dbPath);
  let committed = false;
  try {
    const summary = await store.importParsed(parsed, progress);
    committed = true;
    return summary;
  } finally {
    await store.close();
    if (!committed && created) for (const f of [dbPath, `${dbPath}.wal`]) rmSync(f, { force: true });
  }
}

/** The human summary: one block per file (kind, names, rows, date range, what it replaced,
 *  warnings), then the totals. `db` is the store as the user named it. */
export function renderSummary(summary: ImportSummary, db: string, seconds: number): string {
  const lines: string[] = [];
  for (const f of summary.files) {
    lines.push(`${f.file}: ${describeFile(f)}${f.unchanged ? ' (unchanged since its last import)' : ''}`);
    for (const r of f.replaced) {
      lines.push(`  replaced ${count(r.rows, 'row')} of ${r.name} that came from ${r.previousSource}`);
    }
    for (const w of f.warnings.slice(0, WARNINGS_SHOWN)) {
      const where = [w.row, w.column].filter((p) => p !== undefined).join(':');
      lines.push(`  warning (${w.kind})${where === '' ? '' : ` at ${where}`}: ${w.message}`);
    }
    if (f.warnings.length > WARNINGS_SHOWN) {
      lines.push(`  … ${count(f.warnings.length - WARNINGS_SHOWN, 'more warning')} (all listed by --json)`);
    }
  }
  const warnings = summary.files.reduce((n, f) => n + f.warnings.length, 0);
  lines.push(
    `imported ${count(summary.files.length, 'file')}, ${count(summary.rows, 'row')}, ${count(warnings, 'warning')} into ${db} in ${seconds.toFixed(2)} s`,
  );
  return `${lines.join('\n')}\n`;
}

const CSV_FILES = ['imported-files.csv', 'import-warnings.csv'] as const;

function summaryCsv(summary: ImportSummary): Record<(typeof CSV_FILES)[number], string> {
  return {
    'imported-files.csv': table(['file', 'kind', 'names', 'rows', 'first_date', 'last_date', 'warnings', 'unchanged'],
      summary.files.map((f) => [f.file, f.kind, f.names.join(' '), f.rows, f.firstDate, f.lastDate, f.warnings.length, f.unchanged])),
    'import-warnings.csv': table(['file', 'row', 'column', 'kind', 'message'],
      summary.files.flatMap((f) => f.warnings.map((w) => [f.file, w.row, w.column, w.kind, w.message]))),
  };
}

function describeFile(f: ImportedFile): string {
  const range = f.firstDate === null ? '' : `, ${f.firstDate} … ${f.lastDate ?? f.firstDate}`;
  switch (f.kind) {
    case 'prices':
      return `prices, ${count(f.names.length, 'symbol')} (${listShort(f.names)}), ${count(f.rows, 'value')}${range}`;
    case 'rates':
      return `rates, ${listShort(f.names)}, ${count(f.rows, 'observation')}${range}`;
    case 'chain':
      return `option chain of ${f.names.join(', ')} quoted ${f.firstDate ?? ''}, ${count(f.rows, 'quote')}, last expiry ${f.lastDate ?? ''}`;
    case 'holdings':
      return `holdings, portfolio '${f.names.join(', ')}', ${count(f.rows - 1, 'position')} and cash`;
  }
}

function listShort(names: readonly string[], max = 8): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')}, …`;
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
