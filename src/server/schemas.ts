import { z } from 'zod';
import { configSchema, TICKER, TICKER_EXPECTED, withConfig } from '../pipeline/config.js';
import type { DateOrder } from '../data/types.js';
import { InputError } from '../domain/errors.js';
import { issueDetails } from '../pipeline/issues.js';
import { hedgeKinds } from '../hedges/registry.js';
import { DEFAULT_OPTIONS, type AnalyzeOptions } from '../pipeline/analyze.js';

// Every request body the server accepts, as zod schemas. A body that fails is answered 400 with
// the first issue as an InputError naming the field (`options.horizonDays`), what was expected and
// the value sent, like the CLI's one-line errors.

export const SAMPLE_NAMES = ['equity', 'energy'] as const;
export type SampleName = (typeof SAMPLE_NAMES)[number];

/** Files one request may upload, and the longest file name kept (names only label messages). */
export const MAX_FILES = 20;
export const MAX_NAME_LENGTH = 200;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'a date YYYY-MM-DD' })
  .refine((s) => {
    // Runs after a failed pattern too, so an unparsable string must not reach toISOString.
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, { error: 'a calendar date YYYY-MM-DD' });
// The holdings reader's ticker rule (src/data/holdings.ts), upper-cased as the CLI does.
const symbol = z.string().regex(TICKER, { error: TICKER_EXPECTED }).transform((s) => s.toUpperCase());
const kindNames = hedgeKinds.map((k) => k.kind) as [string, ...string[]];

/** The analysis options: the fields of microhedge.config.json (docs/user-guide.md §7) and the
 *  analyze flags that are not about files. Everything is optional; defaults are the CLI's. */
export const optionsSchema = configSchema.extend({
  target: symbol.optional(),
  asOf: isoDate.optional(),
  hedgeKinds: z.array(z.enum(kindNames)).min(1).max(kindNames.length)
    .refine((k) => new Set(k).size === k.length, { error: 'each hedge kind at most once' }).optional(),
  shocks: z.array(z.object({
    name: z.string().min(1).max(100).optional(),
    moves: z.record(symbol, z.number().gt(-1, { error: 'a move above −1 (a decimal: −0.3 = −30 %)' }))
      .refine((m) => Object.keys(m).length > 0, { error: 'at least one symbol → move' }),
  }).strict()).max(20).optional(),
}).strict().superRefine((o, ctx) => {
  const horizonDays = o.horizonDays ?? DEFAULT_OPTIONS.horizonDays;
  // As the CLI's --lookback: the scenarios need the horizon plus 30 windows of history.
  if (o.lookbackDays !== undefined && o.lookbackDays < horizonDays + 30) {
    ctx.addIssue({ code: 'custom', path: ['lookbackDays'], input: o.lookbackDays, message: `at least the horizon + 30 = ${horizonDays + 30} trading days` });
  }
});

export type OptionsInput = z.infer<typeof optionsSchema>;

const uploadedFile = z.object({
  name: z.string().min(1).max(MAX_NAME_LENGTH),
  text: z.string(),
}).strict();

export type UploadedFile = z.infer<typeof uploadedFile>;

/** How uploaded files' dates are read (the CLI's `--date-order` and `--latest-date`). */
export type UploadDates = { dateOrder?: DateOrder; latestDate?: string };

/** Where the portfolio and its market data come from: an embedded sample or uploaded files (the
 *  holdings CSV and price files; optionally a FRED DTB3 file and option chains). */
export type InputsSource = { sample: SampleName } | ({ files: UploadedFile[] } & UploadDates);

const dateFields = {
  dateOrder: z.enum(['month-first', 'day-first']).optional(),
  latestDate: isoDate.optional(),
};

/** The date fields name files' dates: with a sample or a stored id there are none to read. */
function datesNeedFiles(b: { files?: unknown; dateOrder?: unknown; latestDate?: unknown }, ctx: z.RefinementCtx): void {
  if (b.files !== undefined) return;
  const field = (['dateOrder', 'latestDate'] as const).find((k) => b[k] !== undefined);
  if (field !== undefined) {
    ctx.addIssue({ code: 'custom', path: [field], input: b[field], message: 'no date-reading field without "files" (it says how uploaded files\' dates are read)' });
  }
}

/** `POST /api/inputs` as JSON: exactly one of `sample` or `files`; with files, how their dates
 *  are read. */
export const inputsBodySchema = z.object({
  sample: z.enum(SAMPLE_NAMES).optional(),
  files: z.array(uploadedFile).min(1).max(MAX_FILES).optional(),
  ...dateFields,
}).strict().superRefine((b, ctx) => {
  if ((b.sample === undefined) === (b.files === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['sample'], input: b.sample, message: 'either "sample" or "files", not both and not neither' });
  }
  datesNeedFiles(b, ctx);
});

