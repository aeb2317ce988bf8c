import { z } from 'zod';

// The JSON that `price`, `iv`, `chain`, `effectiveness`, `import` and `batch` write with --json
// (analyze, screen, hedge, backtest and compare have theirs beside their renderers in report/).
// Every number is finite (z.number() refuses NaN and ±Infinity); objects are strict, so a field
// added to a command without its schema is caught by the commands' argv tests.

const num = z.number();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const fraction = z.number().describe('decimal fraction (0.05 = 5 %)');

/** A value or the reason it cannot be computed (src/stats/result.ts). */
function estimate<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [z.strictObject({ ok: z.literal(true), value }), z.strictObject({ ok: z.literal(false), reason: z.string() })]);
}

const optionTerms = {
  type: z.enum(['call', 'put']),
  style: z.enum(['european', 'american']),
  spot: num,
  strike: num,
  rate: num.describe('continuously compounded, per year'),
  dividendYield: num.describe('continuously compounded, per year'),
  timeYears: num.describe('ACT/365F'),
};

const greeks = z.strictObject({
  price: num, delta: num,
  gamma: num.nullable().describe('null where it is unbounded (at the forward with no diffusion left): `note` says why'),
  vega: num.describe('per 1.00 of volatility'),
  theta: num.nullable().describe('per year; null where it is unbounded, as gamma'),
  rho: num.describe('per 1.00 of rate'), dividendRho: num.describe('per 1.00 of dividend yield'),
  note: z.string().optional().describe('why a Greek is null'),
});

/** `microhedge price --json`: each option with its value and Greeks. */
export const priceOutputSchema = z.array(z.strictObject({ ...optionTerms, volatility: num, result: greeks }));

/** `microhedge iv --json`: each option price with its implied volatility, or why it has none. */
export const ivOutputSchema = z.array(z.strictObject({
  ...optionTerms,
  price: num,
  result: z.union([z.strictObject({ impliedVolatility: num.describe('annualised') }), z.strictObject({ error: z.string() })]),
}));

/** `microhedge chain --json`: every quote with its mid and the implied volatility solved from it,
 *  or the reason there is none. */
export const chainOutputSchema = z.strictObject({
  underlying: z.string(),
  quoteDate: isoDate,
  underlyingPrice: num,
  style: z.enum(['european', 'american']),
  dividendYield: num,
  quotes: z.array(z.strictObject({
    type: z.enum(['call', 'put']), strike: num, expiry: isoDate, timeYears: num, bid: num, ask: num, mid: num, rate: num,
    vendorImpliedVolatility: num.nullable(),
    impliedVolatility: num.nullable(),
    reason: z.string().nullable().describe('why there is no implied volatility (null when there is one)'),
    detail: z.string().nullable(),
  })),
});

const regressionTest = z.strictObject({
  slope: num, intercept: num, rSquared: fraction, slopeStdError: num, tSlope: num.nullable(), pValue: fraction, n: z.number().int(),
  criteria: z.strictObject({ rSquared: z.boolean(), slope: z.boolean(), significant: z.boolean() }),
  passed: z.boolean(),
});
const variability = z.strictObject({ value: num, passed: z.boolean() });
const offset = { itemChange: num, hedgeChange: num, ratio: num.nullable(), passed: z.boolean() };
const series = z.strictObject({ symbol: z.string(), file: z.string(), column: z.string() });

/** `microhedge effectiveness --json`: the hedge-accounting assessment (src/evaluate/accounting.ts). */
export const effectivenessOutputSchema = z.strictObject({
  item: series,
  instrument: series,
  riskHedged: z.string(),
  calendar: z.strictObject({ from: isoDate, to: isoDate, days: z.number().int() }),
  assessment: z.strictObject({
    period: z.enum(['daily', 'weekly', 'monthly']),
    designationDate: isoDate,
    ratio: num,
    ratioSource: z.enum(['designated', 'minimum-variance']),
    minimumVarianceRatio: estimate(z.strictObject({ ratio: num, stdError: num, n: z.number().int() })),
    prospective: estimate(z.strictObject({
      from: isoDate, to: isoDate, changes: z.number().int(), regression: estimate(regressionTest), variabilityReduction: estimate(variability),
      passed: z.boolean(),
    })),
    retrospective: estimate(z.strictObject({
      from: isoDate, to: isoDate,
      dollarOffset: z.strictObject({
        cumulative: z.strictObject({ ...offset, netChange: num }),
        periods: z.array(z.strictObject(offset)),
        periodsPassed: z.number().int(),
        periodEnds: z.array(isoDate),
      }),
      regression: estimate(regressionTest), variabilityReduction: estimate(variability), passed: z.boolean(),
    })),
    highlyEffective: z.boolean(),
    conclusion: z.string(),
    warnings: z.array(z.string()),
  }),
});

const importWarning = z.strictObject({
  file: z.string(), row: z.number().int().optional(), column: z.string().optional(), value: z.string().optional(),
  kind: z.string(), message: z.string(),
});

/** `microhedge import --json`: what each file put into the store. */
export const importOutputSchema = z.strictObject({
  db: z.string().describe('absolute path of the store'),
  seconds: num,
  files: z.array(z.strictObject({
    file: z.string(), path: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/),
    kind: z.enum(['prices', 'rates', 'chain', 'holdings']),
    names: z.array(z.string()), rows: z.number().int(),
    firstDate: isoDate.nullable(), lastDate: isoDate.nullable(),
    replaced: z.array(z.strictObject({ name: z.string(), previousSource: z.string(), rows: z.number().int() })),
    warnings: z.array(importWarning),
    unchanged: z.boolean(),
  })),
  rows: z.number().int(),
  importedAt: z.iso.datetime(),
});

/** `microhedge batch --json`: one row per portfolio with its status and, when analysed, the
 *  best micro-hedge's figures. */
export const batchOutputSchema = z.strictObject({
  portfolios: z.number().int(),
  skipped: z.number().int(),
  analysed: z.number().int(),
  where: z.string(),
  rows: z.array(z.strictObject({
    id: z.string(), file: z.string(), inputsHash: z.string(),
    status: z.enum(['ok', 'invalid', 'failed', 'pending']),
    error: z.string().nullable(),
    summary: z.strictObject({
      largestHolding: z.string(), largestWeight: fraction, target: z.string(), targetWeight: fraction, currency: z.string(),
      portfolioValue: num, asOf: isoDate, horizonDays: z.number().int(), esLevel: fraction, portfolioEsBefore: num,
      best: z.strictObject({
        kind: z.string(), name: z.string(), costTotal: num, portfolioEsAfter: num, riskRemoved: num, riskRemovedFraction: num,
        varianceReductionPortfolio: num,
      }).nullable(),
    }).nullable(),
    concentrated: z.boolean().nullable(),
  })),
  seconds: z.strictObject({ total: num, market: num, analysis: num }),
  concentrationThreshold: fraction,
});
