import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HedgeContext } from '../../src/hedges/types.js';
import { DEFAULT_OPTIONS, prepare, type AnalyzeInput, type AnalyzeOptions, type Prepared } from '../../src/pipeline/analyze.js';
import { loadInputs, SAMPLE } from '../../src/pipeline/load-inputs.js';
import { annualisedVolatility } from '../../src/stats/descriptive.js';
import { logReturns } from '../../src/stats/returns.js';

type BasisReference = {
  last: number; mean: number; stdDev: number; dailyChangeStdDev: number; worstFall: number; worstRise: number;
  worstFallStart: string; worstRiseStart: string;
};
type ContractReference = {
  slope: number; slopeStdError: number; rSquared: number; n: number; basis: BasisReference;
  rollSpreads: { count: number; mean: number; dates: string[] }; spreadNow: number;
};
type BetaReference = { asOf: string; dollarBeta: number; portfolioValue: number; beta: number; observations: number; spy: number; es?: number };

/** The vectors of test/reference/hedges/make-futures-vectors.py. */
export type FuturesVectors = {
  calendars: Record<'CL' | 'NG' | 'HO' | 'RB' | 'BRN', { lastTradingDays: string[]; evidence: { months: number; agree: number } }>;
  energy: { asOf: string; firstDate: string; days: number; rollDays: number; rollDates: string[]; CL01: ContractReference; CL02: ContractReference };
  betas: { energy: BetaReference; default: BetaReference; default2010: BetaReference };
  tailing: { rate: number; years: number; factor: number }[];
};

export const vectors = JSON.parse(readFileSync('test/reference/hedges/futures-vectors.json', 'utf8')) as FuturesVectors;

const DIR = join(process.cwd(), 'data', 'sample');

/** The energy sample's files: the portfolio and the four price files it needs. */
export const ENERGY = {
  portfolio: join(DIR, 'energy-portfolio.csv'),
  prices: ['stocks_19_2004-2024.csv', 'sector_etfs_2004-2025.csv', 'wti_spot_eia_2007-2026.csv', 'energy_futures_nearby_2007-2025.csv']
    .map((f) => join(DIR, f)),
  rates: SAMPLE.rates,
  chains: [] as string[],
};

let energy: Promise<AnalyzeInput> | undefined;

/** The energy sample's inputs, read once per test file. */
export function energyInput(): Promise<AnalyzeInput> {
  energy ??= loadInputs({ ...ENERGY, cwd: process.cwd() });
  return energy;
}

/** prepare() on the energy sample (target: the largest holding, the WTI inventory). */
export async function energyPrepared(options: Partial<AnalyzeOptions> = {}): Promise<Prepared> {
  return prepare(await energyInput(), { ...DEFAULT_OPTIONS, ...options });
}

/** The context with `symbol`'s volatility in the snapshot, estimated as prepare estimates the
 *  target's (sample standard deviation of the lookback's daily log returns × √252): what the
 *  macro index put needs to be valued by the scenario engine. */
export function withVolatility(ctx: HedgeContext, symbol: string): HedgeContext {
  const prices = ctx.history.columns[ctx.history.symbols.indexOf(symbol)]!;
  const volatility = annualisedVolatility(logReturns(prices.subarray(ctx.asOfIndex - ctx.lookbackDays, ctx.asOfIndex + 1)));
  return { ...ctx, snapshot: { ...ctx.snapshot, volatilities: { ...ctx.snapshot.volatilities, [symbol]: volatility } } };
}
