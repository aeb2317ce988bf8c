import { describe, expect, it } from 'vitest';
import { clock, progressLine } from '../../src/batch/progress.js';

describe('progressLine', () => {
  it('shows the bar, counts, rate, time left and failures', () => {
    expect(progressLine({ done: 250, total: 1000, invalid: 1, failed: 2 }, 10))
      .toBe('[######..................] 250/1000  25.0/s  0:30 left  3 failed');
  });

  it('adds what the queue reports, and stops counting down at the end', () => {
    expect(progressLine({ done: 4, total: 4, invalid: 0, failed: 0, queue: { waiting: 0, active: 0, delayed: 1, workers: 1 } }, 2))
      .toBe('[########################] 4/4  2.0/s  queue: 0 waiting, 0 active, 1 retrying, 1 worker');
    expect(progressLine({ done: 0, total: 0, invalid: 0, failed: 0 }, 0)).toBe('[########################] 0/0  0.0/s');
  });
});

describe('clock', () => {
  it('formats seconds as m:ss or h:mm:ss', () => {
    expect([clock(0), clock(75), clock(3725), clock(59.6)]).toEqual(['0:00', '1:15', '1:02:05', '1:00']);
  });
});
