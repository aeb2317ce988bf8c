import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { futuresSpec, type FuturesSpec } from '../../src/domain/contracts.js';
import { isoDayNumber, isoFromDayNumber } from '../../src/domain/dates.js';
import { readPrices } from '../../src/data/prices.js';
import type { PriceSeries } from '../../src/data/types.js';
import {
  basisStatistics, betaAdjustmentContracts, contractsFromValues, hedgeRatioFromMoments, lastTradingDays, nearbyExpiry,
  optimalContracts, pairedChanges, rollCarry, rollFlags, rollRule, rollSpreads, tailingFactor, tickSize, tradingCalendar,
  type RollRule,
} from '../../src/hedges/futures-math.js';
import { variance } from '../../src/stats/descriptive.js';
import { olsRegression } from '../../src/stats/regression.js';
import type { Prepared } from '../../src/pipeline/analyze.js';
import { energyPrepared, vectors } from './futures-context.js';

function spec(symbol: string): FuturesSpec {
  const s = futuresSpec(symbol);
  if (s === undefined) throw new Error(symbol);
  return s;
}

function rule(symbol: string): RollRule {
  return rollRule(spec(symbol));
}

describe('textbook worked examples (Hull, Options, Futures and Other Derivatives, 9th ed., ch. 3)', () => {
  it('§3.4 airline hedging jet fuel with heating oil futures: h* = 0.928 × 0.0263/0.0313 ≈ 0.78, N* ≈ 37 contracts', () => {
    // σ_S = 0.0263 (jet fuel), σ_F = 0.0313 (heating oil futures), ρ = 0.928; 2,000,000 gallons,
    // 42,000 gallons per contract. Hull rounds h* to 0.78 and N* to 37.
    const h = hedgeRatioFromMoments(0.928, 0.0263, 0.0313);
    expect(h).toBeCloseTo(0.78, 2);
    expect(h).toBeCloseTo((0.928 * 0.0263) / 0.0313, 15);
    expect(Math.round(optimalContracts(h, 2_000_000, 42_000))).toBe(37);
    expect(optimalContracts(0.78, 2_000_000, 42_000)).toBeCloseTo(37.14, 2);
  });

  it('§3.4 tailing the hedge: with spot 1.94 and futures 1.99 $/gallon, N* = ĥ·V_A/V_F gives 36 rather than 37 contracts', () => {
    // V_A = 2,000,000 × 1.94 = 3,880,000; V_F = 42,000 × 1.99 = 83,580.
    const n = contractsFromValues(0.78, 2_000_000 * 1.94, 42_000 * 1.99);
    expect(n).toBeCloseTo((0.78 * 3_880_000) / 83_580, 12);
    expect(Math.round(n)).toBe(36);
  });

  it('§3.5 hedging an equity portfolio: $5,050,000, β = 1.5, S&P 500 futures at 1,010 × 250 → sell 30; to β 0.75 sell 15; to β 2.0 buy 10', () => {
    expect(betaAdjustmentContracts(0, 1.5, 5_050_000, 1010, 250)).toBeCloseTo(-30, 12);
    expect(betaAdjustmentContracts(0.75, 1.5, 5_050_000, 1010, 250)).toBeCloseTo(-15, 12);
    expect(betaAdjustmentContracts(2.0, 1.5, 5_050_000, 1010, 250)).toBeCloseTo(10, 12);
  });

  it('tailing factor e^(−rT) matches numpy (test/reference/hedges/make-futures-vectors.py) to rounding', () => {
    for (const t of vectors.tailing) expect(tailingFactor(t.rate, t.years)).toBeCloseTo(t.factor, 15);
  });
});

