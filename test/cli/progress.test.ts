import { describe, expect, it } from 'vitest';
import { analysisProgress, progressText } from '../../src/cli/progress.js';
import type { Io } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';

const ARGS = ['analyze', '--hedges', 'sector-etf-short,protective-put', '--quiet'];

describe('progress of an analysis', () => {
  it('is drawn on a terminal, stage by stage, in colour, and cleared at the end', async () => {
    const r = await run(ARGS, { isTTY: true, env: {} });
    expect(r.code).toBe(0);
    const frames = r.stderr.split('\r\x1b[K').filter((f) => f !== '');
    expect(frames[0]!.startsWith('\x1b[36manalysing\x1b[0m: concern screen  ')).toBe(true);
    expect(frames[0]).toMatch(/ \d+\.\d s$/);
    const stages = frames.map((f) => /: (.*?)(?: \[| {2}\d)/.exec(f)![1]);
    expect([...new Set(stages)]).toEqual(['concern screen', 'market model and historical scenarios', 'hedge candidates',
      expect.stringMatching(/^revaluing \d+ hedges in 747 scenarios$/), 'walk-forward tests', 'report']);
    expect(r.stderr.endsWith('\r\x1b[K')).toBe(true);
  });

  it('has no colour with NO_COLOR and nothing at all when stderr is not a terminal', async () => {
    const plain = await run(ARGS, { isTTY: true, env: { NO_COLOR: '1' } });
    expect(plain.stderr).toContain('\r\x1b[Kanalysing: concern screen');
    expect(plain.stderr).not.toContain('\x1b[36m');
    const piped = await run(ARGS, { isTTY: false, env: {} });
    expect(piped.stderr).toBe('');
  });

  it('draws a bar for stages made of steps and redraws a stage at most ten times a second', () => {
    expect(progressText({ stage: 'walk-forward tests', done: 3, total: 8 }, 2.14, false))
      .toBe('analysing: walk-forward tests [######..........] 3/8  2.1 s');
    let clock = 0;
    let out = '';
    const io: Io = { stdout: () => undefined, stderr: (s) => { out += s; }, isTTY: true, cwd: '.', env: { NO_COLOR: '1' }, force: false };
    const p = analysisProgress(io, () => clock);
    for (let i = 0; i < 10; i++) { clock += 20; p.update({ stage: 'walk-forward tests', done: i, total: 10 }); }
    p.end();
    expect(out.split('\r\x1b[K').filter((f) => f !== '')).toEqual([
      'analysing: walk-forward tests [................] 0/10  0.0 s',
      'analysing: walk-forward tests [########........] 5/10  0.1 s',
    ]);
  });
});
