import { InputError } from '../domain/errors.js';
import { optionTerms, type HedgeLab, type HedgeSpec } from '../pipeline/custom-hedge.js';
import type { HedgeReport } from '../report/schema.js';
import { integerFlag, positiveNumberFlag } from './args.js';

/** The kind-specific flags of `microhedge hedge KIND`: the user's own terms, evaluated beside the
 *  proposed candidates on the same scenarios. */
export const TERM_FLAGS = {
  strike: { type: 'string' },
  'put-strike': { type: 'string' },
  'call-strike': { type: 'string' },
  expiry: { type: 'string' },
  contracts: { type: 'string' },
  ratio: { type: 'string' },
} as const;

export type TermFlagValues = { [K in keyof typeof TERM_FLAGS]?: string };

/** Which kinds take which term flags. --ratio resizes hedges without option legs; the option
 *  terms build a put or a collar from the target's chain (or the model grid). */
const TERMS_OF: Record<string, readonly (keyof typeof TERM_FLAGS)[]> = {
  'protective-put': ['strike', 'expiry', 'contracts'],
  collar: ['put-strike', 'call-strike', 'expiry', 'contracts'],
  'short-self': ['ratio'],
  'sector-etf-short': ['ratio'],
  'comparable-short': ['ratio'],
  'basket-short': ['ratio'],
  'bond-vs-stock': ['ratio'],
  futures: ['ratio'],
  'macro-index-futures': ['ratio'],
};

/** Largest resize: the server's limit too (a hedge five times its size is no longer a hedge). */
const MAX_RATIO = 5;
/** Default term of a put or collar built from flags: the proposed puts' quarterly term. */
const DEFAULT_TERM_DAYS = 91;

export const TERMS_HELP = `kind-specific terms (evaluated beside the proposed candidates, on the same scenarios):
  --strike K           protective-put: strike as a listed price (210) or a percentage of spot
                       (90%); the nearest strike on offer (the chain's, or the model grid's) is used
  --put-strike K, --call-strike K   collar: the floor and the cap, as for --strike
  --expiry DATE|DAYS   expiry on offer (YYYY-MM-DD) or the one nearest DAYS calendar days
                       (default: the one nearest ${DEFAULT_TERM_DAYS} days)
  --contracts N        option contracts (default: enough to cover the whole holding)
  --ratio X            every candidate resized to X × its proposed size (0 < X ≤ ${MAX_RATIO}), for
                       the kinds without options: ${Object.entries(TERMS_OF).filter(([, f]) => f.includes('ratio')).slice(0, 3).map(([k]) => k).join(', ')},
                       ${Object.entries(TERMS_OF).filter(([, f]) => f.includes('ratio')).slice(3).map(([k]) => k).join(', ')}`;

/** The term flags given, checked against the kind (a flag the kind does not take is the user's
 *  error, naming the kinds that do) and, for --ratio, its value: all that needs no market. */
export function givenTerms(kind: string, values: TermFlagValues): (keyof typeof TERM_FLAGS)[] {
  const given = (Object.keys(TERM_FLAGS) as (keyof typeof TERM_FLAGS)[]).filter((f) => values[f] !== undefined);
  for (const flag of given) {
    if (!(TERMS_OF[kind] ?? []).includes(flag)) {
      const takers = Object.entries(TERMS_OF).filter(([, f]) => f.includes(flag)).map(([k]) => k);
      throw new InputError({ file: `--${flag}`, expected: `a term of ${takers.join(', ')} (not of ${kind})` });
    }
  }
  if (kind === 'collar' && given.length > 0 && (values['put-strike'] === undefined || values['call-strike'] === undefined)) {
    throw new InputError({ file: values['put-strike'] === undefined ? '--put-strike' : '--call-strike', expected: 'both --put-strike and --call-strike for a collar' });
  }
  if (kind === 'protective-put' && given.length > 0 && values.strike === undefined) {
    throw new InputError({ file: '--strike', expected: 'a strike for the put (--expiry and --contracts complete it)' });
  }
  ratioFlag(values.ratio);
  return given;
}

function ratioFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ratio = positiveNumberFlag('ratio', value);
  if (ratio > MAX_RATIO) throw new InputError({ file: '--ratio', value, expected: `a ratio above 0 and at most ${MAX_RATIO} × the proposed size` });
  return ratio;
}

/** The hedges to evaluate for the given terms, and notes on how each term was read (a strike
 *  moved to the nearest on offer, the expiry chosen). `proposed` are the kind's candidates. */
