import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { SAMPLE } from '../../src/pipeline/load-inputs.js';
import { renderCsv } from '../../src/report/csv.js';
import { renderHtml } from '../../src/report/html.js';
import { reportSchema, type Report } from '../../src/report/schema.js';
import { createApp } from '../../src/server/app.js';
import type { WebAssets } from '../../src/server/assets.js';
import { inlineEngine, type Engine } from '../../src/server/engine.js';
import { HostCheck } from '../../src/server/hosts.js';

// The API in-process through hono's request API (STYLE.md §6), on the inline engine: the same
// tasks the compute threads run, on this thread. The thread engine and the real socket are tested
// in engine.test.ts and the browser tests.

const ORIGIN = 'http://127.0.0.1:4173';
const HOST = '127.0.0.1:4173';

function makeApp(o: { engine?: Engine; maxUploadBytes?: number; assets?: WebAssets; log?: (line: string) => void } = {}) {
  return createApp({
    engine: o.engine ?? inlineEngine(), hosts: new HostCheck('127.0.0.1', 4173), maxUploadBytes: o.maxUploadBytes ?? 32 * 1024 * 1024,
    log: o.log ?? (() => undefined), ...(o.assets === undefined ? {} : { assets: o.assets }),
  });
}

const app = makeApp();

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return app.request(`${ORIGIN}${path}`, {
    method: 'POST', headers: { host: HOST, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body),
  });
}

function get(path: string, headers: Record<string, string> = {}) {
  return app.request(`${ORIGIN}${path}`, { headers: { host: HOST, ...headers } });
}

type ErrorBody = { error: { message: string; field: string | null; expected: string; value?: string } };

let cli: Report;
let analysis: { analysisId: string; inputsId: string; report: Report };

beforeAll(async () => {
  const result = await run(['analyze', '--json', '-', '--quiet']);
  expect(result.code).toBe(0);
  cli = reportSchema.parse(JSON.parse(result.stdout));
  const response = await post('/api/analyze', {});
  expect(response.status).toBe(200);
  analysis = await response.json() as typeof analysis;
});

describe('POST /api/analyze', () => {
  it('returns the CLI\'s report for the same inputs: with no inputs, the equity sample', () => {
    expect(reportSchema.parse(analysis.report)).toEqual(cli);
    expect(analysis.analysisId).toMatch(/^[0-9a-f]{32}$/);
    expect(analysis.inputsId).toBe('sample-equity');
  });

  it('takes the options of analyze: the same report as the flags', async () => {
    const flags = await run(['analyze', '--json', '-', '--quiet', '--target', 'XOM', '--horizon', '5', '--confidence', '0.975', '--hedges', 'short-self,sector-etf-short']);
    const response = await post('/api/analyze', { sample: 'equity', options: { target: 'xom', horizonDays: 5, confidence: [0.975], hedgeKinds: ['short-self', 'sector-etf-short'] } });
    expect(response.status).toBe(200);
    const body = await response.json() as typeof analysis;
    expect(body.report).toEqual(JSON.parse(flags.stdout));
  });

  it('gives equal requests the same id whatever the order of their fields (ids are content hashes)', async () => {
    const a = await (await post('/api/analyze', { options: { horizonDays: 10, seed: 1 } })).json() as typeof analysis;
    const b = await (await post('/api/analyze', { options: { seed: 1, horizonDays: 10 }, inputsId: 'sample-equity' })).json() as typeof analysis;
    expect(a.analysisId).toBe(b.analysisId);
    expect(a.analysisId).toBe(analysis.analysisId);
  });

  it('analyses uploaded files like analyze --portfolio --prices reads them from disk', async () => {
    const names = [SAMPLE.portfolio, ...SAMPLE.prices];
    const files = await Promise.all(names.map(async (path) => ({ name: relative(process.cwd(), path), text: await readFile(path, 'utf8') })));
    const flags = await run(['analyze', '--json', '-', '--quiet', '--portfolio', files[0]!.name, ...files.slice(1).flatMap((f) => ['--prices', f.name])]);
    expect(flags.code).toBe(0);
    const form = new FormData();
    for (const f of files) form.append('files', new File([f.text], f.name));
    const response = await app.request(`${ORIGIN}/api/analyze`, { method: 'POST', headers: { host: HOST }, body: form });
    expect(response.status).toBe(200);
    const body = await response.json() as typeof analysis;
    expect(body.inputsId).toMatch(/^upload-[0-9a-f]{32}$/);
    expect(body.report).toEqual(JSON.parse(flags.stdout));
  });
});

