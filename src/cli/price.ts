import { resolve } from 'node:path';
import { readTextFile } from '../data/detect.js';
import { readOptionRows, type OptionRow } from '../data/option-specs.js';
import { InputError } from '../domain/errors.js';
import { ImpliedVolatilityError, impliedVolatility, optionGreeks, type OptionGreeks } from '../pricing/index.js';
import { OPTION_LIMITS as L } from '../pricing/validate.js';
import { choiceFlag, parseFlags, refusePositionals } from './args.js';
import type { CliCommand, Io } from './io.js';
import { table } from '../report/csv.js';
import { humanStream, writeJson, writeOutputDirectory } from './output.js';

const COMMON = `  --type call|put          option type
  --style european|american (default european)
  --spot S --strike K      prices
  --rate R                 continuously compounded risk-free rate, decimal (0.05 = 5 %)
  --dividend-yield Q       continuous dividend yield, decimal (default 0)
  --time T                 years to expiry (ACT/365F)
  --file FILE              a CSV of options instead, one per row: type,style,spot,strike,rate,
                           dividend_yield,time_years and the column named under usage
  --json FILE|-            write the results as JSON (- = stdout, nothing else goes there)
  --csv DIR                write the results as DIR/price.csv (or DIR/iv.csv), one row per option
  --quiet                  no terminal table`;

const PRICE_HELP = `microhedge price — value and Greeks of options: BSM European, Andersen–Lake–Offengenden American

usage: microhedge price --type put --spot 100 --strike 95 --rate 0.05 --time 0.5 --vol 0.2 [options]
       microhedge price --file options.csv   (columns also: volatility)

${COMMON}
  --vol SIGMA              annualised volatility, decimal

Units: vega per 1.00 of volatility, theta per year of calendar time, rho and dividend rho per 1.00.
examples:
  microhedge price --type put --style american --spot 100 --strike 95 --rate 0.1 \\
      --dividend-yield 0.05 --time 0.5 --vol 0.2
  microhedge price --file options.csv --csv priced/ --quiet
`;

const IV_HELP = `microhedge iv — implied volatility of option prices (European or American)

usage: microhedge iv --type put --spot 100 --strike 95 --rate 0.05 --time 0.5 --price 2.46 [options]
       microhedge iv --file prices.csv   (columns also: price)

${COMMON}
  --price P                the option's price

A price with no volatility (below intrinsic value, above the upper bound, no time value) is
reported with the reason, never as 0.
examples:
  microhedge iv --type call --spot 107.68 --strike 110 --rate 0.003 --time 0.0082 --price 0.12
  microhedge iv --file quotes.csv --json ivs.json --quiet
`;

/** The terms of one option; a --file gives them instead, one row per option. */
const TERM_FLAGS = {
  type: { type: 'string' }, style: { type: 'string' }, spot: { type: 'string' }, strike: { type: 'string' },
  rate: { type: 'string' }, 'dividend-yield': { type: 'string' }, time: { type: 'string' },
} as const;
const OUTPUT_FLAGS = { file: { type: 'string' }, json: { type: 'string' }, csv: { type: 'string' }, quiet: { type: 'boolean' } } as const;
// price takes a volatility and iv a price: each refuses the other's.
const FLAGS = {
  price: { ...TERM_FLAGS, vol: { type: 'string' }, ...OUTPUT_FLAGS },
  iv: { ...TERM_FLAGS, price: { type: 'string' }, ...OUTPUT_FLAGS },
} as const;

type Row = OptionRow & { result: OptionGreeks | { impliedVolatility: number } | { error: string } };

function command(name: 'price' | 'iv'): CliCommand {
  const needs = name === 'price' ? 'volatility' : 'price';
  return {
    name,
    help: name === 'price' ? PRICE_HELP : IV_HELP,
    async run(args: string[], io: Io): Promise<number> {
      const { values, positionals } = parseFlags(name, args, FLAGS[name]);
      refusePositionals(name, positionals, '--type call|put');
      const given = values as Partial<Record<NumberFlag, string>>;
      const term = Object.keys(values).find((f) => !(f in OUTPUT_FLAGS)) as NumberFlag | undefined;
      if (values.file !== undefined && term !== undefined) {
        throw new InputError({ file: `--${term}`, value: given[term], expected: `no option terms with --file (its rows give them)` });
      }
      const rows = values.file !== undefined
        ? readOptionRows(await readTextFile(resolve(io.cwd, values.file), values.file), values.file, needs)
        : [fromFlags(given, needs)];
      const results: Row[] = rows.map((o) => ({ ...o, result: evaluate(o) }));
      // One option given by flags with no implied volatility is the user's input error (a file's
      // rows without one are listed with the reason).
      const only = results[0];
      if (values.file === undefined && only && 'error' in only.result) {
        throw new InputError({ file: '--price', value: String(only.price), expected: `a price with an implied volatility (${only.result.error})` });
      }
      await writeJson(io, values.json, results.map(({ line: _, ...r }) => r));
      if (values.csv !== undefined) await writeOutputDirectory(io, values.csv, { [`${name}.csv`]: csvOf(results, name) }, '--csv');
      if (!values.quiet) humanStream(io, values.json)(terminalTable(results, name));
      return 0;
    },
  };
}

type NumberFlag = Exclude<keyof typeof FLAGS.price | keyof typeof FLAGS.iv, 'quiet'>;