export function termSpecs(lab: HedgeLab, kind: string, values: TermFlagValues, proposed: HedgeReport[]): { specs: HedgeSpec[]; notes: string[] } {
  const ratio = ratioFlag(values.ratio);
  if (ratio !== undefined) return { specs: proposed.map((h) => ({ type: 'scale', name: h.name, ratio })), notes: [] };
  if (kind !== 'protective-put' && kind !== 'collar') return { specs: [], notes: [] };
  const terms = optionTerms(lab);
  if (!terms.available) throw new InputError({ file: kind === 'collar' ? '--put-strike' : '--strike', expected: `an option that can be priced: ${terms.reason}` });
  const notes: string[] = [];
  // Strikes are given as listed (a chain quoted before a split lists them in its own price basis);
  // the market works in the price history's basis.
  const basis = lab.market?.priceBasis ?? 1;
  const expiry = expiryOf(values.expiry, terms.expiries, notes);
  const contracts = integerFlag('contracts', values.contracts, terms.maxContracts, 1, Math.max(1, terms.maxContracts));
  const strike = (flag: 'strike' | 'put-strike' | 'call-strike', type: 'put' | 'call') =>
    strikeOf(flag, values[flag]!, terms.spot, basis, type === 'put' ? expiry.putStrikes : expiry.callStrikes, type, expiry.expiry, notes);
  if (kind === 'protective-put') {
    return { specs: [{ type: 'put', expiry: expiry.expiry, strike: strike('strike', 'put'), contracts }], notes };
  }
  const putStrike = strike('put-strike', 'put');
  const callStrike = strike('call-strike', 'call');
  return { specs: [{ type: 'collar', expiry: expiry.expiry, putStrike, callStrike, contracts }], notes };
}

type Expiry = { expiry: string; days: number; putStrikes: number[]; callStrikes: number[] };

function expiryOf(value: string | undefined, expiries: Expiry[], notes: string[]): Expiry {
  if (value !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const listed = expiries.find((e) => e.expiry === value);
    if (listed === undefined) throw new InputError({ file: '--expiry', value, expected: `an expiry on offer: ${expiries.map((e) => e.expiry).join(', ')}` });
    return listed;
  }
  if (value !== undefined && !/^\d+$/.test(value.trim())) {
    throw new InputError({ file: '--expiry', value, expected: 'an expiry date YYYY-MM-DD or a number of calendar days' });
  }
  const days = integerFlag('expiry', value, DEFAULT_TERM_DAYS, 1, 3650);
  const nearest = [...expiries].sort((a, b) => Math.abs(a.days - days) - Math.abs(b.days - days))[0];
  if (nearest === undefined) throw new InputError({ file: '--expiry', value, expected: 'an expiry on offer (the chain has none within a year)' });
  notes.push(`expiry ${nearest.expiry} (${nearest.days} days): the one on offer nearest ${days} days`);
  return nearest;
}

/** `210` is a listed strike price, `90%` a percentage of spot; the strike used is the nearest on
 *  offer. `spot` and `strikes` are in the history's price basis, listed prices are `basis` times
 *  them. */
function strikeOf(flag: string, value: string, spot: number, basis: number, strikes: number[], type: string, expiry: string, notes: string[]): number {
  const percent = value.trim().endsWith('%');
  const asked = percent ? (positiveNumberFlag(flag, value.trim().slice(0, -1)) / 100) * spot : positiveNumberFlag(flag, value) / basis;
  // A bare fraction such as 0.9 is almost surely meant as a percentage of spot, not a price.
  if (!percent && (asked < 0.2 * spot || asked > 5 * spot)) {
    throw new InputError({ file: `--${flag}`, value, expected: `a strike price near the spot ${round(spot * basis)}, or a percentage of spot such as 90%` });
  }
  const nearest = [...strikes].sort((a, b) => Math.abs(a - asked) - Math.abs(b - asked))[0];
  if (nearest === undefined) throw new InputError({ file: `--${flag}`, value, expected: `a ${type} strike on offer for ${expiry} (there is none)` });
  if (Math.abs(nearest - asked) > 1e-9 * asked) {
    notes.push(`--${flag} ${value}: ${round(asked * basis)} asked, ${round(nearest * basis)} used (the nearest ${type} strike on offer for ${expiry})`);
  }
  return nearest;
}

function round(x: number): string {
  return String(Number(x.toFixed(2)));
}
