/** Load test of `microhedge serve` (docs/performance.md, "Web server"): the built server started
 *  as a child process on a free port, autocannon against it from this process, on 127.0.0.1.
 *  `npm run build && node dist/bench/server.js [--requests N] [--connections C] [--threads T]`.
 *  Every run must finish with zero errors, zero timeouts and no status other than 200: the script
 *  exits 1 otherwise. */

import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon, { type Options, type Result } from 'autocannon';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i < 0 ? fallback : Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name}: expected a positive integer`);
  return value;
}

const REQUESTS = flag('requests', 2000);
const CONNECTIONS = flag('connections', 50);
const THREADS = flag('threads', Math.max(1, Math.min(4, cpus().length - 1)));

async function start(): Promise<{ url: string; host: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'cli', 'main.js'), 'serve', '--port', '0', '--threads', String(THREADS)],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  // The server's own log lines are not part of the table; anything else it says is shown.
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString().split('\n').filter((l) => l !== '' && l !== 'Ctrl-C to stop').join('\n');
    if (text !== '') process.stderr.write(`server: ${text}\n`);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /microhedge web app: (http:\S+)/.exec(out);
      if (m) resolve(m[1]!.replace(/\/$/, ''));
    });
    child.once('exit', (code) => reject(new Error(`microhedge serve exited with code ${code}`)));
  });
  return {
    url, host: new URL(url).host,
    stop: () => new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

type Row = { name: string; result: Result };

function print(rows: Row[]): void {
  process.stdout.write(`\n${'endpoint'.padEnd(44)} ${'requests'.padStart(8)} ${'errors'.padStart(6)} ${'non-200'.padStart(7)} ${'req/s'.padStart(7)} ` +
    `${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'max ms'.padStart(7)}\n`);
  for (const { name, result: r } of rows) {
    const total = Object.values(r.statusCodeStats).reduce((n, s) => n + Number(s.count), 0);
    process.stdout.write(`${name.padEnd(44)} ${String(total).padStart(8)} ${String(r.errors + r.timeouts).padStart(6)} ${String(r.non2xx).padStart(7)} ` +
      `${(total / r.duration).toFixed(0).padStart(7)} ${r.latency.p50.toFixed(0).padStart(7)} ${r.latency.p99.toFixed(0).padStart(7)} ${r.latency.max.toFixed(0).padStart(7)}\n`);
  }
}

async function post(url: string, host: string, path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: { host, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function main(): Promise<void> {
  process.stdout.write(`microhedge serve under load — node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ` +
    `${THREADS} compute thread(s), ${CONNECTIONS} connections, ${REQUESTS} requests per run, 127.0.0.1\n`);
  const server = await start();
  const { url, host } = server;
  const headers = { host, 'content-type': 'application/json' };
  const run = (name: string, path: string, o: Omit<Options, 'url' | 'connections' | 'amount'>, amount = REQUESTS, connections = CONNECTIONS) =>
    autocannon({ url: `${url}${path}`, connections, amount, timeout: 120, ...o }).then((result) => ({ name, result }));
  const rows: Row[] = [];
  try {
    // The sample analysed once (its thread keeps it), and the option terms for the custom puts.
    const analysis = await post(url, host, '/api/analyze', {}) as { analysisId: string; report: { hedges: { kind: string; parameters: Record<string, string | number> }[] } };
    const terms = await (await fetch(`${url}/api/analyses/${analysis.analysisId}/market`, { headers: { host } })).json() as
      { expiries: { expiry: string; putStrikes: number[] }[]; maxContracts: number; spot: number };
    rows.push(await run('GET /api/health', '/api/health', { headers: { host } }));
    rows.push(await run('GET / (the page, from memory)', '/', { headers: { host } }));
    rows.push(await run('POST /api/analyze (sample, analysed: cached)', '/api/analyze', { method: 'POST', headers, body: '{}' }));
    // The live path: every request a different put (strike 80–110 % of spot, expiry, contracts).
    const puts = terms.expiries.flatMap((e) => e.putStrikes.filter((k) => k >= 0.8 * terms.spot && k <= 1.1 * terms.spot)
      .map((strike, i) => ({ expiry: e.expiry, strike, contracts: 1 + (i % terms.maxContracts) })));
    let next = 0;
    rows.push(await run(`POST /api/hedge (custom put, ${puts.length} distinct)`, '/api/hedge', {
      requests: [{
        method: 'POST', path: '/api/hedge', headers,
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ analysisId: analysis.analysisId, hedge: { type: 'put', ...puts[next++ % puts.length]! } }) }),
      }],
    }));
    // One user dragging a slider: one request at a time.
    rows.push(await run('POST /api/hedge (custom put, one at a time)', '/api/hedge', {
      requests: [{
        method: 'POST', path: '/api/hedge', headers,
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ analysisId: analysis.analysisId, hedge: { type: 'put', ...puts[next++ % puts.length]! } }) }),
      }],
    }, 200, 1));
    // Whole analyses, each with options not seen before (another seed: a new analysis id).
    let seed = 100;
    rows.push(await run('POST /api/analyze (sample, not cached)', '/api/analyze', {
      requests: [{ method: 'POST', path: '/api/analyze', headers, setupRequest: (req) => ({ ...req, body: JSON.stringify({ options: { seed: seed++ } }) }) }],
    }, 40, 4));
    // Uploads: the sample's holdings and equity price files, 2.4 MB, as multipart.
    const form = new FormData();
    for (const name of ['portfolio.csv', 'stocks_19_2004-2024.csv', 'sector_etfs_2004-2025.csv']) {
      form.append('files', new File([await readFile(join(ROOT, 'data', 'sample', name), 'utf8')], name));
    }
    const multipart = new Response(form);
    const body = await multipart.text();
    rows.push(await run('POST /api/inputs (2.4 MB upload, cached)', '/api/inputs', {
      method: 'POST', headers: { host, 'content-type': multipart.headers.get('content-type')! }, body,
    }, 200, 10));
  } finally {
    await server.stop();
  }
  print(rows);
  const failed = rows.filter(({ result: r }) => r.errors + r.timeouts + r.non2xx > 0);
  if (failed.length > 0) {
    process.stderr.write(`errors in: ${failed.map((r) => r.name).join(', ')}\n`);
    process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
