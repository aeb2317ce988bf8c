import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { latestDateToday } from '../../src/data/cells.js';
import { expectNoUncomputed, runCase, type CliCase } from './corpus.js';

// The CLI's bad-input corpus (cli/cases.json): every flag of every command given a value it must
// refuse, each with the exact one-line error; exit 2, never 1 (a bug) and never a hang.

const HERE = join(process.cwd(), 'test', 'bad-inputs');
const { cases } = JSON.parse(readFileSync(join(HERE, 'cli', 'cases.json'), 'utf8')) as { cases: CliCase[] };

describe('CLI bad-input corpus', () => {
  it('has a case for every command and unique names', () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    const commands = new Set(cases.map((c) => c.argv[0]));
    for (const c of ['analyze', 'screen', 'hedge', 'backtest', 'compare', 'price', 'iv', 'chain', 'effectiveness', 'import', 'batch', 'worker', 'serve']) expect(commands).toContain(c);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const r = await runCase(c, join(HERE, 'cli', 'fixtures'));
    try {
      expect(r.stderr).not.toMatch(/^bug:/m);
      expect({ code: r.code, stderr: c.code === 2 ? r.stderr : undefined })
        .toEqual({ code: c.code, stderr: c.stderr?.replaceAll('{dir}', r.dir).replaceAll('{latest}', latestDateToday()) });
      if (c.code === 2) {
        expect(r.stderr.split('\n')).toHaveLength(2); // one line, then the newline
        expect(r.stdout).toBe('');
      }
      for (const line of c.stdoutIncludes ?? []) expect(r.stdout).toContain(line);
      expectNoUncomputed(r.stdout + r.stderr, c.argv);
    } finally {
      rmSync(r.dir, { recursive: true, force: true });
    }
  });
});
