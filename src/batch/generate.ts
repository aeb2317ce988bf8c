import type { PriceSeries } from '../data/types.js';
import { createRng } from '../stats/rng.js';

/** A symbol a generated portfolio may hold, and its price on the as-of date (for sizing). */
export type UniverseMember = { symbol: string; price: number };

export type GeneratedHolding = { symbol: string; quantity: number; costBasis: number };

export type GeneratedPortfolio = { id: string; holdings: GeneratedHolding[]; cash: number };

export type GenerateOptions = {
  count: number;
  seed: number;
  /** Holdings per portfolio, drawn uniformly in [min, max] (capped by the universe's size). */
  minHoldings?: number;
  maxHoldings?: number;
};

/** Seeded synthetic client portfolios over a universe, for benchmarks and tests: each holds
 *  between `minHoldings` and `maxHoldings` distinct symbols; the first drawn takes a weight
 *  uniform in [5 %, 60 %] of the portfolio's value (so most but not all portfolios hold a
 *  concentrated position), the others share the rest in proportion to uniform draws, after a
 *  cash share uniform in [0 %, 10 %] (a single holding takes everything but the cash). Values are log-uniform between 10⁵ and 10⁷; quantities are
 *  whole shares (at least one); cost bases are the price times a factor uniform in [0.5, 1.5].
 *  Same universe, count and seed → the same portfolios (MT19937, src/stats/rng.ts). */
export function generatePortfolios(universe: readonly UniverseMember[], options: GenerateOptions): GeneratedPortfolio[] {
  const rng = createRng(options.seed);
  const min = Math.min(options.minHoldings ?? 4, universe.length);
  const max = Math.min(options.maxHoldings ?? 12, universe.length);
  const width = String(options.count).length;
  const portfolios: GeneratedPortfolio[] = [];
  const order = universe.map((_, i) => i);
  for (let p = 0; p < options.count; p++) {
    const k = min + rng.integer(max - min + 1);
    // The first k entries of a partial Fisher–Yates shuffle: k distinct symbols.
    for (let i = 0; i < k; i++) {
      const j = i + rng.integer(order.length - i);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const value = 10 ** (5 + 2 * rng.uniform());
    const cashShare = 0.1 * rng.uniform();
    // A portfolio of one holding invests everything but its cash in it.
    const lead = k === 1 ? 1 - cashShare : 0.05 + 0.55 * rng.uniform();
    const draws = Array.from({ length: k - 1 }, () => rng.uniform());
    const drawn = draws.reduce((s, x) => s + x, 0);
    const weights = [lead, ...draws.map((x) => (drawn > 0 ? (1 - lead - cashShare) * (x / drawn) : 0))];
    const holdings = order.slice(0, k).map((index, i) => {
      const { symbol, price } = universe[index]!;
      const quantity = Math.max(1, Math.round((weights[i]! * value) / price));
      return { symbol, quantity, costBasis: Math.round(price * (0.5 + rng.uniform()) * 100) / 100 };
    });
    portfolios.push({ id: `client-${String(p + 1).padStart(width, '0')}`, holdings, cash: Math.round(cashShare * value) });
  }
  return portfolios;
}

/** The members of `series` with a price on `date`, in the order given: a portfolio of them has
 *  a common history up to that date. */
export function universeOn(series: readonly PriceSeries[], date: string): UniverseMember[] {
  return series.flatMap((s) => {
    const i = s.dates.lastIndexOf(date);
    return i < 0 ? [] : [{ symbol: s.symbol, price: s.values[i]! }];
  });
}

/** One portfolio as a holdings CSV `symbol,quantity,cost_basis,currency`, cash on a CASH row
 *  (none when the cash rounds to 0: a holdings file has no zero quantities). */
export function holdingsCsv(p: GeneratedPortfolio, currency = 'USD'): string {
  const rows = p.holdings.map((h) => `${h.symbol},${h.quantity},${h.costBasis.toFixed(2)},${currency}`);
  if (p.cash !== 0) rows.push(`CASH,${p.cash},,${currency}`);
  return `symbol,quantity,cost_basis,currency\n${rows.join('\n')}\n`;
}

/** Many portfolios as one long CSV `portfolio,symbol,quantity,cost_basis,currency`. */
export function longCsv(portfolios: readonly GeneratedPortfolio[], currency = 'USD'): string {
  const rows = portfolios.flatMap((p) => [
    ...p.holdings.map((h) => `${p.id},${h.symbol},${h.quantity},${h.costBasis.toFixed(2)},${currency}`),
    ...(p.cash === 0 ? [] : [`${p.id},CASH,${p.cash},,${currency}`]),
  ]);
  return `portfolio,symbol,quantity,cost_basis,currency\n${rows.join('\n')}\n`;
}
