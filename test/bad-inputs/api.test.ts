import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, DEFAULT_OPTIONS, type AnalyzeInput } from '../../src/pipeline/analyze.js';
import { loadInputs, SAMPLE } from '../../src/pipeline/load-inputs.js';
import { impliedVolatility, optionGreeks, priceOption } from '../../src/pricing/index.js';
import { createApp } from '../../src/server/app.js';
import { inlineEngine } from '../../src/server/engine.js';
import { HostCheck } from '../../src/server/hosts.js';
import { expectNoUncomputed } from './corpus.js';

// The API's bad-input corpus (api/cases.json): every field of the server's schemas given what it
// must refuse, each answered with the exact status and error body naming the field; and the
// library's public functions given bad arguments, each throwing the exact InputError.

type HttpCase = {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  raw?: string;
  contentType?: string;
  nested?: { prefix: string; open: string; close: string; depth: number; middle?: string; suffix: string };
  multipart?: [string, string | { file: string; text: string }][];
  status: number;
  response: unknown;
};

type LibraryCase = {
  name: string;
  fn: 'priceOption' | 'optionGreeks' | 'impliedVolatility' | 'analyze';
  args?: unknown[];
  portfolio?: unknown;
  prices?: unknown[];
  options?: Record<string, unknown>;
  error: 'InputError' | 'ImpliedVolatilityError';
  message: string;
};

const corpus = JSON.parse(readFileSync(join(process.cwd(), 'test', 'bad-inputs', 'api', 'cases.json'), 'utf8')) as { http: HttpCase[]; library: LibraryCase[] };

/** `{"$repeat": [v, n]}` → n copies of v; `{"$number": "NaN"}` → NaN; `{analysisId}` → the id. */
function revive(v: unknown, id: string): unknown {
  if (typeof v === 'string') return v.replaceAll('{analysisId}', id);
  if (Array.isArray(v)) return v.map((x) => revive(x, id));
  if (v !== null && typeof v === 'object') {
    if ('$repeat' in v) {
      const [item, n] = (v as { $repeat: [unknown, number] }).$repeat;
      return Array.from({ length: n }, () => revive(item, id));
    }
    if ('$number' in v) return Number((v as { $number: string }).$number);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revive(x, id)]));
  }
  return v;
}

/** The strings a request sent, which its error may echo back. */
function stringsIn(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (v !== null && typeof v === 'object') return Object.values(v).flatMap(stringsIn);
  return [];
}

const ORIGIN = 'http://127.0.0.1:4173';
const app = createApp({ engine: inlineEngine(), hosts: new HostCheck('127.0.0.1', 4173), maxUploadBytes: 32 * 1024 * 1024, log: () => undefined });

function request(c: HttpCase, id: string): Promise<Response> {
  const headers: Record<string, string> = { host: '127.0.0.1:4173' };
  const path = c.path.replaceAll('{analysisId}', id);
  if (c.method === 'GET') return Promise.resolve(app.request(`${ORIGIN}${path}`, { headers }));
  if (c.multipart !== undefined) {
    const form = new FormData();
    for (const [name, v] of c.multipart) form.append(name, typeof v === 'string' ? v : new File([v.text], v.file));
    return Promise.resolve(app.request(`${ORIGIN}${path}`, { method: 'POST', headers, body: form }));
  }
  const n = c.nested;
  const body = n !== undefined ? n.prefix + n.open.repeat(n.depth) + (n.middle ?? '') + n.close.repeat(n.depth) + n.suffix
    : c.raw ?? JSON.stringify(revive(c.body, id));
  return Promise.resolve(app.request(`${ORIGIN}${path}`, { method: 'POST', headers: { ...headers, 'content-type': c.contentType ?? 'application/json' }, body }));
}

let analysisId = '';
beforeAll(async () => {
  const response = await app.request(`${ORIGIN}/api/analyze`, {
    method: 'POST', headers: { host: '127.0.0.1:4173', 'content-type': 'application/json' },
    body: JSON.stringify({ options: { hedgeKinds: ['protective-put', 'short-self'] } }),
  });
  expect(response.status).toBe(200);
  analysisId = ((await response.json()) as { analysisId: string }).analysisId;
});

describe('API bad-input corpus: HTTP', () => {
  it('covers every route that takes input', () => {
    const routes = new Set(corpus.http.map((c) => c.path.replace(/\/api\/analyses\/[^/]+\/.*/, '/api/analyses/:id/:file')));
    for (const r of ['/api/analyze', '/api/inputs', '/api/hedge', '/api/analyses/:id/:file']) expect(routes).toContain(r);
    expect(new Set(corpus.http.map((c) => c.name)).size).toBe(corpus.http.length);
  });

  it.each(corpus.http.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const response = await request(c, analysisId);
    const text = await response.text();
    expect({ status: response.status, body: JSON.parse(text) as unknown }).toEqual({ status: c.status, body: revive(c.response, analysisId) });
    expect(text).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+/); // no stack trace
    expectNoUncomputed(text, [c.raw ?? '', ...stringsIn(c.body)]);
  });
});

describe('API bad-input corpus: library', () => {
  let sample: AnalyzeInput;
  beforeAll(async () => { sample = await loadInputs({ ...SAMPLE, cwd: process.cwd() }); });
  const pricing = { priceOption, optionGreeks, impliedVolatility } as Record<string, (...a: unknown[]) => unknown>;

  it.each(corpus.library.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const call = () => (c.fn === 'analyze'
      ? analyze({
        ...sample,
        ...(c.portfolio === undefined ? {} : { portfolio: revive(c.portfolio, '') as AnalyzeInput['portfolio'] }),
        ...(c.prices === undefined ? {} : { prices: c.prices as AnalyzeInput['prices'] }),
      }, { ...DEFAULT_OPTIONS, ...(revive(c.options ?? {}, '') as object) })
      : pricing[c.fn]!(...(revive(c.args, '') as unknown[])));
    let thrown: unknown;
    try {
      call();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect({ error: (thrown as Error).name, message: (thrown as Error).message }).toEqual({ error: c.error, message: c.message });
  });
});
