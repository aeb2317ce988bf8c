import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { decodeText } from '../data/encoding.js';
import { MAX_JSON_DEPTH, nestedAtMost } from '../data/json-syntax.js';
import { InputError, type InputErrorDetails } from '../domain/errors.js';
import { hedgeKinds } from '../hedges/registry.js';
import { DEFAULT_OPTIONS, type AnalyzeOptions } from '../pipeline/analyze.js';
import { VERSION } from '../report/build.js';
import { SCENARIO_METHODS } from '../scenarios/build.js';
import type { WebAssets } from './assets.js';
import { BusyError, TaskBug, TimeLimitError, type Engine } from './engine.js';
import type { HostCheck } from './hosts.js';
import {
  analysisIdSchema, analyzeBodySchema, analyzeOptions, DOWNLOADS, hedgeBodySchema, inputsBodySchema, MAX_FILES, parseBody,
  MAX_NAME_LENGTH, SAMPLE_NAMES, uploadSource, type DownloadName, type InputsSource, type UploadedFile,
} from './schemas.js';
import type { Task, TaskValue } from './tasks.js';

export type AppOptions = {
  engine: Engine;
  hosts: HostCheck;
  /** The built web app; absent: the API alone (the page answers 503 saying how to build it). */
  assets?: WebAssets;
  /** Largest request body with uploads (POST /api/inputs, /api/analyze), bytes. */
  maxUploadBytes: number;
  /** Where bugs are logged (with their stack, which the client never sees). */
  log: (line: string) => void;
};

/** Bodies without uploads are small: a hedge's terms, an id. */
const MAX_JSON_BYTES = 64 * 1024;

/** Uploaded inputs kept for later analyses (the texts, by content), bounded in count and size. */
const KEPT_UPLOADS = 16;
const KEPT_UPLOAD_BYTES = 256 * 1024 * 1024;
/** Analyses remembered (their inputs id and options: a few hundred bytes each). */
const KEPT_ANALYSES = 2000;

// Some messages of the library name the CLI's flags; the API names its own fields.
const FIELD_OF_FLAG: Record<string, string> = {
  '--target': 'options.target', '--as-of': 'options.asOf', '--hedges': 'options.hedgeKinds', '--lookback': 'options.lookbackDays',
  '--horizon': 'options.horizonDays', '--shock': 'options.shocks', '--scenarios': 'options.scenarioMethod',
};

/** The HTTP API and the web app (docs/web.md). Thin like the CLI: parse and validate, hand the
 *  work to the engine's compute threads, send what they return. Testable in-process with
 *  `app.request(url, init)`. */
