import { z } from 'zod';

// The JSON report's contract (docs/report-schema.md). Every number is finite: z.number()
// rejects NaN and ±Infinity, and every report is parsed with this schema before it is written.

const amount = z.number().describe('currency amount');
const fraction = z.number().describe('decimal fraction (0.05 = 5 %)');

const levelFigure = z.object({
  level: fraction.describe('confidence level, e.g. 0.95'),
  amount: amount.describe('loss in currency; positive = a loss'),
  fractionOfValue: fraction.describe('amount / value of the position measured'),
});

export const riskSchema = z.object({
  horizonDays: z.number().int().positive().describe('trading days'),
  mean: amount.describe('mean P&L over the horizon (costs included)'),
  volatility: amount.describe('standard deviation of P&L over the horizon'),
  worstLoss: amount.describe('largest loss among the scenarios; 0 if no scenario loses'),
  probabilityOfLoss: fraction,
  var: z.array(levelFigure).describe('Value at Risk: loss quantile, linear interpolation (Hyndman–Fan 7)'),
  es: z.array(levelFigure).describe('Expected shortfall: mean of the losses at or beyond VaR'),
});

const histogram = z.object({
  edges: z.array(amount).describe('bin edges of P&L in currency, ascending; bins = edges.length − 1'),
  before: z.array(z.number().int().nonnegative()),
  after: z.array(z.number().int().nonnegative()),
});

const legSchema = z.object({
  symbol: z.string(),
  instrument: z.enum(['equity', 'future', 'option', 'bond']),
  quantity: z.number().describe('signed: negative = short; contracts for options and futures'),
  description: z.string(),
});

const costSchema = z.object({
  premium: amount,
  transaction: amount,
  borrow: amount,
  carry: amount,
  total: amount,
  fractionOfTarget: fraction,
});

const contributionSchema = z.object({
  name: z.string().describe('holding symbol, or "hedge: <name>" for a hedge\'s legs as one block'),
  componentVar: amount.describe('Euler contribution to VaR (they sum to VaR)'),
  componentEs: amount.describe('Euler contribution to ES: mean loss of this component in the ES tail (they sum to ES)'),
  shareOfEs: z.number().nullable(),
  weight: z.number().nullable().describe('share of the portfolio\'s market value; null for a hedge block'),
});

const contributionsSchema = z.object({
  method: z.string(),
  levels: z.array(z.object({ level: fraction, var: amount, es: amount, components: z.array(contributionSchema) })),
});

export const outOfSampleSchema = z.object({
  windowDays: z.number().int().describe('trading days each estimate uses'),
  stepDays: z.number().int().describe('trading days each estimate is held, unchanged, before re-estimating'),
  from: z.string(), to: z.string(),
  periods: z.number().int(),
  inSampleVarianceReduction: fraction.describe('R² of the fit that sized today\'s hedge'),
  outOfSampleVarianceReduction: fraction.describe('1 − Var(hedged)/Var(unhedged) over all held periods'),
  hedgeErrorVolatility: z.number().describe('annualised standard deviation of the hedged daily return out of sample'),
  maxDrawdown: z.object({ unhedged: z.number(), hedged: z.number(), unit: z.enum(['fraction', 'price']) })
    .describe('largest peak-to-trough fall over the held periods, the holding alone and hedged'),
  ratioPath: z.array(z.object({ date: z.string(), ratios: z.array(z.number()), stdErrors: z.array(z.number()) })),
  breaks: z.array(z.object({
    test: z.enum(['cusum', 'chow', 'drift']), statistic: z.number(), critical: z.number(), pValue: z.number().optional(),
    date: z.string().optional(), flagged: z.boolean(), detail: z.string(),
  })),
  episodes: z.array(z.object({ name: z.string(), from: z.string(), to: z.string(), outOfSampleVarianceReduction: z.number() })),
  reliability: z.enum(['good', 'fair', 'poor']),
  warnings: z.array(z.string()),
});

export const hedgeReportSchema = z.object({
  kind: z.string(),
  scope: z.enum(['micro', 'macro']).describe('micro: a hedge of the target; macro: of the whole portfolio (the contrast)'),
  name: z.string(),
  legs: z.array(legSchema),
  parameters: z.record(z.string(), z.union([z.number(), z.string()])),
  cost: costSchema,
  rationale: z.string(),
  asset: z.object({ before: riskSchema, after: riskSchema }),
  portfolio: z.object({ before: riskSchema, after: riskSchema }),
  varianceReduction: z.object({
    asset: fraction.describe('1 − Var(after)/Var(before) of the target + legs'),
    portfolio: fraction.describe('1 − Var(after)/Var(before) of the portfolio + legs'),
  }),
  distribution: z.object({ asset: histogram, portfolio: histogram }),
  contributions: contributionsSchema.describe('Euler risk contributions of the holdings and the hedge block after hedging'),
  ranking: z.object({
    annualCost: amount.describe('entry costs spread over the hedge\'s term + running costs at their yearly rate'),
    esReduction: amount.describe('portfolio ES removed at the highest level'),
    esReductionPerCost: z.number().nullable().describe('ES removed per 1.00 of cost a year'),
    efficient: z.boolean().describe('no hedge cheaper per year leaves a lower portfolio ES'),
    rank: z.number().int().positive().describe('1 = most ES removed per unit of cost'),
    bestScale: z.number().describe('multiple of the proposed size that minimises portfolio ES within the budget'),
    esAtBestScale: amount,
    costAtBestScale: amount,
  }),
  payoff: z.object({
    underlying: z.string(),
    spot: amount,
    includesHolding: z.boolean().describe('false for options on an index: the lines are the legs alone'),
    expiry: z.string().describe('the first expiry of the option legs'),
    points: z.array(z.object({
      price: amount.describe('underlying price'),
      unhedged: amount.describe('P&L of the holding alone'),
      atHorizon: amount.describe('P&L of holding + legs at the risk horizon, legs repriced by the model, cost included'),
      atExpiry: amount.describe('P&L of holding + legs at expiry (intrinsic values), cost included'),
    })),
  }).optional().describe('payoff diagram of an option hedge (absent for other hedges)'),
  outOfSample: outOfSampleSchema.nullable().describe('walk-forward test of a hedge sized by a regression on history (docs/evaluation.md)'),
  outOfSampleNote: z.string().describe('why there is no out-of-sample test, or a one-line summary of it'),
  warnings: z.array(z.string()),
});