describe('POST /api/inputs', () => {
  it('reads the sample and suggests the concern screen\'s top holding', async () => {
    const response = await post('/api/inputs', { sample: 'equity' });
    expect(response.status).toBe(200);
    const body = await response.json() as { inputsId: string; suggestedTarget: string; holdings: { symbol: string; rank: number }[]; asOf: string };
    expect(body.inputsId).toBe('sample-equity');
    expect(body.suggestedTarget).toBe('AAPL');
    expect(body.asOf).toBe('2024-11-29');
    expect(body.holdings.map((h) => h.rank)).toEqual(body.holdings.map((_, i) => i + 1));
    expect(body.holdings).toHaveLength(13);
  });

  it('names the file, row and column of a malformed upload', async () => {
    const form = new FormData();
    form.append('files', new File(['symbol,quantity\nAAPL,100\nMSFT,lots\n'], 'my holdings.csv'));
    form.append('files', new File(['date,AAPL,MSFT\n2024-01-02,185.6,370.9\n'], 'prices.csv'));
    const response = await app.request(`${ORIGIN}/api/inputs`, { method: 'POST', headers: { host: HOST }, body: form });
    expect(response.status).toBe(400);
    const body = await response.json() as ErrorBody;
    expect(body.error.message).toBe('my holdings.csv:3:quantity: expected a quantity (a non-zero number), got "lots"');
    expect(body.error).toMatchObject({ field: 'my holdings.csv', value: 'lots' });
  });

  it('asks for the files that are missing', async () => {
    const onlyPrices = await post('/api/inputs', { files: [{ name: 'p.csv', text: 'date,AAPL\n2024-01-02,185.6\n' }] });
    expect(onlyPrices.status).toBe(400);
    expect((await onlyPrices.json() as ErrorBody).error.message).toMatch(/^files: expected a holdings CSV among the files/);
    const uncovered = await post('/api/inputs', { files: [{ name: 'h.csv', text: 'symbol,quantity\nAAPL,1\nXYZ,2\n' }, { name: 'p.csv', text: 'date,AAPL\n2024-01-02,185.6\n' }] });
    expect((await uncovered.json() as ErrorBody).error.message).toMatch(/^h\.csv:3:symbol: expected a holding with a price history/);
  });
});

describe('validation: a 400 that names the field', () => {
  it.each([
    [{ options: { horizonDays: 0 } }, 'options.horizonDays', 'options.horizonDays: expected a number ≥ 1, got "0"'],
    [{ options: { horizonDays: 2.5 } }, 'options.horizonDays', undefined],
    [{ options: { horizn: 5 } }, 'options.horizn', 'options.horizn: expected a field of the API (this one is unknown; see docs/web.md)'],
    [{ options: { lookbackDays: 30 } }, 'options.lookbackDays', 'options.lookbackDays: expected a number ≥ 40, got "30"'],
    [{ options: { horizonDays: 50, lookbackDays: 60 } }, 'options.lookbackDays', 'options.lookbackDays: expected at least the horizon + 30 = 80 trading days, got "60"'],
    [{ options: { confidence: [0.95, 1.2] } }, 'options.confidence.1', 'options.confidence.1: expected a number < 1, got "1.2"'],
    [{ options: { scenarioMethod: 'magic' } }, 'options.scenarioMethod', undefined],
    [{ options: { hedgeKinds: ['short-self', 'crystal-ball'] } }, 'options.hedgeKinds.1', undefined],
    [{ options: { asOf: '2024-02-30' } }, 'options.asOf', 'options.asOf: expected a calendar date YYYY-MM-DD, got "2024-02-30"'],
    [{ options: { costs: { borrowFeeAnnual: -1 } } }, 'options.costs.borrowFeeAnnual', undefined],
    [{ sample: 'equity', inputsId: 'sample-equity' }, 'sample', undefined],
    [{ sample: 'bonds' }, 'sample', 'sample: expected one of "equity", "energy", got "bonds"'],
    [{ options: { target: 'ZZZ' } }, 'options.target', undefined],
  ])('%j → %s', async (body, field, message) => {
    const response = await post('/api/analyze', body);
    expect(response.status).toBe(400);
    const json = await response.json() as ErrorBody;
    expect(json.error.field).toBe(field);
    expect(json.error.message.startsWith(`${field}: expected `)).toBe(true);
    if (message !== undefined) expect(json.error.message).toBe(message);
  });

  it('refuses a body that is not JSON, or of another type', async () => {
    const broken = await app.request(`${ORIGIN}/api/analyze`, { method: 'POST', headers: { host: HOST, 'content-type': 'application/json' }, body: '{"options":' });
    expect(broken.status).toBe(400);
    expect((await broken.json() as ErrorBody).error.message).toBe('(body): expected a JSON object (the body is not valid JSON)');
    const text = await app.request(`${ORIGIN}/api/analyze`, { method: 'POST', headers: { host: HOST, 'content-type': 'text/plain' }, body: 'hi' });
    expect(text.status).toBe(415);
  });

  it('checks a hedge\'s terms against what is on offer', async () => {
    const { analysisId, report } = analysis;
    const put = report.hedges.find((h) => h.kind === 'protective-put')!;
    const cases: [unknown, string][] = [
      [{ type: 'put', expiry: put.parameters.expiry, strike: 231.1, contracts: 1 }, 'hedge.strike'],
      [{ type: 'put', expiry: '2025-01-02', strike: 230, contracts: 1 }, 'hedge.expiry'],
      [{ type: 'put', expiry: put.parameters.expiry, strike: 230, contracts: 39 }, 'hedge.contracts'],
      [{ type: 'put', expiry: put.parameters.expiry, strike: 230, contracts: 0 }, 'hedge.contracts'],
      [{ type: 'collar', expiry: put.parameters.expiry, putStrike: 230, callStrike: 225, contracts: 1 }, 'hedge.callStrike'],
      [{ type: 'scale', name: put.name, ratio: 0.5 }, 'hedge.name'],
      [{ type: 'scale', name: 'Short AAPL 100%', ratio: 9 }, 'hedge.ratio'],
      [{ type: 'proposed', name: 'Buy a lottery ticket' }, 'hedge.name'],
      [{ type: 'straddle' }, 'hedge.type'],
    ];
    for (const [hedge, field] of cases) {
      const response = await post('/api/hedge', { analysisId, hedge });
      expect(response.status, JSON.stringify(hedge)).toBe(400);
      expect((await response.json() as ErrorBody).error.field, JSON.stringify(hedge)).toBe(field);
    }
    const strike = await post('/api/hedge', { analysisId, hedge: cases[0]![0] });
    expect((await strike.json() as ErrorBody).error.message).toMatch(/^hedge\.strike: expected a put strike on offer for 2025-02-28 \(on the model grid; nearest: 227\.5, 230, 232\.5\), got "231\.1"$/);
  });

  it('answers 404 for an analysis it does not hold and for unknown routes', async () => {
    const unknown = await post('/api/hedge', { analysisId: '0'.repeat(32), hedge: { type: 'proposed', name: 'x' } });
    expect(unknown.status).toBe(404);
    expect((await unknown.json() as ErrorBody).error.field).toBe('analysisId');
    expect((await get('/api/analyses/not-an-id/report.json')).status).toBe(400);
    expect((await get(`/api/analyses/${analysis.analysisId}/secrets.txt`)).status).toBe(404);
    expect((await get('/api/nothing')).status).toBe(404);
  });
});

