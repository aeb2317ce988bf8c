import { describe, expect, it } from 'vitest';
import { formatInputError, InputError } from '../../src/domain/errors.js';

describe('InputError messages', () => {
  it('name the place, what was expected and the value', () => {
    expect(formatInputError({ file: 'px.csv', row: 3, column: 'AAPL', value: '18x4.2', expected: 'a price (a number)' }))
      .toBe('px.csv:3:AAPL: expected a price (a number), got "18x4.2"');
    expect(new InputError({ file: '--horizon', expected: 'a positive integer' }).message).toBe('--horizon: expected a positive integer');
  });

  it('cut a long value to 60 characters: a path keeps its file name, anything else its start', () => {
    const path = `/home/someone/${'deep/'.repeat(20)}reports/summary.csv`;
    const shown = /got "(.*)"$/.exec(formatInputError({ file: '--csv', value: path, expected: 'x' }))![1]!;
    expect(shown).toHaveLength(60);
    expect(shown.startsWith('…')).toBe(true);
    expect(shown.endsWith('reports/summary.csv')).toBe(true);
    const list = `[${Array(100).fill('0.95').join(',')}]`;
    expect(formatInputError({ file: 'confidence', value: list, expected: 'x' })).toBe(`confidence: expected x, got "${list.slice(0, 60)}…"`);
    expect(formatInputError({ file: 'f', value: 'a b/c '.repeat(20), expected: 'x' })).toMatch(/got "a b\/c a b.*…"$/);
  });
});
