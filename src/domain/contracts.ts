/** Contract terms of the listed futures microhedge knows, by the symbol of their price series.
 *  Multipliers are the exchanges' published contract sizes (currency per 1.00 of price). */
export type FuturesSpec = {
  /** Series symbol, e.g. 'ES', 'CL01'. */
  symbol: string;
  exchange: string;
  description: string;
  /** Currency per 1.00 of futures price, per contract. */
  multiplier: number;
  /** What one contract is for, in words ('50 × S&P 500 index', '1,000 barrels'). */
  size: string;
  /** The spot series it converges to, when microhedge has one by default. */
  underlying: string;
  /** Which nearby contract the series is (1 = front month); rolls are jumps in the series. */
  nearby: number;
};

type Family = { prefix: RegExp; exchange: string; description: string; multiplier: number; size: string; underlying: string };

// CME Group contract specifications: E-mini S&P 500 ($50 × index), NYMEX WTI Light Sweet Crude
// (1,000 barrels, $ per barrel), Henry Hub Natural Gas (10,000 MMBtu), NY Harbor ULSD and RBOB
// Gasoline (42,000 gallons, $ per gallon); ICE Brent Crude (1,000 barrels).
const FAMILIES: readonly Family[] = [
  { prefix: /^ES$/, exchange: 'CME', description: 'E-mini S&P 500 futures', multiplier: 50, size: '50 × S&P 500 index', underlying: 'SPX' },
  { prefix: /^CL(\d{2})$/, exchange: 'NYMEX', description: 'WTI crude oil futures', multiplier: 1000, size: '1,000 barrels', underlying: 'WTI' },
  { prefix: /^BRN(\d{2})$/, exchange: 'ICE', description: 'Brent crude oil futures', multiplier: 1000, size: '1,000 barrels', underlying: 'BRENT' },
  { prefix: /^NG(\d{2})$/, exchange: 'NYMEX', description: 'Henry Hub natural gas futures', multiplier: 10000, size: '10,000 MMBtu', underlying: 'HENRYHUB' },
  { prefix: /^HO(\d{2})$/, exchange: 'NYMEX', description: 'NY Harbor ULSD (heating oil) futures', multiplier: 42000, size: '42,000 gallons', underlying: 'ULSD' },
  { prefix: /^RB(\d{2})$/, exchange: 'NYMEX', description: 'RBOB gasoline futures', multiplier: 42000, size: '42,000 gallons', underlying: 'RBOB' },
];

/** The contract terms of a futures price series, or undefined when `symbol` is not a known
 *  futures series. */
export function futuresSpec(symbol: string): FuturesSpec | undefined {
  for (const f of FAMILIES) {
    const m = f.prefix.exec(symbol);
    if (m) {
      return {
        symbol, exchange: f.exchange, description: f.description, multiplier: f.multiplier, size: f.size,
        underlying: f.underlying, nearby: m[1] === undefined ? 1 : Number(m[1]),
      };
    }
  }
  return undefined;
}
