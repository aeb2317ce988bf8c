import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';

// `serve` and `worker` through argv. Both run until stopped, so their successful runs are tested
// as real processes: serve here (the built binary, stopped with SIGINT), worker against a real
// Redis in test/batch/queue.test.ts. Their user errors are checked in-process.
const BIN = 'dist/src/cli/main.js';

describe('microhedge serve', () => {
  it('serves the API on the port it was given, and exits 0 on Ctrl-C', async () => {
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
