import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { reportSchema } from '../../src/report/schema.js';

// `serve` and `worker` through argv. Both run until stopped, so their successful runs are tested
// as real processes: serve here (the built binary, stopped with SIGINT; the sample and the user's
// own files analysed through its API, the reports valid by their schema), worker against a real
// Redis in test/batch/queue.test.ts. Their user errors are checked in-process.
const BIN = 'dist/src/cli/main.js';
const QUICK = { horizonDays: 5, lookbackDays: 300, hedgeKinds: ['short-self', 'sector-etf-short'] };

async function analyze(url: string, body: unknown): Promise<Response> {
  return fetch(new URL('api/analyze', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('microhedge serve', () => {
  it('serves the API on the port it was given, analyses the sample and uploaded files, and exits 0 on Ctrl-C', async () => {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: \`npm test\` builds it; run \`npm run build\` before vitest alone`);
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--threads', '1'], { env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        const m = /^microhedge web app: (http:\/\/127\.0\.0\.1:\d+\/)\n/.exec(stdout);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
    });
    const health = await fetch(new URL('api/health', url));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, threads: 1 });

    const sample = await analyze(url, { sample: 'equity', options: QUICK });
    expect(sample.status).toBe(200);
    expect(reportSchema.parse(((await sample.json()) as { report: unknown }).report).target).toBe('AAPL');
    // The user's own files, under their own names.
    const files = await Promise.all([['my-book.csv', 'portfolio.csv'], ['closes.csv', 'stocks_19_2004-2024.csv'], ['etfs.csv', 'sector_etfs_2004-2025.csv']]
      .map(async ([name, from]) => ({ name, text: await readFile(`data/sample/${from}`, 'utf8') })));
    const own = await analyze(url, { files, options: { ...QUICK, target: 'GOOG' } });
    expect(own.status).toBe(200);
    expect(reportSchema.parse(((await own.json()) as { report: unknown }).report).target).toBe('GOOG');
    const wrong = await analyze(url, { sample: 'equity', options: { horizonDays: 0 } });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: { field: string } }).error.field).toBe('options.horizonDays');
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stderr).toContain('Ctrl-C to stop\n');
    expect(stderr).not.toMatch(/bug:|error:/);
  }, 60_000);

  it('refuses bad flags with one line naming the flag (exit 2)', async () => {
    const cases: [string[], string][] = [
      [['--port', '70000'], 'error: --port: expected an integer from 0 to 65535, got "70000"\n'],
      [['--host', 'a b'], 'error: --host: expected an IP address or host name to listen on, got "a b"\n'],
      [['--threads', '0'], 'error: --threads: expected an integer from 1 to 64, got "0"\n'],
      [['now'], 'error: now: expected an option such as --port N (serve takes no positional arguments)\n'],
    ];
    for (const [args, stderr] of cases) expect(await run(['serve', ...args])).toEqual({ code: 2, stdout: '', stderr });
    expect((await run(['serve', '--help'])).stdout).toMatch(/^microhedge serve/);
  });
});

describe('microhedge worker', () => {
  it('refuses a missing queue and bad values with one line naming the flag (exit 2)', async () => {
    const cases: [string[], string][] = [
      [[], 'error: --queue: expected the Redis URL of the batch, redis://HOST:PORT\n'],
      [['--queue', 'redis://127.0.0.1:1', '--concurrency', '100'], 'error: --concurrency: expected an integer from 1 to 64, got "100"\n'],
      [['--queue', 'redis://127.0.0.1:1', '--lock-seconds', 'x'], 'error: --lock-seconds: expected an integer from 1 to 3600, got "x"\n'],
      [['jobs'], 'error: jobs: expected an option such as --queue URL (worker takes no positional arguments)\n'],
    ];
    for (const [args, stderr] of cases) expect(await run(['worker', ...args])).toEqual({ code: 2, stdout: '', stderr });
    expect((await run(['worker', '--help'])).stdout).toMatch(/^microhedge worker — /);
  });
});