describe('the hedge endpoint', () => {
  it('gives a proposed hedge with the report\'s own figures and its payoff', async () => {
    const put = analysis.report.hedges.find((h) => h.kind === 'protective-put')!;
    const response = await post('/api/hedge', { analysisId: analysis.analysisId, hedge: { type: 'proposed', name: put.name } });
    expect(response.status).toBe(200);
    const body = await response.json() as { hedge: unknown; payoff: { curve: unknown; scenarios: { relative: number[] } } };
    expect(body.hedge).toEqual(put);
    expect(body.payoff.curve).not.toBeNull();
    expect(body.payoff.scenarios.relative).toHaveLength(analysis.report.scenarios.count);
  });

  it('lists the option terms on offer', async () => {
    const response = await get(`/api/analyses/${analysis.analysisId}/market`);
    const terms = await response.json() as { available: boolean; maxContracts: number; expiries: { expiry: string; putStrikes: number[] }[] };
    expect(terms.available).toBe(true);
    expect(terms.maxContracts).toBe(38);
    expect(terms.expiries.map((e) => e.expiry)).toEqual(['2024-12-29', '2025-02-28', '2025-05-30', '2025-11-29']);
    expect(terms.expiries[1]!.putStrikes).toContain(227.5);
  });
});

describe('downloads', () => {
  it('serves the JSON, HTML and CSV reports as attachments, as the CLI writes them', async () => {
    const json = await get(`/api/analyses/${analysis.analysisId}/report.json`);
    expect(json.headers.get('content-disposition')).toBe('attachment; filename="microhedge-AAPL-2024-11-29.json"');
    expect(reportSchema.parse(JSON.parse(await json.text()))).toEqual(cli);
    const html = await get(`/api/analyses/${analysis.analysisId}/report.html`);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await html.text()).toBe(renderHtml(cli));
    for (const name of ['hedges.csv', 'holdings.csv', 'risk.csv']) {
      const csv = await get(`/api/analyses/${analysis.analysisId}/${name}`);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(await csv.text()).toBe(renderCsv(cli)[name]);
    }
  });
});