describe('exchange roll calendars', () => {
  let futures: PriceSeries[];
  beforeAll(() => {
    const file = 'data/sample/energy_futures_nearby_2007-2025.csv';
    futures = readPrices(readFileSync(join(process.cwd(), file), 'utf8'), file).series;
  });
  const lastDays = (symbol: string) => {
    const series = futures.find((s) => s.symbol === symbol)!;
    const first = isoDayNumber(series.dates[0]!);
    const last = isoDayNumber(series.dates[series.dates.length - 1]!);
    return lastTradingDays(rule(symbol), tradingCalendar(series.dates), first + 1, last - 1).map(isoFromDayNumber);
  };

  // The Python script re-implements the rules from the contract specifications with pandas, on
  // the same file's dates as business days: every last trading day 2007–2025 must agree.
  for (const [family, symbol] of [['CL', 'CL01'], ['NG', 'NG01'], ['HO', 'HO01'], ['RB', 'RB01'], ['BRN', 'BRN01']] as const) {
    it(`${family}: every last trading day 2007–2025 equals the independent re-implementation`, () => {
      expect(lastDays(symbol)).toEqual(vectors.calendars[family].lastTradingDays);
    });
  }

  it('known expiries: WTI May-2020 traded last on 2020-04-21 (the day after −37.63); the nearby series rolls the next day', () => {
    expect(lastDays('CL01')).toContain('2020-04-21');
    const cl01 = futures.find((s) => s.symbol === 'CL01')!;
    const cl02 = futures.find((s) => s.symbol === 'CL02')!;
    const i = cl01.dates.indexOf('2020-04-22');
    // On the roll day CL01 is the contract CL02 was: June settled 11.57 on the 21st, 13.78 on the 22nd.
    expect(cl02.values[cl02.dates.indexOf('2020-04-21')]).toBe(11.57);
    expect(cl01.values[i]).toBe(13.78);
    const flags = rollFlags(cl01.dates, lastDays('CL01').map(isoDayNumber));
    expect(flags[i]).toBe(1);
    expect(flags[i - 1]).toBe(0);
  });

  it('the front contract on an as-of date: CL01 → 2024-12-19 (Jan-25), CL02 → 2025-01-21 (Feb-25, the 25th a Saturday); ES → the third Friday', () => {
    const cl = futures.find((s) => s.symbol === 'CL01')!;
    const calendar = tradingCalendar(cl.dates);
    expect(nearbyExpiry(rule('CL01'), calendar, '2024-11-29', 1)).toBe('2024-12-19');
    expect(nearbyExpiry(rule('CL01'), calendar, '2024-11-29', 2)).toBe('2025-01-21');
    // On its last trading day a contract is still the front month.
    expect(nearbyExpiry(rule('CL01'), calendar, '2024-12-19', 1)).toBe('2024-12-19');
    expect(nearbyExpiry(rule('CL01'), calendar, '2024-12-20', 1)).toBe('2025-01-21');
    const weekdays = tradingCalendar([]);
    expect(nearbyExpiry(rule('ES'), weekdays, '2010-09-18', 1)).toBe('2010-12-17');
    expect(nearbyExpiry(rule('ES'), weekdays, '2023-10-06', 1)).toBe('2023-12-15');
    expect(nearbyExpiry(rule('ES'), weekdays, '2023-10-06', 2)).toBe('2024-03-15');
  });

  it('flags exactly one daily change per contract expiry, on any calendar (property)', () => {
    fc.assert(fc.property(
      fc.integer({ min: isoDayNumber('2008-01-01'), max: isoDayNumber('2024-01-01') }),
      fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 30, maxLength: 400 }),
      (start, steps) => {
        const days: number[] = [start];
        for (const s of steps) days.push(days[days.length - 1]! + s);
        const dates = days.map(isoFromDayNumber);
        const expiries = lastTradingDays(rule('CL01'), tradingCalendar([]), start - 40, days[days.length - 1]! + 40);
        const flags = rollFlags(dates, expiries);
        const inside = expiries.filter((e) => e >= days[0]! && e < days[days.length - 1]!).length;
        return flags.reduce((a, b) => a + b, 0) === inside && flags[0] === 0;
      },
    ));
  });

  it('every futures family microhedge knows has a roll calendar and a tick size', () => {
    for (const symbol of ['ES', 'CL01', 'BRN03', 'NG06', 'HO02', 'RB01']) {
      expect(rule(symbol).rollsPerYear).toBeGreaterThan(0);
      expect(tickSize(spec(symbol))).toBeGreaterThan(0);
    }
  });

  it('tick sizes and roll frequency of the contracts in the sample', () => {
    expect(tickSize(spec('CL01'))).toBe(0.01);
    expect(tickSize(spec('ES'))).toBe(0.25);
    expect(tickSize(spec('HO02'))).toBe(0.0001);
    expect(rule('ES').rollsPerYear).toBe(4);
    expect(rule('NG03').rollsPerYear).toBe(12);
  });
});

