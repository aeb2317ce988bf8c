import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';

// The built binary as `npx microhedge` runs it (npm test builds first): real process, real exit codes.
const BIN = 'dist/src/cli/main.js';
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe('the microhedge binary', () => {
  beforeAll(() => {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: \`npm test\` builds it; run \`npm run build\` before vitest alone`);
  });

  it('prints help and exits 0', () => {
    const r = cli('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^microhedge — ways to hedge one holding/);
    expect(r.stdout).toMatch(/analyze/);
  });

  it('exits 2 with one line on a user error, nothing on stdout', () => {
    const r = cli('analyze', '--horizon', 'ten');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error: --horizon: expected an integer from 1 to 250, got "ten"\n');
  });

  it('writes only the JSON report to stdout with --json -', () => {
    const r = cli('analyze', '--json', '-', '--hedges', 'short-self');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).target).toBe('AAPL');
    expect(r.stderr).toMatch(/hedging AAPL/);
  });
});