describe('defences', () => {
  it('answers only requests addressed to a name it listens as (DNS rebinding)', async () => {
    expect((await get('/api/meta', { host: 'attacker.example:4173' })).status).toBe(403);
    expect((await get('/api/meta', { host: '127.0.0.1:8080' })).status).toBe(403);
    expect((await get('/api/meta', { host: '127.0.0.1' })).status).toBe(403);
    for (const host of ['127.0.0.1:4173', 'localhost:4173', 'LOCALHOST:4173', '[::1]:4173']) {
      expect((await get('/api/meta', { host })).status, host).toBe(200);
    }
    const refused = await get('/api/meta', { host: 'attacker.example:4173' });
    expect((await refused.json() as ErrorBody).error.field).toBe('Host');
  });

  it('accepts further names given with --allow-host, and the machine\'s own when listening everywhere', () => {
    const check = new HostCheck('127.0.0.1', 4173, ['hedge.internal']);
    expect(check.allows('hedge.internal:4173')).toBe(true);
    expect(check.allows('other.internal:4173')).toBe(false);
    expect(new HostCheck('0.0.0.0', 80).allows('127.0.0.1')).toBe(true);
  });

  it('refuses state-changing requests from another site\'s page (CSRF)', async () => {
    expect((await post('/api/inputs', { sample: 'equity' }, { origin: 'https://attacker.example' })).status).toBe(403);
    expect((await post('/api/inputs', { sample: 'equity' }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post('/api/inputs', { sample: 'equity' }, { origin: ORIGIN, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });

  it('limits the size of request bodies', async () => {
    const small = makeApp({ maxUploadBytes: 1024 });
    const response = await small.request(`${ORIGIN}/api/inputs`, {
      method: 'POST', headers: { host: HOST, 'content-type': 'application/json' },
      body: JSON.stringify({ files: [{ name: 'big.csv', text: 'x'.repeat(4096) }] }),
    });
    expect(response.status).toBe(413);
    expect((await response.json() as ErrorBody).error.message).toMatch(/^\(body\): expected a request body of at most 0\.00 MB/);
    const hedge = await post('/api/hedge', { analysisId: analysis.analysisId, hedge: { type: 'proposed', name: 'x'.repeat(100_000) } });
    expect(hedge.status).toBe(413);
  });

  it('limits the nesting of JSON bodies to 32 levels, counting brackets outside strings only', async () => {
    const nested = (depth: number) => `{"options":{"costs":${'{"a":'.repeat(depth - 2)}1${'}'.repeat(depth - 2)}}}`;
    const depthError = '(body): expected JSON with arrays and objects nested at most 32 levels deep';
    const atLimit = await post('/api/analyze', JSON.parse(nested(32)));
    expect(atLimit.status).toBe(400);
    expect((await atLimit.json() as ErrorBody).error.message).toBe('options.costs.a: expected a field of the API (this one is unknown; see docs/web.md)');
    const over = await app.request(`${ORIGIN}/api/analyze`, { method: 'POST', headers: { host: HOST, 'content-type': 'application/json' }, body: nested(33) });
    expect(over.status).toBe(400);
    expect((await over.json() as ErrorBody).error.message).toBe(depthError);
    // Brackets and escaped quotes inside a string are text.
    const inString = await post('/api/hedge', { analysisId: analysis.analysisId, hedge: { type: 'proposed', name: `\\"${'[{'.repeat(40)}` } });
    expect(inString.status).toBe(400);
    expect((await inString.json() as ErrorBody).error.field).toBe('hedge.name');
  });

  it('never sends a stack trace: a bug is logged and answered 500 in general words', async () => {
    const logged: string[] = [];
    const failing: Engine = { threads: 1, close: async () => undefined, run: () => Promise.reject(new Error('kaboom in /srv/secret/path.ts')) };
    const broken = makeApp({ engine: failing, log: (line) => logged.push(line) });
    const response = await broken.request(`${ORIGIN}/api/inputs`, { method: 'POST', headers: { host: HOST, 'content-type': 'application/json' }, body: '{"sample":"equity"}' });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toMatch(/kaboom|secret|\.ts|at /);
    expect(JSON.parse(text)).toEqual({ error: { message: 'internal error: microhedge failed unexpectedly (the server log has the details)' } });
    expect(logged.join('\n')).toMatch(/kaboom in \/srv\/secret\/path\.ts/);
  });

  it('sends security headers with every response', async () => {
    const response = await get('/api/meta');
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'; script-src 'self'/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it('serves the web app from memory: no request path reaches the file system', async () => {
    const index = { body: new TextEncoder().encode('<!doctype html><title>t</title>'), contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache' };
    const web = makeApp({ assets: new Map([['/', index], ['/index.html', index]]) });
    const page = await web.request(`${ORIGIN}/`, { headers: { host: HOST } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/assets/../../src/server/app.ts', '/etc/passwd']) {
      expect((await web.request(`${ORIGIN}${path}`, { headers: { host: HOST } })).status, path).toBe(404);
    }
    expect((await get('/')).status).toBe(503);
  });
});
