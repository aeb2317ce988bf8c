import { describe, expect, it } from 'vitest';
import { latestDateToday } from '../../src/data/cells.js';
import { issueDetails } from '../../src/pipeline/issues.js';
import { configSchema } from '../../src/pipeline/config.js';

describe('latestDateToday', () => {
  it('is the calendar date at UTC+14, the first time zone to reach a day', () => {
    expect(latestDateToday(new Date('2026-11-25T09:59:59Z'))).toBe('2026-11-25');
    expect(latestDateToday(new Date('2026-11-25T10:00:00Z'))).toBe('2026-11-26');
    expect(latestDateToday(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
  });
});

describe('echoing a wrong value', () => {
  it('previews a value nested 100,000 deep in one bounded line (JSON.stringify overflowed the stack)', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const parsed = configSchema.safeParse({ horizonDays: deep }, { reportInput: true });
    expect(parsed.success).toBe(false);
    const d = issueDetails(parsed.error!.issues[0]!, 'a field');
    expect(d).toEqual({ file: 'horizonDays', expected: 'a number', value: '[[[[[…]]]]]' });
  });
});
