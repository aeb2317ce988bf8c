/** Start-up time of every command's `--help` (issue 8: under 0.5 s, which is why commands and their
 *  heavy modules — DuckDB, the charting library, the server, the queue client — load lazily).
 *  Each command's help is run as a fresh `node dist/src/cli/main.js COMMAND --help` process:
 *  wall-clock time from spawn to exit, the median and the worst of `--runs` runs (default 7), after
 *  one unmeasured run that warms the file cache.
 *  `npm run build && node dist/bench/cli-help.js [--runs N]`; exits 1 if any median is over 0.5 s. */

import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const COMMANDS = ['', 'analyze', 'import', 'price', 'iv', 'chain', 'hedge', 'backtest', 'effectiveness', 'compare', 'screen', 'batch', 'serve', 'worker'];
const LIMIT_SECONDS = 0.5;

function seconds(command: string): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, ...(command === '' ? [] : [command]), '--help'], { encoding: 'utf8' });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`microhedge ${command} --help exited ${r.status}: ${r.stderr}`);
  return elapsed;
}

function main(): void {
  const at = process.argv.indexOf('--runs');
  const runs = at > 0 ? Number(process.argv[at + 1]) : 7;
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs: expected a positive integer');
  process.stdout.write(`microhedge COMMAND --help, wall clock of a fresh process; ${runs} runs, load average ${loadavg()[0]!.toFixed(1)}\n`);
  let slow = 0;
  for (const command of COMMANDS) {
    seconds(command);
    const times = Array.from({ length: runs }, () => seconds(command)).sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    if (median > LIMIT_SECONDS) slow++;
    process.stdout.write(`  ${(command || '(overview)').padEnd(14)} median ${median.toFixed(3)} s   worst ${times.at(-1)!.toFixed(3)} s${median > LIMIT_SECONDS ? '   over 0.5 s' : ''}\n`);
  }
  if (slow > 0) process.exitCode = 1;
}

main();
