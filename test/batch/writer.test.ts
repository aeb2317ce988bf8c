import { describe, expect, it, vi } from 'vitest';
import type { Outcome } from '../../src/batch/outcome.js';
import type { ResultSink } from '../../src/batch/sink.js';
import { OutcomeWriter } from '../../src/batch/writer.js';

const outcome = (id: string): Outcome => ({ id, file: `${id}.csv`, inputsHash: 'h', status: 'invalid', error: 'e', seconds: 0 });

function sink(fail = false): ResultSink & { batches: string[][] } {
  const batches: string[][] = [];
  return {
    where: 'memory', batches,
    begin: () => Promise.resolve(new Set()),
    summary: () => Promise.resolve([]),
    close: () => Promise.resolve(),
    write: (o) => {
      batches.push(o.map((x) => x.id));
      return fail ? Promise.reject(new Error('disk full')) : Promise.resolve();
    },
  };
}

describe('OutcomeWriter', () => {
  it('writes full batches at once and the rest on close, in order, one write at a time', async () => {
    const s = sink();
    const w = new OutcomeWriter(s, 2, 60_000);
    for (const id of ['a', 'b', 'c', 'd', 'e']) w.push(outcome(id));
    await w.close();
    expect(s.batches).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('writes what waited too long without waiting for a full batch', async () => {
    vi.useFakeTimers();
    const s = sink();
    const w = new OutcomeWriter(s, 100, 1000);
    w.push(outcome('a'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.batches).toEqual([['a']]);
    vi.useRealTimers();
    await w.close();
  });

  it('rethrows a failed write on close and writes nothing more after it', async () => {
    const s = sink(true);
    const w = new OutcomeWriter(s, 1, 60_000);
    w.push(outcome('a'));
    w.push(outcome('b'));
    await expect(w.close()).rejects.toThrow('disk full');
    expect(s.batches).toEqual([['a']]);
  });
});