describe('on the energy sample as of 2024-11-29 (757 aligned days)', () => {
  let p: Prepared;
  beforeAll(async () => { p = await energyPrepared(); });
  const window = () => {
    const { ctx } = p;
    const col = (s: string) => ctx.history.columns[ctx.history.symbols.indexOf(s)]!;
    const cl = p.ctx.prices.find((s) => s.symbol === 'CL01')!;
    const from = ctx.asOfIndex - ctx.lookbackDays;
    const expiries = lastTradingDays(rule('CL01'), tradingCalendar(cl.dates), isoDayNumber(ctx.history.dates[from]!), isoDayNumber(ctx.history.dates[ctx.asOfIndex]!));
    return { ctx, col, from, to: ctx.asOfIndex, flags: rollFlags(ctx.history.dates, expiries) };
  };

  it('the window and its 37 roll days are the reference ones', () => {
    const { ctx, flags, from } = window();
    expect(ctx.history.dates[from]).toBe(vectors.energy.firstDate);
    expect(ctx.history.dates.filter((_, t) => flags[t] === 1)).toEqual(vectors.energy.rollDates);
  });

  // statsmodels OLS on the same days: the slope agrees to rounding (1e-12 relative); R² and the
  // standard error to 1e-10 (they go through sums of squares).
  for (const contract of ['CL01', 'CL02'] as const) {
    it(`${contract}: minimum-variance ratio from price changes without roll days equals statsmodels OLS`, () => {
      const { col, flags, from, to } = window();
      const changes = pairedChanges(col('WTI'), col(contract), flags, from, to);
      const fit = olsRegression(changes.spot, changes.futures);
      if (!fit.ok) throw new Error(fit.reason);
      const ref = vectors.energy[contract];
      expect(fit.value.n).toBe(ref.n);
      expect(fit.value.slope).toBeCloseTo(ref.slope, 12);
      expect(fit.value.slopeStdError).toBeCloseTo(ref.slopeStdError, 12);
      expect(fit.value.rSquared).toBeCloseTo(ref.rSquared, 12);
    });

    it(`${contract}: basis statistics and roll spreads equal pandas'`, () => {
      const { ctx, col, flags, from, to } = window();
      const b = basisStatistics(col('WTI'), col(contract), flags, ctx.history.dates, from, to, 10);
      const ref = vectors.energy[contract].basis;
      expect(b.last).toBeCloseTo(ref.last, 12);
      expect(b.mean).toBeCloseTo(ref.mean, 12);
      expect(b.stdDev).toBeCloseTo(ref.stdDev, 12);
      expect(b.dailyChangeStdDev).toBeCloseTo(ref.dailyChangeStdDev, 12);
      expect(b.worstFall).toBeCloseTo(ref.worstFall, 12);
      expect(b.worstRise).toBeCloseTo(ref.worstRise, 12);
      expect(b.worstFallWindow[0]).toBe(ref.worstFallStart);
      expect(b.worstRiseWindow[0]).toBe(ref.worstRiseStart);
      const next = contract === 'CL01' ? 'CL02' : 'CL03';
      const spreads = rollSpreads(col(contract), col(next), flags, ctx.history.dates, from, to);
      const r = vectors.energy[contract].rollSpreads;
      expect(spreads.dates).toEqual(r.dates);
      expect(spreads.spreads.reduce((a, x) => a + x, 0) / spreads.spreads.length).toBeCloseTo(r.mean, 12);
    });
  }
});

