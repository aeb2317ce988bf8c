import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { bar, batchText, clock, progressDisplay, stageProgress, stageText } from '../../src/cli/progress.js';
import { run } from '../../src/cli/run.js';

// The progress line shared by every command: drawn on stderr only when it is a terminal, plain
// with NO_COLOR, nothing at all when piped. A fake TTY Io captures the frames.
const ARGS = ['analyze', '--hedges', 'sector-etf-short,protective-put', '--quiet'];
const ESC = String.fromCharCode(27);
const CLEAR = `\r${ESC}[K`;

function frames(stderr: string): string[] {
  return stderr.split(CLEAR).filter((f) => f !== '');
}

function fakeTty(env: Record<string, string> = { NO_COLOR: '1' }): { io: Io; out: () => string } {
  let out = '';
  return { io: { stdout: () => undefined, stderr: (s) => { out += s; }, isTTY: true, cwd: '.', env, force: false }, out: () => out };
}

describe('progress of an analysis', () => {
  it('is drawn on a terminal, stage by stage, in colour, and cleared at the end', async () => {
    const r = await run(ARGS, { isTTY: true, env: {} });
    expect(r.code).toBe(0);
    const f = frames(r.stderr);
    expect(f[0]!.startsWith(`${ESC}[36manalysing${ESC}[0m: loading portfolio and market data  `)).toBe(true);
    expect(f[0]).toMatch(/ \d+\.\d s$/);
    const stages = f.map((x) => /: (.*?)(?: \[| {2}\d)/.exec(x)![1]);
    expect([...new Set(stages)]).toEqual(['loading portfolio and market data', 'concern screen', 'market model', 'historical scenarios', 'hedge candidates',
      expect.stringMatching(/^revaluing \d+ hedges in 747 scenarios$/), 'walk-forward tests', 'ranking: best sizes and pairs',
      'report: risk figures and contributions']);
    // Stages made of steps end on a full bar.
    expect(f).toContainEqual(expect.stringMatching(/hedge candidates \[#{16}\] 2\/2 {2}/));
    expect(r.stderr.endsWith(CLEAR)).toBe(true);
  });

  it('has no colour with NO_COLOR, and no escape code at all when stderr is not a terminal', async () => {
    const plain = await run(ARGS, { isTTY: true, env: { NO_COLOR: '1' } });
    expect(plain.stderr).toContain(`${CLEAR}analysing: concern screen`);
    expect(plain.stderr.startsWith(`${CLEAR}analysing: loading portfolio and market data  `)).toBe(true);
    expect(plain.stderr).not.toContain(`${ESC}[36m`);
    for (const argv of [ARGS, ['hedge', 'sector-etf-short', '--ratio', '0.5', '--quiet'], ['backtest', '--kind', 'sector-etf-short', '--quiet'],
      ['compare', '--hedges', 'short-self,macro-index-futures', '--quiet']]) {
      const piped = await run(argv, { isTTY: false, env: {} });
      expect(piped.code).toBe(0);
      expect(piped.stderr).toBe('');
    }
  });

  it('names the scenarios a method draws, and how many', async () => {
    const r = await run(['analyze', '--hedges', 'short-self', '--scenarios', 'mc-t', '--count', '2000', '--quiet'], { isTTY: true, env: { NO_COLOR: '1' } });
    expect(r.code).toBe(0);
    expect(frames(r.stderr)).toContainEqual(expect.stringMatching(/^analysing: Monte Carlo \(Student-t\) scenarios: drawing 2,000 {2}\d+\.\d s$/));
  });

  it('is drawn by hedge, backtest and compare too, and for terms of the user\'s choosing', async () => {
    const r = await run(['hedge', 'sector-etf-short', '--ratio', '0.5', '--quiet'], { isTTY: true, env: { NO_COLOR: '1' } });
    expect(r.code).toBe(0);
    expect(frames(r.stderr)).toContainEqual(expect.stringMatching(/^evaluating: your terms {2}\d+\.\d s$/));
    for (const argv of [['backtest', '--kind', 'sector-etf-short', '--quiet'], ['compare', '--hedges', 'short-self,macro-index-futures', '--quiet']]) {
      const c = await run(argv, { isTTY: true, env: { NO_COLOR: '1' } });
      expect(frames(c.stderr)[0]).toMatch(/^analysing: loading portfolio and market data {2}\d+\.\d s$/);
      expect(c.stderr.endsWith(CLEAR)).toBe(true);
    }
  });
});

describe('the progress line', () => {
  it('draws a bar for stages made of steps, within 100 columns', () => {
    expect(stageText('analysing', { stage: 'walk-forward tests', done: 3, total: 8 }, 2.14, false))
      .toBe('analysing: walk-forward tests [######..........] 3/8  2.1 s');
    expect(stageText('analysing', { stage: 'report', done: 0, total: 1 }, 0, true)).toBe(`${ESC}[36manalysing${ESC}[0m: report  0.0 s`);
    const long = stageText('importing', { stage: `reading ${'x'.repeat(200)}.csv`, done: 1, total: 2 }, 1, true);
    expect(long.replaceAll(new RegExp(`${ESC}\\[\\d+m`, 'g'), '')).toHaveLength(100);
    expect([bar(0, 4, 8), bar(1, 4, 8), bar(5, 4, 8), bar(0, 0, 4)]).toEqual(['[........]', '[##......]', '[########]', '[####]']);
  });

  it('redraws a stage at most ten times a second, but always a new stage and a full bar', () => {
    let clockMs = 0;
    const { io, out } = fakeTty();
    const p = stageProgress(io, 'analysing', () => clockMs);
    for (let i = 0; i <= 10; i++) { clockMs += 20; p.update({ stage: 'walk-forward tests', done: i, total: 10 }); }
    p.update({ stage: 'report', done: 0, total: 1 });
    p.end();
    expect(frames(out())).toEqual([
      'analysing: walk-forward tests [................] 0/10  0.0 s',
      'analysing: walk-forward tests [########........] 5/10  0.1 s',
      'analysing: walk-forward tests [################] 10/10  0.2 s',
      'analysing: report  0.2 s',
    ]);
    expect(out().endsWith(CLEAR)).toBe(true);
  });

  it('writes nothing when stderr is not a terminal, and clears nothing it did not draw', () => {
    let out = '';
    const io: Io = { stdout: () => undefined, stderr: (s) => { out += s; }, isTTY: false, cwd: '.', env: {}, force: false };
    const p = progressDisplay<number>(io, (n) => `n=${n}`);
    p.update(1);
    p.end();
    expect(out).toBe('');
    const tty = fakeTty();
    progressDisplay<number>(tty.io, (n) => `n=${n}`).end();
    expect(tty.out()).toBe('');
  });

  it('shows a batch\'s bar, counts, rate, time left, failures and queue', () => {
    expect(batchText({ done: 250, total: 1000, invalid: 1, failed: 2 }, 10))
      .toBe('[######..................] 250/1000  25.0/s  0:30 left  3 failed');
    expect(batchText({ done: 4, total: 4, invalid: 0, failed: 0, queue: { waiting: 0, active: 0, delayed: 1, workers: 1 } }, 2))
      .toBe('[########################] 4/4  2.0/s  queue: 0 waiting, 0 active, 1 retrying, 1 worker');
    expect(batchText({ done: 0, total: 0, invalid: 0, failed: 0 }, 0)).toBe('[########################] 0/0  0.0/s');
    expect([clock(0), clock(75), clock(3725), clock(59.6)]).toEqual(['0:00', '1:15', '1:02:05', '1:00']);
  });
});