/** `POST /api/analyze` as JSON: the inputs (a previous `inputsId`, a sample or files; none = the
 *  equity sample, like `microhedge analyze` with no flags) and the options. */
export const analyzeBodySchema = z.object({
  inputsId: z.string().regex(/^[a-z0-9-]{1,80}$/, { error: 'an inputsId returned by POST /api/inputs' }).optional(),
  sample: z.enum(SAMPLE_NAMES).optional(),
  files: z.array(uploadedFile).min(1).max(MAX_FILES).optional(),
  ...dateFields,
  options: optionsSchema.optional(),
}).strict().superRefine((b, ctx) => {
  const given = (['inputsId', 'sample', 'files'] as const).filter((k) => b[k] !== undefined);
  if (given.length > 1) {
    ctx.addIssue({ code: 'custom', path: [given[1]!], input: b[given[1]!], message: `only one of inputsId, sample and files (${given.join(' and ')} were given)` });
  }
  datesNeedFiles(b, ctx);
});

/** The uploads of a parsed body with their date fields, as an inputs source. */
export function uploadSource(b: { files: UploadedFile[] } & UploadDates): InputsSource {
  return {
    files: b.files,
    ...(b.dateOrder === undefined ? {} : { dateOrder: b.dateOrder }),
    ...(b.latestDate === undefined ? {} : { latestDate: b.latestDate }),
  };
}

const positive = z.number().positive();
const contracts = z.number().int().min(1, { error: 'at least 1 contract' });

/** A hedge to evaluate on an analysis' scenarios: one the report proposed (by name), a put or a
 *  collar on the target with chosen terms, or a proposed hedge without option legs resized. */
export const hedgeSpecSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('proposed'), name: z.string().min(1).max(200) }).strict(),
  z.object({ type: z.literal('put'), expiry: isoDate, strike: positive, contracts }).strict(),
  z.object({ type: z.literal('collar'), expiry: isoDate, putStrike: positive, callStrike: positive, contracts }).strict(),
  z.object({
    type: z.literal('scale'), name: z.string().min(1).max(200),
    ratio: z.number().gt(0, { error: 'a ratio above 0' }).max(5, { error: 'a ratio of at most 5 × the proposed size' }),
  }).strict(),
], { error: 'a hedge "type": proposed, put, collar or scale' });

export type HedgeSpec = z.infer<typeof hedgeSpecSchema>;

const analysisId = z.string().regex(/^[0-9a-f]{32}$/, { error: 'an analysisId returned by POST /api/analyze' });

/** `POST /api/hedge`. */
export const hedgeBodySchema = z.object({ analysisId, hedge: hedgeSpecSchema }).strict();

export const analysisIdSchema = analysisId;

/** The downloads of an analysis (`GET /api/analyses/:id/:file`). */
export const DOWNLOADS = ['report.json', 'report.html', 'hedges.csv', 'concern.csv', 'holdings.csv', 'risk.csv', 'out-of-sample.csv', 'payoff.csv', 'smile.csv'] as const;
export type DownloadName = (typeof DOWNLOADS)[number];

/** The options the pipeline runs with: the CLI's defaults under the request's fields. */
export function analyzeOptions(o: OptionsInput = {}): AnalyzeOptions {
  const { target, asOf, hedgeKinds: kinds, shocks, ...config } = o;
  return {
    ...withConfig(DEFAULT_OPTIONS, config),
    ...(target === undefined ? {} : { target }),
    ...(asOf === undefined ? {} : { asOf }),
    ...(kinds === undefined ? {} : { hedgeKinds: kinds }),
    ...(shocks === undefined ? {} : { shocks: shocks.map((s, i) => ({ name: s.name ?? `user shock ${i + 1}`, moves: s.moves })) }),
  };
}

/** Parses `body` with `schema`, or throws the first issue as an InputError whose `file` is the
 *  field's path under `root` (e.g. `options.horizonDays`). */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, root = ''): z.output<S> {
  const result = schema.safeParse(body, { reportInput: true });
  if (result.success) return result.data;
  throw new InputError(issueDetails(result.error.issues[0]!, 'a field of the API (this one is unknown; see docs/web.md)', root));
}