const holdingSchema = z.object({
  symbol: z.string(),
  quantity: z.number(),
  price: amount,
  value: amount,
  weight: fraction,
});

export const concernSummarySchema = z.object({
  selection: z.enum(['given', 'screen']).describe('screen: the target is the concern screen\'s top holding'),
  why: z.string().describe('why this holding, in words'),
  method: z.string(),
  holdings: z.array(z.object({
    symbol: z.string(),
    rank: z.number().int().positive(),
    score: z.number(),
    valueShare: fraction,
    esShare: z.number().nullable(),
    summary: z.string(),
    flags: z.array(z.string()).describe('the sentences of the flags raised'),
  })).describe('the most concerning holdings (docs/screen.md)'),
});

export const reportSchema = z.object({
  schemaVersion: z.literal(1),
  generator: z.object({ name: z.literal('microhedge'), version: z.string() }),
  target: z.string(),
  currency: z.string(),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  horizonDays: z.number().int().positive(),
  confidence: z.array(fraction),
  seed: z.number().int(),
  scenarios: z.object({
    method: z.enum(['historical', 'fhs', 'bootstrap', 'mc-normal', 'mc-t', 'stress']),
    description: z.string().describe('one line: method, model choices, lookback, horizon, count, seed'),
    count: z.number().int().positive(),
    lookbackDays: z.number().int().positive(),
    seeded: z.boolean().describe('whether the method draws random numbers (from `seed`)'),
    dataFrom: z.string().describe('first date of the history the scenarios are estimated from'),
    dataTo: z.string(),
    labels: z.array(z.string()).optional().describe('stress only: the name of each scenario'),
  }),
  market: z.object({
    rate: z.object({ value: fraction.describe('continuously compounded, per year'), source: z.string() }),
    targetPrice: amount,
    targetVolatility: z.object({ value: fraction.nullable().describe('annualised; null when undefined (non-positive prices)'), method: z.string() }),
    dividendYield: z.object({ value: fraction, source: z.string() }),
  }),
  data: z.object({
    firstDate: z.string(),
    lastDate: z.string(),
    symbols: z.array(z.string()),
    policy: z.string().describe('the missing-data policy, in words'),
    notes: z.array(z.string()).describe('what the policy did: fills, dropped symbols, a shortened lookback'),
    warnings: z.array(z.string()).describe('suspect values found on import'),
  }),
  concern: concernSummarySchema.describe('which holding deserves a hedge: the concern screen'),
  asset: z.object({ symbol: z.string(), quantity: z.number(), value: amount, weight: fraction, risk: riskSchema }),
  portfolio: z.object({
    value: amount, cash: amount, holdings: z.array(holdingSchema), risk: riskSchema,
    contributions: contributionsSchema.describe('Euler risk contributions of each holding before hedging'),
  }),
  hedges: z.array(hedgeReportSchema),
  combination: z.object({
    hedges: z.array(z.object({ name: z.string(), scale: z.number() })),
    es: amount, cost: amount, esReduction: amount,
  }).nullable().describe('the pair of efficient hedges, each sized, with the lowest portfolio ES within the budget'),
  smile: z.object({
    source: z.string().describe('the chain: file, quote date, exercise style, how IVs were solved'),
    expiries: z.array(z.object({
      expiry: z.string(),
      days: z.number().int().describe('calendar days to expiry'),
      points: z.array(z.object({
        type: z.enum(['call', 'put']),
        strike: amount.describe('in the price history\'s basis'),
        moneyness: z.number().describe('strike / spot'),
        impliedVolatility: z.number().describe('annualised, of the mid quote'),
      })),
    })),
  }).optional().describe('implied-volatility smile of the target\'s chain when one quoted on the as-of date is loaded'),
});

export type Report = z.infer<typeof reportSchema>;
export type ConcernSummary = z.infer<typeof concernSummarySchema>;
export type HedgeReport = z.infer<typeof hedgeReportSchema>;
export type OutOfSample = z.infer<typeof outOfSampleSchema>;
export type RiskFigures = z.infer<typeof riskSchema>;