export function createApp(o: AppOptions): Hono {
  const app = new Hono();
  const uploads = new Map<string, { source: InputsSource; bytes: number }>();
  const analyses = new Map<string, { inputsId: string; options: AnalyzeOptions }>();

  app.use('*', async (c, next) => {
    if (!o.hosts.allows(c.req.header('host'))) {
      // DNS rebinding: a request addressed to another name is not for this server.
      return c.json(errorBody({ file: 'Host', value: c.req.header('host') ?? '', expected: 'a host name this server listens as (see microhedge serve --allow-host)' }), 403);
    }
    const origin = c.req.header('origin');
    const fetchSite = c.req.header('sec-fetch-site');
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && ((origin !== undefined && !o.hosts.allowsOrigin(origin)) || fetchSite === 'cross-site')) {
      // Another site's page may not post to this server (cross-site request forgery).
      return c.json(errorBody({ file: 'Origin', value: origin ?? fetchSite ?? '', expected: 'a request from this server\'s own page' }), 403);
    }
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Content-Security-Policy',
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  });

  const uploadLimit = bodyLimit({ maxSize: o.maxUploadBytes, onError: (c) => tooLarge(c, o.maxUploadBytes) });
  const jsonLimit = bodyLimit({ maxSize: MAX_JSON_BYTES, onError: (c) => tooLarge(c, MAX_JSON_BYTES) });

  app.get('/api/health', (c) => c.json({ ok: true, version: VERSION, threads: o.engine.threads }));

  app.get('/api/meta', (c) => c.json({
    version: VERSION,
    samples: SAMPLE_NAMES.map((name) => ({ name, description: SAMPLE_DESCRIPTIONS[name] })),
    scenarioMethods: SCENARIO_METHODS,
    hedgeKinds: hedgeKinds.map((k) => ({ kind: k.kind, summary: k.summary, scope: k.scope ?? 'micro' })),
    defaults: {
      horizonDays: DEFAULT_OPTIONS.horizonDays, lookbackDays: DEFAULT_OPTIONS.lookbackDays, confidence: DEFAULT_OPTIONS.confidence,
      seed: DEFAULT_OPTIONS.seed, scenarioMethod: DEFAULT_OPTIONS.scenarioMethod, scenarioCount: DEFAULT_OPTIONS.scenarioCount,
    },
    limits: { maxUploadBytes: o.maxUploadBytes, maxFiles: MAX_FILES },
  }));

  app.post('/api/inputs', uploadLimit, async (c) => {
    const body = parseBody(inputsBodySchema, await readBody(c));
    const { inputsId, source } = register(body.sample === undefined ? uploadSource({ ...body, files: body.files! }) : { sample: body.sample });
    return send(c, await o.engine.run({ op: 'inputs', inputsId, source }));
  });

  app.post('/api/analyze', uploadLimit, async (c) => {
    const body = parseBody(analyzeBodySchema, await readBody(c));
    const { inputsId, source } = body.inputsId !== undefined ? known(body.inputsId)
      : register(body.files !== undefined ? uploadSource({ ...body, files: body.files }) : { sample: body.sample ?? 'equity' });
    const options = analyzeOptions(body.options);
    const analysisId = digest(`${inputsId}\n${canonicalJson(options)}`);
    remember(analyses, analysisId, { inputsId, options }, KEPT_ANALYSES);
    return send(c, await o.engine.run({ op: 'analyze', inputsId, source, analysisId, options }));
  });

  app.post('/api/hedge', jsonLimit, async (c) => {
    const body = parseBody(hedgeBodySchema, await readBody(c));
    return send(c, await o.engine.run({ op: 'hedge', ...onAnalysis(body.analysisId, 'analysisId'), spec: body.hedge }));
  });

  app.get('/api/analyses/:id/market', async (c) => {
    const id = parseBody(analysisIdSchema, c.req.param('id'), 'analysisId');
    return send(c, await o.engine.run({ op: 'market', ...onAnalysis(id, 'analysisId') }));
  });

  app.get('/api/analyses/:id/:file', async (c) => {
    const id = parseBody(analysisIdSchema, c.req.param('id'), 'analysisId');
    const file = c.req.param('file');
    if (!(DOWNLOADS as readonly string[]).includes(file)) {
      return c.json(errorBody({ file: 'path', value: file, expected: `a download: ${DOWNLOADS.join(', ')}` }), 404);
    }
    return send(c, await o.engine.run({ op: 'download', ...onAnalysis(id, 'analysisId'), file: file as DownloadName }));
  });

  app.all('/api/*', (c) => c.json(errorBody({ file: 'path', value: c.req.path, expected: 'an API route (docs/web.md)' }), 404));

  app.on(['GET', 'HEAD'], '*', (c) => {
    if (o.assets === undefined) {
      return c.text('The web app is not built: run `npm run build` (the API under /api works without it).\n', 503);
    }
    const asset = o.assets.get(c.req.path);
    if (asset === undefined) return c.text('Not found\n', 404);
    c.header('Content-Type', asset.contentType);
    c.header('Cache-Control', asset.cacheControl);
    return c.body(asset.body as Uint8Array<ArrayBuffer>);
  });

  app.onError((e, c) => {
    if (e instanceof InputError) return c.json(errorBody(apiDetails(e.details)), 400);
    if (e instanceof UnknownId) return c.json(errorBody(e.details), 404);
    if (e instanceof TimeLimitError) return c.json(errorBody({ expected: `a computation that finishes in time: ${e.message}; try fewer scenarios` }), 503);
    if (e instanceof BusyError) {
      c.header('Retry-After', '2');
      return c.json(errorBody({ expected: `a moment's patience: ${e.message}` }), 503);
    }
    if (e instanceof HTTPException) return c.json(errorBody({ expected: e.message || 'a valid request' }), e.status);
    if (c.req.raw.signal.aborted || (e as NodeJS.ErrnoException).code === 'ECONNRESET') {
      // The client went away mid-request (or was cut off as too slow): not a bug, and nobody reads this.
      return c.json(errorBody({ file: '(body)', expected: 'a complete request (the connection closed before it was all sent)' }), 400);
    }
    o.log(`microhedge serve: bug while answering ${c.req.method} ${c.req.path}: ${e instanceof TaskBug ? e.detail : (e.stack ?? e.message)}`);
    return c.json({ error: { message: 'internal error: microhedge failed unexpectedly (the server log has the details)' } }, 500);
  });

  /** Keeps an upload's texts (or names a sample) under a content-addressed id. */
  function register(source: InputsSource): { inputsId: string; source: InputsSource } {
    if ('sample' in source) return { inputsId: `sample-${source.sample}`, source };
    // The date fields change how the same texts read, so they are part of the id.
    const dates = `${source.dateOrder ?? ''}\n${source.latestDate ?? ''}`;
    const inputsId = `upload-${digest(`${dates}\n${source.files.map((f) => `${f.name}\n${f.text.length}\n${f.text}`).join('\n')}`)}`;
    remember(uploads, inputsId, { source, bytes: source.files.reduce((n, f) => n + f.text.length, 0) }, KEPT_UPLOADS);
    let bytes = 0;
    for (const [id, u] of [...uploads].reverse()) {
      bytes += u.bytes;
      if (bytes > KEPT_UPLOAD_BYTES && id !== inputsId) uploads.delete(id);
    }
    return { inputsId, source };
  }

  function known(inputsId: string): { inputsId: string; source: InputsSource } {
    const sample = SAMPLE_NAMES.find((s) => inputsId === `sample-${s}`);
    if (sample !== undefined) return { inputsId, source: { sample } };
    const upload = uploads.get(inputsId);
    if (upload === undefined) {
      throw new UnknownId({ file: 'inputsId', value: inputsId, expected: `the id of inputs the server still holds (it keeps the last ${KEPT_UPLOADS} uploads): upload the files again` });
    }
    return { inputsId, source: upload.source };
  }

  function onAnalysis(analysisId: string, field: string): Omit<Task & { op: 'market' }, 'op'> {
    const a = analyses.get(analysisId);
    if (a === undefined) {
      throw new UnknownId({ file: field, value: analysisId, expected: `the id of an analysis the server still holds (it keeps the last ${KEPT_ANALYSES}): run the analysis again` });
    }
    return { ...known(a.inputsId), analysisId, options: a.options };
  }

  return app;
}

