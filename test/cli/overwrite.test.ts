import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';

// Nothing a user saved is replaced unless they say so: every command that writes files refuses
// an existing one (exit 2, the flag and the path named) and leaves it byte for byte as it was.
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'microhedge-overwrite-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const screenArgs = ['screen', '--quiet'];

describe('existing outputs', () => {
  it('refuses to replace a JSON file without --force and keeps it unchanged', async () => {
    await writeFile(join(dir, 'kept.json'), 'my notes\n');
    const r = await run([...screenArgs, '--json', 'kept.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: --json: expected a file that does not exist yet (add --force to overwrite it), got "kept.json"\n');
    expect(await readFile(join(dir, 'kept.json'), 'utf8')).toBe('my notes\n');
  });

  it('replaces it with --force, anywhere on the command line, leaving no temporary file', async () => {
    const r = await run(['--force', ...screenArgs, '--json', 'kept.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(await readFile(join(dir, 'kept.json'), 'utf8'))).toHaveProperty('holdings');
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('checks every file of a CSV directory before writing any', async () => {
    await run([...screenArgs, '--csv', 'out'], { cwd: dir });
    await writeFile(join(dir, 'out', 'screen-flags.csv'), 'mine\n');
    const before = await readFile(join(dir, 'out', 'screen-holdings.csv'), 'utf8');
    await writeFile(join(dir, 'out', 'screen-holdings.csv'), 'also mine\n');
    const r = await run([...screenArgs, '--csv', 'out'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --csv: expected a file that does not exist yet \(add --force to overwrite it\), got "out\/screen-holdings.csv"\n$/);
    expect(await readFile(join(dir, 'out', 'screen-holdings.csv'), 'utf8')).toBe('also mine\n');
    expect(await readFile(join(dir, 'out', 'screen-flags.csv'), 'utf8')).toBe('mine\n');
    expect(before).toMatch(/^rank,symbol,/);
  });

  it('lists --force among the global options', async () => {
    expect((await run(['--help'])).stdout).toMatch(/--force +replace files that already exist/);
  });
});
