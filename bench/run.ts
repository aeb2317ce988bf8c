/** The one benchmark entry point: `npm run bench` (builds, then runs dist/bench/run.js).
 *  Each suite returns rows of a side-by-side table; add a suite by importing it and listing it
 *  in SUITES. `--quick` shrinks every suite's sample for a smoke run. */

import { cpus, loadavg } from 'node:os';
import { type BenchOptions, type BenchRow, pricingBenchmarks } from './pricing.js';
import { printChainReports } from './pricing-chains.js';
import { revaluationBenchmarks } from './revaluation.js';
import { memoryBenchmarks } from './memory.js';

const SUITES: { name: string; run: (o: BenchOptions) => Promise<BenchRow[]> }[] = [
  { name: 'option pricing', run: pricingBenchmarks },
  { name: 'scenario revaluation', run: revaluationBenchmarks },
  { name: 'memory', run: memoryBenchmarks },
];

function formatRate(perSecond: number | null): string {
  if (perSecond === null) return '—';
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)} k/s`;
  return `${perSecond.toFixed(0)} /s`;
}

function print(rows: BenchRow[]): void {
  const nameWidth = Math.max(...rows.map((r) => r.name.length));
  let group = '';
  for (const r of rows) {
    if (r.group !== group) {
      group = r.group;
      process.stdout.write(`\n${group}\n`);
    }
    process.stdout.write(`  ${r.name.padEnd(nameWidth)}  ${formatRate(r.perSecond).padStart(10)}  ${r.note}\n`);
  }
}

async function main(): Promise<void> {
  const options: BenchOptions = { quick: process.argv.includes('--quick') };
  // The load average says how much other work shared the cores: multi-threaded wall-clock figures
  // depend on it directly, CPU-time figures much less.
  const load = loadavg().map((l) => l.toFixed(1)).join(' ');
  process.stdout.write(`microhedge benchmarks — node ${process.version}, ${cpus().length} cores, load average ${load}; `
    + `single thread unless stated${options.quick ? ' (quick)' : ''}\n`);
  for (const suite of SUITES) {
    const rows = await suite.run(options);
    // Keep each group's rows together, in the order the suite produced the groups.
    const order = [...new Set(rows.map((r) => r.group))];
    print(order.flatMap((g) => rows.filter((r) => r.group === g)));
  }
  printChainReports();
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