function fromFlags(v: Partial<Record<NumberFlag, string>>, needs: 'volatility' | 'price'): OptionRow {
  const num = (flag: NumberFlag, ok: (x: number) => boolean, expected: string, fallback?: number): number => {
    const raw = v[flag];
    if (raw === undefined) {
      if (fallback !== undefined) return fallback;
      throw new InputError({ file: `--${flag}`, expected: `${expected} (or --file FILE)` });
    }
    const x = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(x) || !ok(x)) throw new InputError({ file: `--${flag}`, value: raw, expected });
    return x;
  };
  if (v.type === undefined) throw new InputError({ file: '--type', expected: 'call or put (or --file FILE)' });
  return {
    line: 0,
    type: choiceFlag('type', v.type, ['call', 'put'] as const, 'call'),
    style: choiceFlag('style', v.style, ['european', 'american'] as const, 'european'),
    spot: num('spot', (x) => x > 0, 'a positive spot price'),
    strike: num('strike', (x) => x > 0, 'a positive strike'),
    rate: num('rate', (x) => Math.abs(x) <= L.rate, `a rate as a decimal from −${L.rate} to ${L.rate} (0.05 = 5 %)`),
    dividendYield: num('dividend-yield', (x) => Math.abs(x) <= L.rate, `a dividend yield as a decimal from −${L.rate} to ${L.rate}`, 0),
    timeYears: num('time', (x) => x >= 0 && x <= L.timeYears, `years to expiry from 0 to ${L.timeYears}`),
    ...(needs === 'volatility'
      ? { volatility: num('vol', (x) => x >= 0 && x <= L.volatility, `an annualised volatility as a decimal from 0 to ${L.volatility}`) }
      : { price: num('price', (x) => x >= 0, 'an option price, 0 or more') }),
  };
}

function evaluate(o: OptionRow): Row['result'] {
  const spec = { type: o.type, style: o.style, spot: o.spot, strike: o.strike, rate: o.rate, dividendYield: o.dividendYield, timeYears: o.timeYears };
  if (o.volatility !== undefined) return optionGreeks({ ...spec, volatility: o.volatility });
  try {
    return { impliedVolatility: impliedVolatility({ ...spec, price: o.price as number }) };
  } catch (e) {
    if (e instanceof ImpliedVolatilityError) return { error: e.message };
    throw e;
  }
}

function terminalTable(rows: Row[], name: 'price' | 'iv'): string {
  const head = name === 'price'
    ? ['type', 'style', 'spot', 'strike', 'T', 'vol', 'price', 'delta', 'gamma', 'vega', 'theta', 'rho']
    : ['type', 'style', 'spot', 'strike', 'T', 'price', 'implied vol'];
  const f = (x: number, d = 4) => {
    // Gamma and theta are unbounded at the forward with no diffusion left (the note says why).
    if (!Number.isFinite(x)) return x > 0 ? '+∞' : '−∞';
    return Math.abs(x) >= 1e5 || (x !== 0 && Math.abs(x) < 1e-4) ? x.toExponential(3) : x.toFixed(d);
  };
  const body = rows.map((o) => {
    const base = [o.type, o.style.slice(0, 4), f(o.spot, 2), f(o.strike, 2), f(o.timeYears)];
    const r = o.result;
    if ('delta' in r) return [...base, f(o.volatility as number), f(r.price), f(r.delta), f(r.gamma), f(r.vega), f(r.theta), f(r.rho)];
    if ('impliedVolatility' in r) return [...base, f(o.price as number), f(r.impliedVolatility, 6)];
    return [...base, f(o.price as number), `none: ${r.error}`];
  });
  const widths = head.map((h, k) => Math.max(h.length, ...body.map((b) => (k === head.length - 1 ? 0 : (b[k] as string).length))));
  const line = (cells: string[]) => cells.map((c, k) => (k === cells.length - 1 ? c : c.padStart(widths[k] as number))).join('  ');
  const notes = rows.flatMap((o, i) => ('note' in o.result && o.result.note !== undefined ? [`note${rows.length > 1 ? ` (row ${i + 1})` : ''}: ${o.result.note}`] : []));
  return `${[line(head), ...body.map(line), ...notes].join('\n')}\n`;
}

/** One row per option: its terms, then the results; a Greek that is not finite is an empty cell
 *  with the reason in `note`, an implied volatility that does not exist one with it in `error`. */
function csvOf(rows: Row[], name: 'price' | 'iv'): string {
  const terms = (o: Row) => [o.type, o.style, o.spot, o.strike, o.rate, o.dividendYield, o.timeYears];
  const head = ['type', 'style', 'spot', 'strike', 'rate', 'dividend_yield', 'time_years'];
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  if (name === 'price') {
    return table([...head, 'volatility', 'price', 'delta', 'gamma', 'vega_per_1', 'theta_per_year', 'rho_per_1', 'dividend_rho_per_1', 'note'], rows.map((o) => {
      const r = o.result as OptionGreeks;
      return [...terms(o), o.volatility, r.price, finite(r.delta), finite(r.gamma), finite(r.vega), finite(r.theta), finite(r.rho), finite(r.dividendRho), r.note];
    }));
  }
  return table([...head, 'price', 'implied_volatility', 'error'], rows.map((o) => {
    const r = o.result;
    return [...terms(o), o.price, 'impliedVolatility' in r ? r.impliedVolatility : null, 'error' in r ? r.error : null];
  }));
}

export const priceCommand = command('price');
export const ivCommand = command('iv');
