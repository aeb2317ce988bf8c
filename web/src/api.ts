// The page's side of the API (docs/web.md). Types of the report and of custom hedges come from
// the library, so the page reads exactly what the CLI writes and the server checks.
import type { HedgeEvaluation, HedgeSpec, OptionTermsOnOffer as OptionTerms, Payoff } from '../../src/pipeline/custom-hedge.js';
import type { HedgeReport, Report } from '../../src/report/schema.js';

export type { HedgeReport, HedgeSpec, OptionTerms, Payoff, Report };

export type Meta = {
  version: string;
  samples: { name: string; description: string }[];
  scenarioMethods: string[];
  hedgeKinds: { kind: string; summary: string; scope: 'micro' | 'macro' }[];
  defaults: { horizonDays: number; lookbackDays: number; confidence: number[]; seed: number; scenarioMethod: string; scenarioCount: number };
  limits: { maxUploadBytes: number; maxFiles: number };
};

export type InputsSummary = {
  inputsId: string;
  source: string;
  files: { name: string; kind: string; detail: string }[];
  asOf: string;
  currency: string;
  portfolioValue: number;
  cash: number;
  holdings: { symbol: string; quantity: number; price: number; value: number; valueShare: number; esShare: number | null; rank: number; summary: string }[];
  suggestedTarget: string;
  why: string;
  symbols: string[];
  warnings: string[];
};

export type Analysis = { analysisId: string; inputsId: string; report: Report };

export type AnalysisOptions = {
  target?: string;
  horizonDays?: number;
  lookbackDays?: number;
  confidence?: number[];
  seed?: number;
  scenarioMethod?: string;
  scenarioCount?: number;
  constraints?: { budget?: number; noShortTarget?: boolean };
};

/** What the server adds to the library's evaluation: its compute time in ms. */
export type HedgeResult = HedgeEvaluation & { computeMs: number };

/** An error the server explained: its one-line message names the field or file. */
export class ApiError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError('the server cannot be reached: is `microhedge serve` still running?', 0);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(`the server answered ${response.status} ${response.statusText}`, response.status);
  }
  if (!response.ok) {
    const message = (body as { error?: { message?: string } }).error?.message ?? `the server answered ${response.status}`;
    throw new ApiError(message, response.status);
  }
  return body as T;
}

const json = (body: unknown, signal?: AbortSignal): RequestInit => ({
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), ...(signal ? { signal } : {}),
});

export const api = {
  meta: () => call<Meta>('/api/meta'),
  sample: (name: string) => call<InputsSummary>('/api/inputs', json({ sample: name })),
  upload(files: readonly File[], dateOrder?: 'month-first' | 'day-first'): Promise<InputsSummary> {
    const form = new FormData();
    for (const f of files) form.append('files', f, f.name);
    if (dateOrder !== undefined) form.append('dateOrder', dateOrder);
    return call<InputsSummary>('/api/inputs', { method: 'POST', body: form });
  },
  analyze: (inputsId: string, options: AnalysisOptions, signal?: AbortSignal) => call<Analysis>('/api/analyze', json({ inputsId, options }, signal)),
  hedge: (analysisId: string, hedge: HedgeSpec, signal?: AbortSignal) => call<HedgeResult>('/api/hedge', json({ analysisId, hedge }, signal)),
  terms: (analysisId: string) => call<OptionTerms>(`/api/analyses/${analysisId}/market`),
  download: (analysisId: string, file: string) => `/api/analyses/${analysisId}/${file}`,
};
