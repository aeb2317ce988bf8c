import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PriceHistory } from '../../src/domain/market.js';
import { historicalScenarios } from '../../src/scenarios/historical.js';

function history(columns: number[][]): PriceHistory {
  const n = columns[0]!.length;
  return {
    dates: Array.from({ length: n }, (_, i) => `2024-01-${String(i + 1).padStart(2, '0')}`),
    symbols: columns.map((_, j) => `S${j}`),
    columns: columns.map((c) => Float64Array.from(c)),
  };
}

describe('historical scenarios', () => {
  const h = history([[100, 101, 103, 102, 105, 110, 108], [50, 49, 48, 50, 51, 52, 50]]);

  it('gives every symbol P(t+h)/P(t) for each overlapping window ending by the as-of date', () => {
    const s = historicalScenarios(h, { horizonDays: 2, lookbackDays: 6, endIndex: 6, overlapping: true });
    expect(s.count).toBe(5);
    expect(Array.from(s.relatives[0]!)).toEqual([103 / 100, 102 / 101, 105 / 103, 110 / 102, 108 / 105]);
    expect(Array.from(s.relatives[1]!)).toEqual([48 / 50, 50 / 49, 51 / 48, 52 / 50, 50 / 51]);
    expect(s.windows?.end.at(-1)).toBe('2024-01-07');
    expect(s.windows?.start[0]).toBe('2024-01-01');
    expect(s.elapsedYears).toBeCloseTo(2 / 252, 15);
  });

  it('non-overlapping windows are counted back from the as-of date', () => {
    const s = historicalScenarios(h, { horizonDays: 2, lookbackDays: 6, endIndex: 6, overlapping: false });
    expect(s.windows?.start).toEqual(['2024-01-01', '2024-01-03', '2024-01-05']);
    expect(Array.from(s.relatives[0]!)).toEqual([103 / 100, 105 / 103, 108 / 105]);
  });

  it('stops at an earlier as-of date and never looks past it', () => {
    const s = historicalScenarios(h, { horizonDays: 1, lookbackDays: 3, endIndex: 4, overlapping: true });
    expect(s.windows?.end).toEqual(['2024-01-03', '2024-01-04', '2024-01-05']);
  });

  it('properties: L − h + 1 overlapping windows, last ends on the as-of date, relatives invariant to price scale', () => {
    fc.assert(fc.property(
      fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: 20, maxLength: 80 }),
      fc.integer({ min: 1, max: 10 }),
      fc.double({ min: 0.01, max: 100, noNaN: true }),
      (prices, horizon, scale) => {
        const end = prices.length - 1;
        const lookback = end;
        const s = historicalScenarios(history([prices]), { horizonDays: horizon, lookbackDays: lookback, endIndex: end, overlapping: true });
        const scaled = historicalScenarios(history([prices.map((p) => p * scale)]), { horizonDays: horizon, lookbackDays: lookback, endIndex: end, overlapping: true });
        expect(s.count).toBe(lookback - horizon + 1);
        expect(s.windows?.end.at(-1)).toBe(history([prices]).dates[end]);
        for (let i = 0; i < s.count; i++) {
          expect(scaled.relatives[0]![i]).toBeCloseTo(s.relatives[0]![i]!, 12);
        }
      },
    ));
  });
});