const SAMPLE_DESCRIPTIONS: Record<(typeof SAMPLE_NAMES)[number], string> = {
  equity: '13 US holdings with 31 % in AAPL, real prices to 2024-11-29',
  energy: 'an energy book: 40,000 barrels of crude (WTI spot) with NYMEX futures, oil producers and other shares',
};

class UnknownId extends Error {
  constructor(readonly details: InputErrorDetails) {
    super(details.expected);
  }
}

/** The body as JSON or as multipart/form-data (`files` fields, and `sample`, `inputsId` or
 *  `options` (JSON text) fields), turned into the same object for the schemas to check. */
async function readBody(c: Context): Promise<unknown> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    return parseJson(await c.req.text(), { file: '(body)', expected: 'a JSON object (the body is not valid JSON)' });
  }
  if (type.startsWith('multipart/form-data')) {
    let form: Record<string, string | File | (string | File)[]>;
    try {
      form = await c.req.parseBody({ all: true });
    } catch {
      throw new InputError({ file: '(body)', expected: 'a well-formed multipart/form-data body' });
    }
    const body: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(form)) {
      const values = Array.isArray(raw) ? raw : [raw];
      if (key === 'files') {
        const files: UploadedFile[] = [];
        for (const v of values) {
          if (!(v instanceof File)) throw new InputError({ file: 'files', expected: 'uploaded files, not text fields' });
          const name = v.name || 'upload';
          // Decoded as a file read from disk is: UTF-8, or UTF-16 with a byte-order mark.
          // (A name too long for the schema, which refuses it next, is shortened in the message.)
          const text = decodeText(new Uint8Array(await v.arrayBuffer()), name.length <= MAX_NAME_LENGTH ? name : `${name.slice(0, MAX_NAME_LENGTH)}…`);
          files.push({ name, text });
        }
        body.files = files;
      } else if (key === 'options') {
        const text = values[0];
        body.options = typeof text === 'string' ? parseJson(text, { file: 'options', value: text, expected: 'a JSON object of analysis options' }) : undefined;
      } else {
        body[key] = values.length === 1 ? values[0] : values;
      }
    }
    return body;
  }
  throw new HTTPException(415, { message: 'a body of type application/json or multipart/form-data' });
}

/** `text` parsed as JSON, or the error `invalid` (or one saying it nests too deep). */
function parseJson(text: string, invalid: InputErrorDetails): unknown {
  if (!nestedAtMost(text, MAX_JSON_DEPTH)) {
    throw new InputError({ file: invalid.file, expected: `JSON with arrays and objects nested at most ${MAX_JSON_DEPTH} levels deep` });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new InputError(invalid);
  }
}

function send(c: Context, v: TaskValue): Response {
  c.header('Content-Type', v.contentType);
  if (v.filename !== undefined) c.header('Content-Disposition', `attachment; filename="${v.filename}"`);
  return c.body(v.body);
}

function tooLarge(c: Context, bytes: number): Response {
  return c.json(errorBody({ file: '(body)', expected: `a request body of at most ${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 0)} MB (serve --max-upload-mb)` }), 413 as ContentfulStatusCode);
}

/** Longest value echoed back in an error: a whole upload sent in the wrong field is not sent back. */
const ECHOED_LENGTH = 200;

/** `{ error: { message, field, expected, value? } }`: the one-line message of the CLI and its parts. */
function errorBody(d: InputErrorDetails) {
  const e = new InputError(d);
  const value = d.value === undefined || d.value.length <= ECHOED_LENGTH ? d.value : `${d.value.slice(0, ECHOED_LENGTH)}…`;
  return { error: { message: e.message, field: d.file ?? null, expected: d.expected, ...(value === undefined ? {} : { value }), ...(d.row === undefined ? {} : { row: d.row }), ...(d.column === undefined ? {} : { column: d.column }) } };
}

function apiDetails(d: InputErrorDetails): InputErrorDetails {
  const field = d.file === undefined ? undefined : FIELD_OF_FLAG[d.file];
  return field === undefined ? d : { ...d, file: field };
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** JSON with object keys sorted, so equal options give equal ids whatever their order. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

function remember<V>(map: Map<string, V>, key: string, value: V, capacity: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > capacity) map.delete(map.keys().next().value as string);
}
