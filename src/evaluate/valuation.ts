import { yearFraction } from '../domain/dates.js';
import type { MarketSnapshot, ScenarioSet } from '../domain/market.js';
import type { Position } from '../domain/portfolio.js';
import { priceOption } from '../pricing/index.js';
import { type UnderlyingMoves, europeanValuesAtHorizon, optionValuesAtHorizon, underlyingMoves } from './option-revaluation.js';

/** Adds one position's P&L at the horizon, in currency, to `pnl[i]` for every scenario i.
 *  Linear legs (equities, ETFs, futures, bonds held as priced securities) move by their own
 *  price relative: q·units·P(asOf)·(relative − 1). Options are repriced by the model at the
 *  horizon with the underlying moved by its relative, the time to expiry shortened by the elapsed
 *  time and the volatility shifted by the scenario's shift; past expiry they are worth their
 *  intrinsic value. */
export function addPositionPnl(position: Position, snapshot: MarketSnapshot, scenarios: ScenarioSet, pnl: Float64Array): void {
  const instrument = position.instrument;
  if (instrument.kind === 'option') {
    addOptionPnl(position, snapshot, scenarios, pnl);
    return;
  }
  const relatives = relativesOf(instrument.symbol, scenarios);
  const units = instrument.kind === 'future' ? instrument.multiplier : 1;
  const exposure = position.quantity * units * priceOf(instrument.symbol, snapshot);
  for (let i = 0; i < scenarios.count; i++) pnl[i] = (pnl[i] as number) + exposure * ((relatives[i] as number) - 1);
}

/** What revaluation under a scenario set computes once and shares: the horizon values of each
 *  option contract (keyed by contractKey: a contract held by several legs or hedge candidates —
 *  the same put in a put, a collar and a put spread — is repriced once per scenario), and ln/√ of
 *  each underlying's relatives for the European batch kernel. Held weakly by the scenario set,
 *  and at most CONTRACTS_PER_SET contracts per set (then started afresh), so memory stays bounded
 *  when many distinct contracts are tried against one long-lived set (the server's custom hedges;
 *  at 100,000 scenarios that bound is about 50 MB). Scenario sets are never modified once built,
 *  which is what makes the set itself a valid key. */
const shared = new WeakMap<ScenarioSet, {
  contracts: Map<string, { today: number; values: Float64Array }>; moves: Map<string, UnderlyingMoves>;
}>();
const CONTRACTS_PER_SET = 64;

/** Everything an option's horizon values depend on besides the scenarios. */
function contractKey(o: Extract<Position['instrument'], { kind: 'option' }>, spot: number, volatility: number,
  dividendYield: number, rate: number, asOf: string): string {
  return `${o.underlying}|${o.type}|${o.style}|${o.strike}|${o.expiry}|${spot}|${volatility}|${dividendYield}|${rate}|${asOf}`;
}

function addOptionPnl(position: Position, snapshot: MarketSnapshot, scenarios: ScenarioSet, pnl: Float64Array): void {
  const o = position.instrument;
  if (o.kind !== 'option') throw new Error('addOptionPnl needs an option position');
  const spot = priceOf(o.underlying, snapshot);
  const relatives = relativesOf(o.underlying, scenarios);
  const volatility = position.valuationVolatility ?? snapshot.volatilities[o.underlying];
  if (volatility === undefined) throw new Error(`no volatility for ${o.underlying} in the market snapshot`);
  const dividendYield = snapshot.dividendYields[o.underlying] ?? 0;
  let cache = shared.get(scenarios);
  if (cache === undefined) {
    cache = { contracts: new Map(), moves: new Map() };
    shared.set(scenarios, cache);
  }
  const key = contractKey(o, spot, volatility, dividendYield, snapshot.rate, snapshot.asOf);
  let entry = cache.contracts.get(key);
  if (entry === undefined) {
    const timeYears = yearFraction(snapshot.asOf, o.expiry);
    const today = priceOption({ type: o.type, style: o.style, strike: o.strike, rate: snapshot.rate, dividendYield, spot, volatility, timeYears });
    const n = scenarios.count;
    const values = new Float64Array(n);
    const horizon = {
      theta: o.type === 'call' ? 1 : -1, american: o.style === 'american', strike: o.strike, rate: snapshot.rate,
      dividendYield, remainingYears: timeYears - scenarios.elapsedYears,
    };
    if (!horizon.american && horizon.remainingYears > 0 && scenarios.volShift.every((v) => v === 0)) {
      const movesKey = `${o.underlying}|${spot}`;
      let moves = cache.moves.get(movesKey);
      if (moves === undefined) {
        moves = underlyingMoves(spot, relatives);
        cache.moves.set(movesKey, moves);
      }
      europeanValuesAtHorizon(horizon, Math.max(1e-4, volatility), moves, values);
    } else {
      const spots = new Float64Array(n);
      const vols = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        spots[i] = spot * (relatives[i] as number);
        // A floor keeps a large negative stress shift from producing a zero or negative volatility.
        vols[i] = Math.max(1e-4, volatility + (scenarios.volShift[i] as number));
      }
      optionValuesAtHorizon(horizon, spots, vols, values);
    }
    if (cache.contracts.size >= CONTRACTS_PER_SET) cache.contracts.clear();
    entry = { today, values };
    cache.contracts.set(key, entry);
  }
  const { today, values } = entry;
  const scale = position.quantity * o.multiplier;
  for (let i = 0; i < scenarios.count; i++) pnl[i] = (pnl[i] as number) + scale * ((values[i] as number) - today);
}

function relativesOf(symbol: string, scenarios: ScenarioSet): Float64Array {
  const j = scenarios.symbols.indexOf(symbol);
  const column = scenarios.relatives[j];
  if (column === undefined) throw new Error(`no scenarios for ${symbol}`);
  return column;
}

function priceOf(symbol: string, snapshot: MarketSnapshot): number {
  const p = snapshot.prices[symbol];
  if (p === undefined) throw new Error(`no price for ${symbol} in the market snapshot`);
  return p;
}

/** Market value today of a position, in currency (options at the model price). */
export function positionValue(position: Position, snapshot: MarketSnapshot): number {
  const i = position.instrument;
  if (i.kind === 'option') {
    const volatility = position.valuationVolatility ?? snapshot.volatilities[i.underlying] as number;
    return position.quantity * i.multiplier * priceOption({
      type: i.type, style: i.style, strike: i.strike, rate: snapshot.rate, spot: priceOf(i.underlying, snapshot),
      dividendYield: snapshot.dividendYields[i.underlying] ?? 0, volatility, timeYears: yearFraction(snapshot.asOf, i.expiry),
    });
  }
  // A futures position has no value of its own (it is marked to market daily); equities and
  // bonds are worth quantity × price.
  return i.kind === 'future' ? 0 : position.quantity * priceOf(i.symbol, snapshot);
}
