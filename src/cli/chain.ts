import { resolve } from 'node:path';
import { detectAndRead, readTextFile } from '../data/detect.js';
import { rateOnOrBefore, readRates, tbillDiscountToContinuous } from '../data/rates.js';
import type { OptionChain, OptionQuote } from '../data/types.js';
import { InputError } from '../domain/errors.js';
import { SAMPLE } from '../pipeline/load-inputs.js';
import { ImpliedVolatilityError, impliedVolatility } from '../pricing/index.js';
import { parseFlags } from './args.js';
import type { CliCommand, Io } from './io.js';
import type { smileChart as SmileChart } from '../report/charts/charts.js';
import { smileOfQuotes } from '../report/smile.js';
import { table } from '../report/csv.js';
import { escapeHtml as esc } from '../report/format.js';
import { DATE_FLAGS, DATE_HELP, dateReadOptions } from './inputs.js';
import { humanStream, writeJson, writeOutput, writeOutputDirectory } from './output.js';

const HELP = `microhedge chain — implied volatilities of an option chain from its mid quotes

usage: microhedge chain FILE [--rate R] [--dividend-yield Q] [--rates FILE] [--json FILE|-]
                            [--csv DIR] [--html FILE] [--quiet]

FILE is a Yahoo option-chain JSON (American, US equity) or an SPX-style CSV (European).
Every quote with a bid and an ask is inverted at its mid price, as its contract's style says;
quotes with no implied volatility are listed with the reason.

options:
  --rate R             continuously compounded rate, decimal; default: the chain's own per-quote
                       rate if it has one, else the 3-month T-bill on the quote date (--rates)
  --rates FILE         FRED DTB3 CSV for that default (default: the embedded sample's)
  --dividend-yield Q   continuous dividend yield of the underlying, decimal (default 0)
  --json FILE|-        every quote with its mid, implied volatility or reason, as JSON
  --csv DIR            the same as DIR/chain.csv, one row per quote
  --html FILE          a page with the smile (implied volatility against strike / spot, out-of-the-
                       money puts below spot and calls above, one line per expiry) and the table
  --quiet              no terminal table
${DATE_HELP}

examples:
  microhedge chain data/sample/aapl_chain_2016-09-06.json --dividend-yield 0.0198
  microhedge chain data/sample/spx_chain_2010-09-17.csv --html smile.html --csv chain/ --quiet
`;

/** One quote's inversion: `impliedVolatility` ours from the mid (null with a `reason` when none
 *  exists), `vendorImpliedVolatility` as the source quoted it, if it did. */
export type ChainQuoteResult = Pick<OptionQuote, 'type' | 'strike' | 'expiry' | 'timeYears' | 'bid' | 'ask'> & {
  mid: number; rate: number; impliedVolatility: number | null; vendorImpliedVolatility: number | null;
  reason: string | null; detail: string | null;
};

const REASONS: Record<ImpliedVolatilityError['reason'], string> = {
  'below-lower-bound': 'mid below the no-arbitrage lower bound (stale or wide quote)',
  'above-upper-bound': 'mid at or above the no-arbitrage upper bound',
  'zero-time-value': 'mid equals intrinsic value: no time value, volatility not identified',
};

