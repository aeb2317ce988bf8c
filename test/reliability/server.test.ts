import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import autocannon, { type Result } from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The server under load and under attack (issue 12), on 127.0.0.1 only: the built server runs in
// a child process (started by startServer, as `microhedge serve` does, with short slow-client
// limits so that the slowloris cases take seconds, and --expose-gc so that its memory can be
// compared after collection); this process is the load generator and the attacker. Every request
// is answered with the right status and nothing else, no body carries a stack trace, the server
// logs no bug, and it keeps serving. MICROHEDGE_SOAK=1 runs the long soak (100,000 requests).

const ROOT = process.cwd();
const CHILD = join(ROOT, 'test', 'reliability', 'server-child.mjs');
const SOAK = process.env.MICROHEDGE_SOAK === '1';
const LOAD_REQUESTS = SOAK ? 100_000 : 10_000;
const CONNECTIONS = 100;
const MAX_UPLOAD_BYTES = 1024 * 1024;
const HEADERS_TIMEOUT_MS = 2000;
const REQUEST_TIMEOUT_MS = 5000;

type Memory = { rss: number; heapUsed: number; external: number };
type Reply = { status: number; headers: IncomingHttpHeaders; body: string };

let child: ChildProcess;
let port: number;
let host: string;
let serverLog = '';
let analysisId: string;
/** Every body the attacks got back, searched for stack traces at the end. */
const answered: { what: string; reply: Reply }[] = [];

function fromChild<T>(type: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: { type: string; value: T }) => {
      if (m.type !== type) return;
      child.off('message', on);
      resolve(m.value);
    };
    child.on('message', on);
  });
}

/** The server's memory after a full garbage collection (its own heap; RSS includes the thread). */
async function memory(): Promise<Memory> {
  const reply = fromChild<Memory>('memory');
  child.send('memory');
  return reply;
}

