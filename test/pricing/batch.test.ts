import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/domain/errors.js';
import {
  IMPLIED_VOLATILITY_FAILURES, type OptionBatch, black76Greeks, black76ImpliedVolatility, black76Price,
  impliedVolatilities, impliedVolatility, optionGreeks, optionGreeksBatch, priceOption, priceOptions,
} from '../../src/pricing/index.js';

function batchOf(n: number, american: boolean): OptionBatch {
  const b: OptionBatch = {
    isCall: new Uint8Array(n), isAmerican: american ? new Uint8Array(n).fill(1) : undefined,
    spot: new Float64Array(n), strike: new Float64Array(n), rate: new Float64Array(n),
    dividendYield: new Float64Array(n), volatility: new Float64Array(n), timeYears: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    b.isCall[i] = i % 2;
    b.spot[i] = 100;
    b.strike[i] = 70 + i;
    b.rate[i] = 0.03;
    b.dividendYield[i] = 0.01 * (i % 3);
    b.volatility[i] = 0.1 + 0.01 * i;
    b.timeYears[i] = 0.1 + 0.05 * i;
  }
  return b;
}

const specAt = (b: OptionBatch, i: number) => ({
  type: b.isCall[i] === 1 ? 'call' as const : 'put' as const,
  style: b.isAmerican?.[i] === 1 ? 'american' as const : 'european' as const,
  spot: b.spot[i] as number, strike: b.strike[i] as number, rate: b.rate[i] as number,
  dividendYield: b.dividendYield[i] as number, volatility: b.volatility[i] as number, timeYears: b.timeYears[i] as number,
});

describe('batch forms', () => {
  for (const american of [false, true]) {
    it(`${american ? 'American' : 'European'} batch equals the scalar API element by element`, () => {
      const b = batchOf(40, american);
      const prices = priceOptions(b);
      const greeks = optionGreeksBatch(b);
      for (let i = 0; i < 40; i++) {
        const o = specAt(b, i);
        expect(prices[i]).toBe(priceOption(o));
        const g = optionGreeks(o);
        expect(greeks.delta[i]).toBe(g.delta);
        expect(greeks.vega[i]).toBe(g.vega);
        expect(greeks.dividendRho[i]).toBe(g.dividendRho);
      }
      const { volatility, failure } = impliedVolatilities({ ...b, price: prices });
      for (let i = 0; i < 40; i++) {
        if (failure[i] === 0) expect(volatility[i]).toBeCloseTo(b.volatility[i] as number, 7);
        else expect(Number.isNaN(volatility[i])).toBe(true);
      }
    });
  }

  it('reports why an implied volatility is missing', () => {
    const b = batchOf(3, false);
    // 0: OTM put priced at 0 (zero time value); 1: ITM call below intrinsic; 2: put above K·e^{−rT}.
    const price = new Float64Array([0, 1, 1e6]);
    const { volatility, failure } = impliedVolatilities({ ...b, price });
    expect(IMPLIED_VOLATILITY_FAILURES[failure[0] as number]).toBe('zero-time-value');
    expect(IMPLIED_VOLATILITY_FAILURES[failure[1] as number]).toBe('below-lower-bound');
    expect(IMPLIED_VOLATILITY_FAILURES[failure[2] as number]).toBe('above-upper-bound');
    expect(Number.isNaN(volatility[0])).toBe(true);
    const solved = impliedVolatilities({ ...b, price: new Float64Array([1, 31, 1]) });
    expect(solved.failure[0]).toBe(0);
    expect(solved.volatility[0]).toBe(impliedVolatility({ ...specAt(b, 0), price: 1 }));
  });

  it('rejects a bad value with an InputError naming column and index', () => {
    const b = batchOf(5, false);
    b.volatility[3] = -1;
    try {
      priceOptions(b);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).details.column).toBe('volatility[3]');
    }
    expect(() => priceOptions({ ...batchOf(5, false), spot: new Float64Array(4) })).toThrow(InputError);
    const flags = batchOf(5, true);
    flags.isCall[2] = 2;
    expect(() => priceOptions(flags)).toThrow('priceOptions:isCall[2]: expected 0 or 1, got "2"');
    flags.isCall[2] = 1;
    (flags.isAmerican as Uint8Array)[4] = 7;
    expect(() => priceOptions(flags)).toThrow('priceOptions:isAmerican[4]: expected 0 or 1, got "7"');
    const infinite = batchOf(5, false);
    infinite.rate[1] = -Infinity;
    expect(() => priceOptions(infinite)).toThrow('priceOptions:rate[1]: expected a finite number, got "-Infinity"');
  });
});

describe('Black-76', () => {
  // Haug (2007) §1.1.4: F=19 K=19 T=0.75 r=0.10 σ=0.28 → call = put = 1.7011.
  it('Haug §1.1.4 example', () => {
    const o = { type: 'call' as const, forward: 19, strike: 19, rate: 0.1, volatility: 0.28, timeYears: 0.75 };
    expect(black76Price(o)).toBeCloseTo(1.7011, 4);
    expect(black76Price({ ...o, type: 'put' })).toBeCloseTo(1.7011, 4);
    expect(black76ImpliedVolatility({ ...o, price: black76Price(o) })).toBeCloseTo(0.28, 14);
  });
  it('Greeks: delta/gamma/vega/theta from BSM with q = r, rho = −T·V', () => {
    const o = { type: 'put' as const, forward: 105, strike: 100, rate: 0.05, volatility: 0.3, timeYears: 0.5 };
    const g = black76Greeks(o);
    expect(g.rho).toBeCloseTo(-0.5 * g.price, 13);
    const h = 1e-4;
    const fd = (black76Price({ ...o, forward: 105 + h }) - black76Price({ ...o, forward: 105 - h })) / (2 * h);
    expect(g.delta).toBeCloseTo(fd, 8);
    const dr = (black76Price({ ...o, rate: 0.05 + 1e-6 }) - black76Price({ ...o, rate: 0.05 - 1e-6 })) / 2e-6;
    expect(g.rho).toBeCloseTo(dr, 7);
  });
  it('rejects a bad forward', () => {
    expect(() => black76Price({ type: 'call', forward: -1, strike: 1, rate: 0, volatility: 0.2, timeYears: 1 }))
      .toThrow(InputError);
  });
});