export const chainCommand: CliCommand = {
  name: 'chain',
  help: HELP,
  async run(args: string[], io: Io): Promise<number> {
    const { values, positionals } = parseFlags('chain', args, {
      rate: { type: 'string' }, 'dividend-yield': { type: 'string' }, rates: { type: 'string' }, json: { type: 'string' },
      csv: { type: 'string' }, html: { type: 'string' }, quiet: { type: 'boolean' }, ...DATE_FLAGS,
    });
    const file = positionals[0];
    if (file === undefined || positionals.length > 1) throw new InputError({ file: 'chain', expected: 'one option-chain FILE (see microhedge chain --help)' });
    const read = detectAndRead(await readTextFile(resolve(io.cwd, file), file), file, dateReadOptions(values));
    if (read.kind !== 'chain') throw new InputError({ file, expected: `an option chain (Yahoo JSON or a CSV with a strike column), not a ${read.kind} file` });
    const chain = read.chain;
    const number = (flag: string, raw: string | undefined) => {
      if (raw === undefined) return undefined;
      const x = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(x)) throw new InputError({ file: `--${flag}`, value: raw, expected: 'a decimal number (0.05 = 5 %)' });
      return x;
    };
    const dividendYield = number('dividend-yield', values['dividend-yield']) ?? 0;
    const fixedRate = number('rate', values.rate);
    const needsTbill = fixedRate === undefined && chain.quotes.some((q) => q.riskFree === undefined);
    const tbill = needsTbill ? await tbillOn(chain.quoteDate, values.rates === undefined ? SAMPLE.rates : resolve(io.cwd, values.rates), values.rates ?? 'the sample T-bill') : undefined;

    const results = chain.quotes.map((q) => invert(chain, q, fixedRate ?? q.riskFree ?? (tbill as number), dividendYield));
    const rateText = fixedRate === undefined ? (tbill === undefined ? "the chain's own rates" : `T-bill ${(100 * tbill).toFixed(3)}%`) : `${(100 * fixedRate).toFixed(3)}%`;
    await writeJson(io, values.json, { underlying: chain.underlying, quoteDate: chain.quoteDate, underlyingPrice: chain.underlyingPrice, style: chain.style, dividendYield, quotes: results });
    if (values.csv !== undefined) await writeOutputDirectory(io, values.csv, { 'chain.csv': chainCsv(results) }, '--csv');
    if (values.html !== undefined) {
      const { smileChart } = await import('../report/charts/charts.js');
      await writeOutput(io, values.html, chainHtml(chain, results, header(chain, results, dividendYield, rateText), smileChart), '--html');
    }
    if (!values.quiet) humanStream(io, values.json)(render(chain, results, dividendYield, rateText));
    return 0;
  },
};

async function tbillOn(date: string, path: string, name: string): Promise<number> {
  const rates = readRates(await readTextFile(path, name), name, ['DTB3']);
  const observed = rateOnOrBefore(rates.series[0]!, date);
  return tbillDiscountToContinuous(100 * observed.value);
}

function invert(chain: OptionChain, q: OptionQuote, rate: number, dividendYield: number): ChainQuoteResult {
  const mid = 0.5 * (q.bid + q.ask);
  const base = {
    type: q.type, strike: q.strike, expiry: q.expiry, timeYears: q.timeYears, bid: q.bid, ask: q.ask, mid, rate,
    vendorImpliedVolatility: q.impliedVolatility ?? null,
  };
  if (!(q.bid > 0)) return { ...base, impliedVolatility: null, reason: 'no bid: the mid is not a price anyone would pay', detail: `ask ${q.ask}` };
  try {
    const iv = impliedVolatility({
      type: q.type, style: chain.style, spot: chain.underlyingPrice, strike: q.strike, rate, dividendYield, timeYears: q.timeYears, price: mid,
    });
    return { ...base, impliedVolatility: iv, reason: null, detail: null };
  } catch (e) {
    if (e instanceof ImpliedVolatilityError) {
      return { ...base, impliedVolatility: null, reason: REASONS[e.reason], detail: `mid ${mid}, no-arbitrage bounds [${e.lowerBound}, ${e.upperBound}]` };
    }
    throw e;
  }
}

/** The two lines that say what was inverted and how. */
function header(chain: OptionChain, rows: ChainQuoteResult[], dividendYield: number, rateText: string): [string, string] {
  const solved = rows.filter((r) => r.impliedVolatility !== null).length;
  return [`${chain.underlying} ${chain.style} options quoted ${chain.quoteDate}, underlying ${chain.underlyingPrice}; rate ${rateText}, ` +
    `dividend yield ${(100 * dividendYield).toFixed(2)}%`,
  `${rows.length} quotes, ${solved} with an implied volatility from the mid price, ${rows.length - solved} without`];
}

