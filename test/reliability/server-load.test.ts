import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `microhedge serve` under load and attack (issue 12), on 127.0.0.1 only: the built server as a
// child process, 10,000 requests at 100 connections, hostile requests each answered with the
// right 4xx and nothing else, and the server serving normally afterwards.

const BIN = join(process.cwd(), 'dist', 'src', 'cli', 'main.js');
const REQUESTS = process.env.MICROHEDGE_SOAK === '1' ? 100_000 : 10_000;
let child: ChildProcess;
let url: string;
let port: number;

/** Resident memory of the server process, in MiB (Linux /proc). */
function rssMiB(): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
  return Number(m![1]) / 1024;
}

beforeAll(async () => {
  child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--threads', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /microhedge web app: (http:\S+)/.exec(out);
      if (m) resolve(m[1]!.replace(/\/$/, ''));
    });
    child.once('exit', (code) => reject(new Error(`microhedge serve exited with code ${code}`)));
  });
  port = Number(new URL(url).port);
}, 60_000);

afterAll(() => {
  child.kill('SIGTERM');
});

async function text(path: string, init: RequestInit = {}): Promise<{ status: number; type: string; body: string }> {
  const r = await fetch(`${url}${path}`, init);
  return { status: r.status, type: r.headers.get('content-type') ?? '', body: await r.text() };
}

/** A GET with a Host header of our choosing (fetch does not let a caller set one). */
function withHost(path: string, host: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => { body += chunk.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const NO_STACK = /\n\s+at |node:internal|\/src\/server\//;

describe('microhedge serve under load and attack', () => {
  it(`answers ${REQUESTS.toLocaleString('en-US')} requests at concurrency 100 with no error, in bounded memory`, async () => {
    await text('/api/health');
    const before = rssMiB();
    const result = await autocannon({ url: `${url}/api/health`, connections: 100, amount: REQUESTS, timeout: 30 });
    const after = rssMiB();
    const answered = Object.values(result.statusCodeStats).reduce((n, s) => n + Number(s.count), 0);
    expect(answered).toBe(REQUESTS);
    expect(result.errors + result.timeouts + result.non2xx).toBe(0);
    // Stable: the heap settles after the first few thousand requests (10,000: +47 MiB, 100,000: +56 MiB).
    expect(after - before).toBeLessThan(96);
    console.log(`load: ${answered} requests at 100 connections, ${(answered / result.duration).toFixed(0)} req/s, p99 ${result.latency.p99} ms; ` +
      `server RSS ${before.toFixed(0)} → ${after.toFixed(0)} MiB`);
  }, 300_000);

  it('refuses hostile requests with the right 4xx, JSON only, no stack trace', async () => {
    const post = (path: string, body: string, headers: Record<string, string> = {}) =>
      text(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const cases = [
      { name: 'oversized body', r: await post('/api/hedge', JSON.stringify({ pad: 'x'.repeat(200_000) })), status: 413 },
      { name: 'deeply nested JSON', r: await post('/api/hedge', '['.repeat(60_000)), status: 400 },
      { name: 'script in a field', r: await post('/api/hedge', JSON.stringify({ analysisId: '<script>alert(1)</script>' })), status: 400 },
      { name: 'path in a field', r: await post('/api/hedge', JSON.stringify({ analysisId: '../../etc/passwd' })), status: 400 },
      { name: 'path-like download', r: await text('/api/analyses/x/..%2F..%2Fpackage.json'), status: 400 },
      { name: 'foreign Host', r: await withHost('/api/health', 'evil.example'), status: 403 },
      { name: 'foreign Origin', r: await post('/api/hedge', '{}', { origin: 'https://evil.example' }), status: 403 },
    ];
    for (const c of cases) {
      expect(`${c.name}: ${c.r.status}`).toBe(`${c.name}: ${c.status}`);
      expect(c.r.type).toMatch(/^application\/json/);
      expect(c.r.body).not.toMatch(NO_STACK);
    }
  }, 60_000);

  it('keeps serving while slow clients hold connections open with half-sent headers', async () => {
    const slow: Socket[] = await Promise.all(Array.from({ length: 50 }, () => new Promise<Socket>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.write(`POST /api/hedge HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n`);
        resolve(s);
      });
      s.on('error', () => undefined);
    })));
    try {
      const r = await text('/api/health');
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body)).toMatchObject({ ok: true });
    } finally {
      for (const s of slow) s.destroy();
    }
    expect((await text('/api/health')).status).toBe(200);
  }, 60_000);
});