/** One request on its own connection, with any Host header (fetch would not send a foreign one). */
function send(o: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: o.method ?? 'GET', path: o.path, agent: false, headers: { host, ...o.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return send({ method: 'POST', path, headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

/** Records the reply and checks it is a JSON error with this status. */
function expectError(what: string, reply: Reply, status: number): { message: string; field: string | null } {
  answered.push({ what, reply });
  expect({ what, status: reply.status }).toEqual({ what, status });
  expect(reply.headers['content-type'], what).toMatch(/^application\/json/);
  const body = JSON.parse(reply.body) as { error: { message: string; field: string | null } };
  expect(Object.keys(body), what).toEqual(['error']);
  return body.error;
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist', 'src', 'server', 'start.js'))) {
    throw new Error('dist/ is missing: `npm test` builds it; run `npm run build` before vitest alone');
  }
  child = fork(CHILD, [JSON.stringify({ maxUploadBytes: MAX_UPLOAD_BYTES, headersTimeoutMs: HEADERS_TIMEOUT_MS, requestTimeoutMs: REQUEST_TIMEOUT_MS })],
    { execArgv: ['--expose-gc'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  child.stderr!.on('data', (c: Buffer) => { serverLog += c.toString(); });
  const url = await Promise.race([
    fromChild<string>('listening'),
    new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the server exited (${code}): ${serverLog}`)))),
  ]);
  port = Number(new URL(url).port);
  host = `127.0.0.1:${port}`;
  const analysis = await postJson('/api/analyze', {});
  expect(analysis.status).toBe(200);
  analysisId = (JSON.parse(analysis.body) as { analysisId: string }).analysisId;
}, 60_000);

afterAll(async () => {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
});

describe('under load', () => {
  it(`answers ${LOAD_REQUESTS.toLocaleString('en')} requests from ${CONNECTIONS} connections, every one 200, its memory back where it was`, async () => {
    const json = { 'content-type': 'application/json' };
    // Each connection cycles through the app's everyday requests: the cheap ones, the page, a
    // cached analysis (a 270 kB report), a hedge resized on the compute thread, a CSV download.
    const cycle = [
      { method: 'GET' as const, path: '/api/health' },
      { method: 'GET' as const, path: '/' },
      { method: 'GET' as const, path: '/api/meta' },
      { method: 'POST' as const, path: '/api/analyze', headers: json, body: '{}' },
      { method: 'GET' as const, path: `/api/analyses/${analysisId}/hedges.csv` },
      { method: 'POST' as const, path: '/api/hedge', headers: json, body: JSON.stringify({ analysisId, hedge: { type: 'scale', name: 'Short AAPL 50%', ratio: 0.5 } }) },
    ];
    const probe = await postJson('/api/hedge', JSON.parse(cycle[5]!.body!));
    expect(probe.status, probe.body).toBe(200);
    const load = (amount: number) => autocannon({ url: `http://${host}`, connections: CONNECTIONS, amount, timeout: 60, requests: cycle });
    const check = (r: Result) => {
      expect({ errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx }).toEqual({ errors: 0, timeouts: 0, non2xx: 0 });
      expect(Object.keys(r.statusCodeStats)).toEqual(['200']);
    };
    check(await load(1200)); // warm-up: caches filled, code optimised
    const before = await memory();
    const started = performance.now();
    const result = await load(LOAD_REQUESTS);
    const seconds = (performance.now() - started) / 1000;
    check(result);
    expect(result.requests.total).toBeGreaterThanOrEqual(LOAD_REQUESTS);
    const after = await memory();
    const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
    console.log(`load: ${result.requests.total} requests at ${CONNECTIONS} connections in ${seconds.toFixed(1)} s (${(result.requests.total / seconds).toFixed(0)}/s), ` +
      `${result.errors} errors, p99 ${result.latency.p99} ms; server heap ${mb(before.heapUsed)} → ${mb(after.heapUsed)} MB, RSS ${mb(before.rss)} → ${mb(after.rss)} MB`);
    // Stable: after collection the HTTP thread's heap (where anything kept per request would
    // pile up) holds what it held before, give or take 4 MB; the process's RSS, which includes the
    // compute thread's heap with its uncollected garbage (it swings by ±60 MB from one round of
    // 10,000 to the next: 192, 249, 227, 280, 202, 215 MB measured over five rounds), grows by
    // less than 128 MB: a leak of one report per request (270 kB) would add gigabytes.
    expect(after.heapUsed - before.heapUsed).toBeLessThan(4 * 1024 * 1024);
    expect(after.rss - before.rss).toBeLessThan(128 * 1024 * 1024);
  }, SOAK ? 600_000 : 120_000);
});

describe('under attack', () => {
  it('refuses oversized bodies with 413, whether announced by Content-Length or streamed chunk by chunk', async () => {
    const big = JSON.stringify({ files: [{ name: 'holdings.csv', text: 'x'.repeat(MAX_UPLOAD_BYTES) }] });
    for (const path of ['/api/inputs', '/api/analyze']) {
      expect(expectError(`${path} oversized`, await postJson(path, big), 413).message).toContain('at most 1 MB');
    }
    const hedge = JSON.stringify({ analysisId, hedge: { type: 'proposed', name: 'x'.repeat(70 * 1024) } });
    expect(expectError('/api/hedge oversized', await postJson('/api/hedge', hedge), 413).message).toContain('at most 0.06 MB');
    // No Content-Length: the body is counted as it arrives and cut off at the limit. The chunks go
    // out a few milliseconds apart, and stop once the answer is in.
    const streamed = await new Promise<Reply>((resolve, reject) => {
      let reply: Reply | undefined;
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/api/inputs', agent: false,
        headers: { host, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(reply = { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      });
      let answered = false;
      req.once('response', () => { answered = true; });
      // Writing after the server has answered may fail (EPIPE); the answer is what is checked.
      req.on('error', (e) => { if (!answered) reject(e); });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      void (async () => {
        for (let sent = 0; sent < 4 * MAX_UPLOAD_BYTES && !answered && reply === undefined; sent += chunk.length) {
          req.write(chunk);
          await new Promise((r) => setTimeout(r, 5));
        }
        req.end();
      })();
    });
    expectError('/api/inputs streamed', streamed, 413);
  });

  it('cuts off slow clients (slowloris) with 408 or a closed connection, and keeps serving everyone else meanwhile', async () => {
    // 40 connections trickle their headers a byte at a time, 20 send complete headers and then
    // trickle a body, 20 connect and say nothing.
    type Slow = { socket: Socket; ended: Promise<{ ms: number; text: string }> };
    const started = performance.now();
    const open = (first: string, drip: string): Slow => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      let timer: NodeJS.Timeout | undefined;
      const ended = new Promise<{ ms: number; text: string }>((resolve) => {
        socket.on('data', (c: Buffer) => { text += c.toString(); });
        socket.on('error', () => undefined);
        socket.on('close', () => {
          clearInterval(timer);
          resolve({ ms: performance.now() - started, text });
        });
      });
      socket.on('connect', () => {
        socket.write(first);
        if (drip !== '') timer = setInterval(() => socket.write(drip), 250);
      });
      return { socket, ended };
    };
    const slow = [
      ...Array.from({ length: 40 }, () => open(`POST /api/analyze HTTP/1.1\r\nHost: ${host}\r\n`, 'X')),
      ...Array.from({ length: 20 }, () => open(`POST /api/inputs HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"sample":`, ' ')),
      ...Array.from({ length: 20 }, () => open('', '')),
    ];
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const meanwhile = await send({ path: '/api/health' });
    expect(meanwhile.status).toBe(200);
    const ends = await Promise.all(slow.map((s) => s.ended));
    for (const [i, end] of ends.entries()) {
      answered.push({ what: `slow client ${i}`, reply: { status: end.text === '' ? 0 : 408, headers: {}, body: end.text } });
      // Cut off after its limit (plus Node's 1 s check interval and the test's own timers), and
      // either told 408 or just closed: nothing else.
      const limit = i < 40 || i >= 60 ? HEADERS_TIMEOUT_MS : REQUEST_TIMEOUT_MS;
      expect(end.ms, `slow client ${i}`).toBeLessThan(limit + 3000);
      expect(end.text === '' || end.text.startsWith('HTTP/1.1 408 '), `slow client ${i}: ${end.text.slice(0, 80)}`).toBe(true);
    }
    const told408 = ends.filter((e) => e.text !== '').length;
    console.log(`slowloris: ${slow.length} slow connections cut off after ${(Math.max(...ends.map((e) => e.ms)) / 1000).toFixed(1)} s at most (${told408} told 408, ${slow.length - told408} just closed); a request meanwhile answered 200`);
    expect((await send({ path: '/api/health' })).status).toBe(200);
  }, 30_000);

  it('refuses JSON nested thousands deep with 400, in every body and in a multipart options field', async () => {
    const deep = (open: string, close: string, n: number, middle = '') => open.repeat(n) + middle + close.repeat(n);
    const cases: [string, string, string][] = [
      ['/api/analyze', 'array 100,000 deep', deep('[', ']', 100_000)],
      ['/api/analyze', 'options.target nested 200,000 deep', `{"options":{"target":${deep('[', ']', 200_000)}}}`],
      ['/api/analyze', 'a shock move nested 100,000 deep', `{"options":{"shocks":[{"moves":{"AAPL":${deep('{"a":', '}', 100_000, '1')}}}]}}`],
      ['/api/inputs', 'files nested 300,000 deep', `{"files":${deep('[', ']', 300_000)}}`],
      ['/api/hedge', 'hedge nested 30,000 deep', `{"analysisId":"${analysisId}","hedge":${deep('[', ']', 30_000)}}`],
      ['/api/hedge', 'just past the limit: 33 deep', `{"analysisId":"${analysisId}","hedge":${deep('[', ']', 32)}}`],
    ];
    for (const [path, what, body] of cases) {
      const e = expectError(`${path} ${what}`, await postJson(path, body), 400);
      expect(e.message).toBe('(body): expected JSON with arrays and objects nested at most 32 levels deep');
    }
    // Brackets inside strings are text, not nesting.
    const inText = await postJson('/api/analyze', { options: { shocks: [{ name: '['.repeat(100), moves: { AAPL: -0.3 } }], scenarioMethod: 'stress' } });
    expect(inText.status, inText.body).toBe(200);
    const form = new FormData();
    form.append('sample', 'equity');
    form.append('options', deep('{"a":', '}', 100_000, '1'));
    const multipart = new Response(form);
    const e = expectError('multipart options nested 100,000 deep', await send({
      method: 'POST', path: '/api/analyze', headers: { 'content-type': multipart.headers.get('content-type')! }, body: Buffer.from(await multipart.arrayBuffer()),
    }), 400);
    expect(e.message).toBe('options: expected JSON with arrays and objects nested at most 32 levels deep');
  }, 30_000);

  it('answers path-like and script-like strings in every field with a JSON 400 (or, where any text is valid, escapes them in the HTML report)', async () => {
    const payloads = ['../../etc/passwd', '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '..\\..\\windows\\win.ini', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', "'; DROP TABLE prices; --"];
    const holdings = readFileSync(join(ROOT, 'data', 'sample', 'portfolio.csv'), 'utf8');
    // Every field of the three bodies, each given the string instead of its value.
    const fields: [path: string, base: Record<string, unknown>, at: (string | number)[]][] = [];
    const analyze = (options: Record<string, unknown>) => ({ sample: 'equity', options });
    for (const at of [['inputsId'], ['sample'], ['files'], ['options']]) fields.push(['/api/analyze', {}, at]);
    fields.push(['/api/analyze', { files: [{ name: 'holdings.csv', text: holdings }] }, ['files', 0, 'name']]);
    fields.push(['/api/analyze', { files: [{ name: 'holdings.csv', text: holdings }] }, ['files', 0, 'text']]);
    for (const f of ['target', 'asOf', 'horizonDays', 'lookbackDays', 'confidence', 'seed', 'scenarioMethod', 'scenarioCount', 'hedgeKinds', 'shocks', 'costs', 'constraints']) {
      fields.push(['/api/analyze', analyze({}), ['options', f]]);
    }
    fields.push(['/api/analyze', analyze({ confidence: [0.95] }), ['options', 'confidence', 0]]);
    fields.push(['/api/analyze', analyze({ hedgeKinds: ['short-self'] }), ['options', 'hedgeKinds', 0]]);
    fields.push(['/api/analyze', analyze({ scenarioMethod: 'stress', shocks: [{ name: 's', moves: { AAPL: -0.3 } }] }), ['options', 'shocks', 0, 'moves', 'AAPL']]);
    for (const f of ['borrowFeeAnnual', 'borrowFeeBySymbol', 'shareHalfSpread', 'commissionPerShare', 'optionHalfSpread', 'commissionPerContract']) {
      fields.push(['/api/analyze', analyze({ costs: {} }), ['options', 'costs', f]]);
    }
    fields.push(['/api/analyze', analyze({ costs: { borrowFeeBySymbol: { AAPL: 0.01 } } }), ['options', 'costs', 'borrowFeeBySymbol', 'AAPL']]);
    for (const f of ['budget', 'noShortTarget', 'allowedInstruments']) fields.push(['/api/analyze', analyze({ constraints: {} }), ['options', 'constraints', f]]);
    fields.push(['/api/analyze', analyze({ constraints: { allowedInstruments: ['equity'] } }), ['options', 'constraints', 'allowedInstruments', 0]]);
    fields.push(['/api/inputs', {}, ['sample']]);
    fields.push(['/api/inputs', {}, ['files']]);
    fields.push(['/api/inputs', { files: [{ name: 'holdings.csv', text: holdings }] }, ['files', 0, 'name']]);
    fields.push(['/api/inputs', { files: [{ name: 'holdings.csv', text: holdings }] }, ['files', 0, 'text']]);
    fields.push(['/api/hedge', { hedge: { type: 'proposed', name: 'Short AAPL 50%' } }, ['analysisId']]);
    fields.push(['/api/hedge', { analysisId }, ['hedge']]);
    const hedges: Record<string, Record<string, unknown>> = {
      proposed: { type: 'proposed', name: 'Short AAPL 50%' },
      put: { type: 'put', expiry: '2025-01-17', strike: 230, contracts: 10 },
      collar: { type: 'collar', expiry: '2025-01-17', putStrike: 220, callStrike: 250, contracts: 10 },
      scale: { type: 'scale', name: 'Short AAPL 50%', ratio: 0.5 },
    };
    for (const hedge of Object.values(hedges)) for (const f of Object.keys(hedge)) fields.push(['/api/hedge', { analysisId, hedge }, ['hedge', f]]);

    let refused = 0;
    for (const payload of payloads) {
      for (const [path, base, at] of fields) {
        const body = structuredClone(base);
        setAt(body, at, payload);
        const what = `${path} ${at.join('.')} = ${payload}`;
        const e = expectError(what, await postJson(path, body), 400);
        expect(e.field, what).not.toBeNull();
        refused++;
      }
      // A field that does not exist, named by the string.
      expectError(`unknown field ${payload}`, await postJson('/api/analyze', analyze({ [payload]: 1 })), 400);
      // The same strings in the URL: a 400 or 404 in JSON under /api, a plain 404 elsewhere.
      const encoded = encodeURIComponent(payload);
      expectError(`analysis id ${payload}`, await send({ path: `/api/analyses/${encoded}/market` }), 400);
      expectError(`download ${payload}`, await send({ path: `/api/analyses/${analysisId}/${encoded}` }), 404);
      expectError(`api route ${payload}`, await send({ path: `/api/${encoded}` }), 404);
      const page = await send({ path: `/${encoded}` });
      answered.push({ what: `page ${payload}`, reply: page });
      expect(page.status).toBe(404);
      expect(page.headers['content-type']).toMatch(/^text\/plain/);
      expect(page.body).not.toContain(payload);
      refused += 5;
    }

    // Where any text is valid, the string comes back inside JSON only: an uploaded file's name in
    // the list of inputs read, a stress shock's name in the report, where the HTML report (a
    // download, never shown inline) escapes it.
    const etfs = readFileSync(join(ROOT, 'data', 'sample', 'sector_etfs_2004-2025.csv'), 'utf8');
    for (const payload of payloads.slice(1, 3)) {
      const inJson = JSON.stringify(payload).slice(1, -1);
      const inputs = await postJson('/api/inputs', { files: [{ name: payload, text: 'symbol,quantity\nXLK,500\nXLE,300\n' }, { name: 'etfs.csv', text: etfs }] });
      expect(inputs.status, inputs.body.slice(0, 300)).toBe(200);
      expect(inputs.headers['content-type']).toMatch(/^application\/json/);
      expect(inputs.body.includes(inJson), 'the name is in the list of inputs').toBe(true);
      const reply = await postJson('/api/analyze', analyze({ scenarioMethod: 'stress', shocks: [{ name: payload, moves: { AAPL: -0.3 } }] }));
      expect(reply.status, reply.body.slice(0, 300)).toBe(200);
      expect(reply.headers['content-type']).toMatch(/^application\/json/);
      expect(reply.body.includes(inJson), 'the name is in the report').toBe(true);
      const { analysisId: id } = JSON.parse(reply.body) as { analysisId: string };
      const html = await send({ path: `/api/analyses/${id}/report.html` });
      expect(html.status).toBe(200);
      expect(html.headers['content-disposition']).toMatch(/^attachment/);
      expect(html.body.includes(escapeHtml(payload)), 'the name is in the HTML report, escaped').toBe(true);
      expect(html.body).not.toContain(payload);
      expect(html.body).not.toMatch(/<img src=x|<script>alert/);
    }
    console.log(`fields: ${payloads.length} path- and script-like strings × ${fields.length} body fields and 5 URLs/keys: ${refused} requests refused, each a JSON 400 or 404 naming the field`);
  }, 120_000);

  it('refuses requests addressed to another host (403) and state changes from another site (403)', async () => {
    for (const foreign of ['evil.example', `evil.example:${port}`, '127.0.0.1', `127.0.0.1:${port + 1}`, `localhost.evil.example:${port}`, 'x'.repeat(8000)]) {
      for (const path of ['/', '/api/health', `/api/analyses/${analysisId}/report.html`]) {
        expectError(`Host ${foreign.slice(0, 40)} ${path}`, await send({ path, headers: { host: foreign } }), 403);
      }
      expectError(`Host ${foreign.slice(0, 40)} POST`, await postJson('/api/analyze', {}, { host: foreign }), 403);
    }
    // A Host that is not a host name at all is refused by the HTTP layer before the app: 400, empty.
    for (const malformed of [`127.0.0.1:${port}@evil.example`, `127.0.0.1:${port}/../etc`, `127.0.0.1:${port} evil.example`]) {
      const reply = await send({ path: '/api/health', headers: { host: malformed } });
      answered.push({ what: `Host ${malformed}`, reply });
      expect({ malformed, status: reply.status, body: reply.body }).toEqual({ malformed, status: 400, body: '' });
    }
    // No Host header at all (HTTP/1.0), and an empty one.
    for (const head of ['GET /api/health HTTP/1.0\r\n\r\n', 'GET /api/health HTTP/1.0\r\nHost: \r\n\r\n']) {
      const raw = await new Promise<string>((resolve) => {
        let text = '';
        const socket = connect(port, '127.0.0.1', () => socket.write(head));
        socket.on('data', (c: Buffer) => { text += c.toString(); });
        socket.on('close', () => resolve(text));
      });
      expect(raw).toMatch(/^HTTP\/1\.1 403 /);
      answered.push({ what: head, reply: { status: 403, headers: {}, body: raw } });
    }
    for (const origin of ['http://evil.example', 'null', `https://127.0.0.1:${port}`, `http://127.0.0.1:${port + 1}`, `http://evil.example:${port}`]) {
      for (const path of ['/api/analyze', '/api/inputs', '/api/hedge']) {
        expectError(`Origin ${origin} ${path}`, await postJson(path, {}, { origin }), 403);
      }
    }
    expectError('Sec-Fetch-Site cross-site', await postJson('/api/analyze', {}, { 'sec-fetch-site': 'cross-site' }), 403);
    // The server's own page may post.
    const own = await postJson('/api/analyze', {}, { origin: `http://${host}`, 'sec-fetch-site': 'same-origin' });
    expect(own.status).toBe(200);
  });

  it('never sends a stack trace, never logged a bug, and still serves a normal request at the end', async () => {
    expect(answered.length).toBeGreaterThan(400);
    for (const { what, reply } of answered) {
      expect(reply.body, what).not.toMatch(/\bat .*\((?:file|node):|\.(?:js|ts|mjs):\d+:\d+|RangeError|TypeError|SyntaxError|ZodError/);
    }
    expect(serverLog).not.toMatch(/bug while answering/);
    const health = await send({ path: '/api/health' });
    expect(health.status).toBe(200);
    const analysis = await postJson('/api/analyze', { options: { horizonDays: 10 } });
    expect(analysis.status).toBe(200);
    const counts = new Map<number, number>();
    for (const { reply } of answered) counts.set(reply.status, (counts.get(reply.status) ?? 0) + 1);
    console.log(`attacks: ${answered.length} answers checked: ${[...counts].sort(([a], [b]) => a - b).map(([s, n]) => `${n} × ${s}`).join(', ')}; no stack trace, no bug logged; still serving`);
  }, 30_000);
});

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function setAt(target: Record<string, unknown>, at: readonly (string | number)[], value: unknown): void {
  let node = target as Record<string | number, unknown>;
  for (const key of at.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string | number, unknown>;
  }
  node[at[at.length - 1]!] = value;
}
