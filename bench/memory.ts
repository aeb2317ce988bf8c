// Memory: 1,000 symbols × 35 years × 252 days of prices plus their log returns, held the way
// microhedge holds them (a PriceHistory: one Float64Array column per symbol), measured in a fresh
// Node process against numpy's peak RSS for the same two matrices (bench/peers/risk_numpy.py
// --only mem). Target (issue 5): under 300 MB.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchOptions, BenchRow } from './pricing.js';
import { createRng } from '../src/stats/rng.js';
import { logReturns } from '../src/stats/returns.js';

const PYTHON = '/usr/bin/python3';
const PEER = fileURLToPath(new URL('../../bench/peers/risk_numpy.py', import.meta.url));

/** Runs in the child: builds the columns, reports VmRSS and VmHWM in MiB as one JSON line. */
function child(symbols: number, days: number): void {
  const vm = (field: string) => Number(/\d+/.exec(readStatus().split('\n').find((l) => l.startsWith(`${field}:`)) ?? '')?.[0] ?? NaN) / 1024;
  const baseline = vm('VmRSS');
  const rng = createRng(5);
  const prices: Float64Array[] = [];
  const returns: Float64Array[] = [];
  for (let j = 0; j < symbols; j++) {
    const p = new Float64Array(days);
    let x = Math.log(100);
    for (let t = 0; t < days; t++) {
      p[t] = Math.exp(x);
      x += 0.02 * rng.normal();
    }
    prices.push(p);
    returns.push(logReturns(p));
  }
  const check = returns.reduce((s, r) => s + (r[r.length - 1] as number), 0);
  process.stdout.write(`${JSON.stringify({ baseline, holding: vm('VmRSS'), peak: vm('VmHWM'), arraysMiB: (2 * days - 1) * symbols * 8 / 2 ** 20, check })}\n`);
}

function readStatus(): string {
  return readFileSync('/proc/self/status', 'utf8');
}

export async function memoryBenchmarks(o: BenchOptions): Promise<BenchRow[]> {
  const symbols = o.quick ? 100 : 1000;
  const days = 35 * 252;
  const me = fileURLToPath(import.meta.url);
  const run = spawnSync(process.execPath, [me, '--memory-child', String(symbols), String(days)], { encoding: 'utf8' });
  const rows: BenchRow[] = [];
  const group = `memory: ${symbols} symbols × 35 years of daily prices + log returns (target < 300 MB)`;
  if (run.status === 0) {
    const m = JSON.parse(run.stdout.trim()) as { baseline: number; holding: number; peak: number; arraysMiB: number };
    rows.push({ group, name: 'microhedge (Float64Array columns)', perSecond: null,
      note: `peak RSS ${m.peak.toFixed(0)} MiB (node alone ${m.baseline.toFixed(0)} MiB; the arrays ${m.arraysMiB.toFixed(0)} MiB)` });
  } else {
    rows.push({ group, name: 'microhedge', perSecond: null, note: `failed: ${run.stderr.trim().split('\n')[0]}` });
  }
  if (existsSync(PYTHON) && existsSync(PEER)) {
    const peer = spawnSync('env', ['-u', 'OPENBLAS_CORETYPE', '-u', 'OPENBLAS_L2_SIZE', 'OPENBLAS_NUM_THREADS=1', PYTHON, PEER, '--only', 'mem',
      ...(o.quick ? ['--quick'] : [])], { encoding: 'utf8' });
    const line = peer.stdout?.trim().split('\n').find((l) => l.includes('memory_prices_logreturns'));
    if (peer.status === 0 && line) {
      const r = JSON.parse(line) as { inplace: { peak_maxrss_MiB: number; baseline_rss_MiB: number }; naive: { peak_maxrss_MiB: number } };
      rows.push({ group, name: 'numpy, in place', perSecond: null, note: `peak RSS ${r.inplace.peak_maxrss_MiB.toFixed(0)} MiB (python + numpy alone ${r.inplace.baseline_rss_MiB.toFixed(0)} MiB)` });
      rows.push({ group, name: 'numpy, one-liner', perSecond: null, note: `peak RSS ${r.naive.peak_maxrss_MiB.toFixed(0)} MiB` });
    } else {
      rows.push({ group, name: 'numpy', perSecond: null, note: 'skipped: Debian python3-numpy not installed or the peer failed' });
    }
  }
  return rows;
}

if (process.argv[2] === '--memory-child') child(Number(process.argv[3]), Number(process.argv[4]));