function render(chain: OptionChain, rows: ChainQuoteResult[], dividendYield: number, rateText: string): string {
  const out: string[] = [...header(chain, rows, dividendYield, rateText)];
  for (const expiry of [...new Set(rows.map((r) => r.expiry))].sort()) {
    const at = rows.filter((r) => r.expiry === expiry);
    out.push('', `expiry ${expiry} (${(at[0]!.timeYears * 365).toFixed(0)} days)`);
    out.push(`${'strike'.padStart(9)}  ${'call bid/ask'.padStart(15)} ${'call IV'.padStart(8)}  ${'put bid/ask'.padStart(15)} ${'put IV'.padStart(8)}  ${'vendor IV c/p'.padStart(13)}`);
    for (const strike of [...new Set(at.map((r) => r.strike))].sort((a, b) => a - b)) {
      const c = at.find((r) => r.strike === strike && r.type === 'call');
      const p = at.find((r) => r.strike === strike && r.type === 'put');
      const quote = (r?: ChainQuoteResult) => (r ? `${r.bid.toFixed(2)}/${r.ask.toFixed(2)}` : '');
      const iv = (r?: ChainQuoteResult) => (r?.impliedVolatility == null ? (r ? '—' : '') : `${(100 * r.impliedVolatility).toFixed(1)}%`);
      const vendor = (r?: ChainQuoteResult) => (r?.vendorImpliedVolatility == null ? '·' : (100 * r.vendorImpliedVolatility).toFixed(0));
      out.push(`${strike.toFixed(2).padStart(9)}  ${quote(c).padStart(15)} ${iv(c).padStart(8)}  ${quote(p).padStart(15)} ${iv(p).padStart(8)}  ${`${vendor(c)}/${vendor(p)}`.padStart(13)}`);
    }
  }
  const reasons = new Map<string, number>();
  for (const r of rows) if (r.reason !== null) reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
  if (reasons.size > 0) {
    out.push('', 'quotes without an implied volatility:');
    for (const [reason, n] of reasons) out.push(`  ${n} × ${reason}`);
  }
  return `${out.join('\n')}\n`;
}

function chainCsv(rows: ChainQuoteResult[]): string {
  return table(['type', 'strike', 'expiry', 'time_years', 'bid', 'ask', 'mid', 'rate', 'implied_volatility', 'vendor_implied_volatility', 'reason', 'detail'],
    rows.map((r) => [r.type, r.strike, r.expiry, r.timeYears, r.bid, r.ask, r.mid, r.rate, r.impliedVolatility, r.vendorImpliedVolatility, r.reason, r.detail]));
}

/** One self-contained page: what was inverted, the smile, and every quote. */
function chainHtml(chain: OptionChain, rows: ChainQuoteResult[], lines: [string, string], smileChart: typeof SmileChart): string {
  const smile = smileOfQuotes(rows.flatMap((r) => (r.impliedVolatility === null ? [] : [{ ...r, impliedVolatility: r.impliedVolatility }])), chain.underlyingPrice);
  const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);
  const title = `${chain.underlying} options quoted ${chain.quoteDate}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>microhedge chain — ${esc(title)}</title>
<style>body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;margin:0}main{max-width:1000px;margin:0 auto;padding:24px}
h1{font-size:1.4em}.note{color:#424a53}svg.chart{width:920px;max-width:100%;height:auto}table{border-collapse:collapse;font-variant-numeric:tabular-nums;margin:.5em 0}
th,td{border:1px solid #d0d7de;padding:3px 8px;text-align:right;white-space:nowrap}th{background:#f6f8fa}td.text{text-align:left;white-space:normal}</style></head>
<body><main><h1>Implied volatilities of ${esc(title)}</h1>
<p class="note">${esc(lines[0])}.<br>${esc(lines[1])}.</p>
${smile.length === 0 ? '<p>No expiry has three or more out-of-the-money quotes with an implied volatility: no smile to draw.</p>'
    : smileChart('smile', `Implied volatility (annualised) against strike / spot, ${chain.underlying}`, smile)}
${smile.length > 4 ? `<p class="note">The chart shows the first 4 of ${smile.length} expiries; the table has them all.</p>` : ''}
<table><thead><tr><th>Expiry</th><th>Type</th><th>Strike</th><th>Bid</th><th>Ask</th><th>Mid</th><th>Implied vol.</th><th>Why none</th></tr></thead><tbody>
${rows.map((r) => `<tr><td>${esc(r.expiry)}</td><td>${r.type}</td><td>${r.strike.toFixed(2)}</td><td>${r.bid.toFixed(2)}</td><td>${r.ask.toFixed(2)}</td><td>${r.mid.toFixed(3)}</td>` +
    `<td>${pct(r.impliedVolatility)}</td><td class="text">${esc(r.reason ?? '')}</td></tr>`).join('\n')}
</tbody></table></main></body></html>
`;
}