describe('properties', () => {
  // Daily futures moves in whole cents, as settlement prices move, with at least a dollar of
  // spread between them (a futures series that hardly moves has no defined hedge ratio).
  const series = fc.array(fc.integer({ min: -500, max: 500 }).map((c) => c / 100), { minLength: 10, maxLength: 120 })
    .filter((steps) => Math.max(...steps) - Math.min(...steps) >= 1)
    .map((steps) => {
      const spot = new Float64Array(steps.length + 1);
      const futures = new Float64Array(steps.length + 1);
      spot[0] = 50;
      futures[0] = 51;
      steps.forEach((s, i) => {
        futures[i + 1] = futures[i]! + s;
        // A spot that follows the futures with its own noise (a deterministic wiggle).
        spot[i + 1] = spot[i]! + 0.9 * s + 0.3 * Math.sin(7 * i + s);
      });
      return { spot, futures };
    });
  const noRolls = (n: number) => new Uint8Array(n);

  const ratio = (spot: Float64Array, futures: Float64Array) => {
    const c = pairedChanges(spot, futures, noRolls(spot.length), 0, spot.length - 1);
    const fit = olsRegression(c.spot, c.futures);
    return fit.ok ? fit.value.slope : undefined;
  };

  it('the hedge ratio is invariant to scaling both prices and to shifting either (price changes, not returns)', () => {
    fc.assert(fc.property(series, fc.double({ min: 0.01, max: 100, noNaN: true }), fc.double({ min: -80, max: 80, noNaN: true }),
      ({ spot, futures }, scale, shift) => {
        const h = ratio(spot, futures);
        if (h === undefined) return true;
        const scaled = ratio(spot.map((x) => x * scale), futures.map((x) => x * scale))!;
        const shifted = ratio(spot.map((x) => x + shift), futures.map((x) => x - shift))!;
        return Math.abs(scaled - h) <= 1e-7 * (1 + Math.abs(h)) && Math.abs(shifted - h) <= 1e-7 * (1 + Math.abs(h));
      }));
  });

  it('h* minimises the variance of the hedged price changes', () => {
    fc.assert(fc.property(series, fc.double({ min: -3, max: 3, noNaN: true }), ({ spot, futures }, other) => {
      const c = pairedChanges(spot, futures, noRolls(spot.length), 0, spot.length - 1);
      const fit = olsRegression(c.spot, c.futures);
      if (!fit.ok) return true;
      const hedged = (h: number) => variance(c.spot.map((s, i) => s - h * c.futures[i]!));
      return hedged(fit.value.slope) <= hedged(other) * (1 + 1e-9) + 1e-12;
    }));
  });

  it('contracts scale linearly with the position and inversely with the contract size', () => {
    fc.assert(fc.property(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: 1, max: 1e7, noNaN: true }),
      fc.double({ min: 0.01, max: 1000, noNaN: true }), fc.double({ min: 1, max: 1e5, noNaN: true }), (h, q, k, size) => {
        const n = optimalContracts(h, q, size);
        return Math.abs(optimalContracts(h, k * q, size) - k * n) <= 1e-9 * Math.abs(k * n) + 1e-12
          && Math.abs(optimalContracts(h, q, size * k) - n / k) <= 1e-9 * Math.abs(n / k) + 1e-12;
      }));
  });

  it('a common move in spot and futures leaves every basis statistic unchanged', () => {
    fc.assert(fc.property(series, fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 200, maxLength: 200 }),
      ({ spot, futures }, common) => {
        const n = spot.length;
        if (n < 13) return true;
        const dates = Array.from({ length: n }, (_, i) => isoFromDayNumber(19000 + i));
        const rolls = Uint8Array.from({ length: n }, (_, i) => (i % 21 === 20 ? 1 : 0));
        const a = basisStatistics(spot, futures, rolls, dates, 0, n - 1, 10);
        const b = basisStatistics(spot.map((x, i) => x + common[i]!), futures.map((x, i) => x + common[i]!), rolls, dates, 0, n - 1, 10);
        const close = (x: number, y: number) => Math.abs(x - y) <= 1e-8 * (1 + Math.abs(x));
        return close(a.last, b.last) && close(a.stdDev, b.stdDev) && close(a.dailyChangeStdDev, b.dailyChangeStdDev)
          && close(a.worstFall, b.worstFall) && close(a.worstRise, b.worstRise);
      }));
  });

  it('roll carry: a short earns in contango and pays in backwardation, linearly in time and size', () => {
    expect(rollCarry(-40, 1000, 0.3, 12, 1)).toBeCloseTo(-144_000, 9);
    expect(rollCarry(-40, 1000, -0.28, 12, 10 / 252)).toBeCloseTo(40 * 1000 * 0.28 * 12 * 10 / 252, 9);
    expect(rollCarry(40, 1000, 0.3, 12, 0.5)).toBeCloseTo(-rollCarry(-40, 1000, 0.3, 12, 0.5), 9);
  });
});
