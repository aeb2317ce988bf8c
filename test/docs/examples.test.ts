import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type RunResult } from '../../src/cli/run.js';
import { illustratedInvocations, missingOutput, parseBlocks, shellWords, type Block } from './doc-examples.js';

// Every example in the user documentation is run here, so the documents cannot drift from the
// tool: the convention is described in doc-examples.ts and at the top of docs/user-guide.md.

const ROOT = process.cwd();
const DOCS = ['docs/user-guide.md', 'docs/models.md'];

/** `batch` analyses on worker threads, which run the compiled package (src/batch/pool.ts); its
 *  examples go through the same `run` built into dist/ (`npm test` builds first). */
const BUILT_RUN = join(ROOT, 'dist', 'src', 'cli', 'run.js');
const NEEDS_BUILD = new Set(['batch']);

async function runExample(argv: string[], cwd: string): Promise<RunResult> {
  const env = { ...process.env, NO_COLOR: '1' };
  if (!NEEDS_BUILD.has(argv[0] ?? '')) return run(argv, { cwd, env });
  if (!existsSync(BUILT_RUN)) throw new Error(`${BUILT_RUN} is missing: \`npm test\` builds it; run \`npm run build\` before vitest alone`);
  const built = (await import(pathToFileURL(BUILT_RUN).href)) as { run: typeof run };
  return built.run(argv, { cwd, env });
}

/** A word with `*` becomes the sorted files it matches in its directory, as a shell would. */
function expandGlobs(argv: string[], cwd: string): string[] {
  return argv.flatMap((word) => {
    if (!word.includes('*')) return [word];
    const dir = dirname(word);
    const pattern = new RegExp(`^${word.slice(dir === '.' && !word.startsWith('./') ? 0 : dir.length + 1)
      .replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
    const names = readdirSync(join(cwd, dir)).filter((n) => pattern.test(n)).sort();
    if (names.length === 0) throw new Error(`${word} matches no file`);
    return names.map((n) => (dir === '.' && !word.startsWith('./') ? n : `${dir}/${n}`));
  });
}

describe.each(DOCS)('%s', (doc) => {
  let blocks: Block[];
  let markdown: string;
  let cwd: string;

  beforeAll(async () => {
    markdown = await readFile(join(ROOT, doc), 'utf8');
    blocks = parseBlocks(markdown);
    // The examples' working directory: fresh, with the repository's data/ linked in, so the
    // examples can name data/sample/… as a reader in a checkout would and write what they like.
    cwd = await mkdtemp(join(tmpdir(), 'microhedge-docs-'));
    await symlink(join(ROOT, 'data'), join(cwd, 'data'), 'dir');
  });
  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('runs every console example, in document order, with the exit code and output shown', async () => {
    let ran = 0;
    for (const block of blocks) {
      if (block.kind === 'file') {
        await mkdir(dirname(join(cwd, block.path)), { recursive: true });
        await writeFile(join(cwd, block.path), block.content);
        continue;
      }
      if (block.kind !== 'console') continue;
      for (const command of block.commands) {
        const where = `${doc}:${command.line}: microhedge ${command.argv.join(' ')}`;
        const result = await runExample(expandGlobs(command.argv, cwd), cwd);
        const output = result.stdout + result.stderr;
        expect(result.code, `${where}\n${result.stderr}`).toBe(block.exit);
        const missing = missingOutput(command.expected, output);
        expect(missing, `${where}\nthese lines are not in the output:\n${missing}\n--- output:\n${output}`).toBeNull();
        ran++;
      }
    }
    expect(ran).toBeGreaterThan(0);
  });

  it('names only real commands and flags in the examples it does not run', async () => {
    const overview = (await run(['--help'])).stdout;
    const commands = new Set([...overview.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1]!));
    const help = new Map<string, string>();
    for (const block of blocks) {
      if (block.kind !== 'illustration') continue;
      for (const { command, flags, text } of illustratedInvocations(block.lines)) {
        expect(commands, `${doc}:${block.line}: ${text}`).toContain(command);
        if (!help.has(command)) help.set(command, (await run([command, '--help'])).stdout);
        for (const flag of flags) {
          if (flag === '--force') continue; // global: `microhedge --help`
          expect(help.get(command), `${doc}:${block.line}: ${flag} in "${text}"`).toMatch(new RegExp(`${flag}(?![\\w-])`));
        }
      }
    }
  });

  it('links only to files that exist', () => {
    for (const [, target] of markdown.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!) || target!.startsWith('#')) continue;
      const path = resolve(ROOT, dirname(doc), target!.replace(/#.*$/, ''));
      expect(existsSync(path), `${doc}: link to ${target}`).toBe(true);
    }
  });
});

describe('the example conventions', () => {
  it('splits commands into words as a shell does', () => {
    expect(shellWords(`analyze --risk "jet fuel \\"spot\\"" --x 'a b' c\\ d`, 1)).toEqual(['analyze', '--risk', 'jet fuel "spot"', '--x', 'a b', 'c d']);
    expect(() => shellWords('analyze | head', 1)).toThrow(/without shell syntax/);
  });

  it('reads console blocks, file blocks and expected output with … gaps', () => {
    const md = [
      '```csv file=a/h.csv', 'symbol,quantity', '```',
      '```console exit=2', '$ microhedge analyze \\', '    --target XOM', 'one', 'two', '…', 'four', '$ microhedge screen', '```',
      '```sh', 'npx microhedge import x.csv --db m.duckdb && microhedge analyze --db m.duckdb   # comment --not', '```',
    ].join('\n');
    const blocks = parseBlocks(md);
    expect(blocks[0]).toEqual({ kind: 'file', line: 1, path: 'a/h.csv', content: 'symbol,quantity\n' });
    expect(blocks[1]).toEqual({
      kind: 'console', line: 4, exit: 2, commands: [
        { line: 5, argv: ['analyze', '--target', 'XOM'], expected: [['one', 'two'], ['four']] },
        { line: 11, argv: ['screen'], expected: [] },
      ],
    });
    expect(blocks[2]!.kind === 'illustration' && illustratedInvocations(blocks[2]!.lines)).toEqual([
      { command: 'import', flags: ['--db'], text: 'npx microhedge import x.csv --db m.duckdb' },
      { command: 'analyze', flags: ['--db'], text: 'microhedge analyze --db m.duckdb' },
    ]);
  });

  it('finds expected runs in order, next to each other, and reports the first that is missing', () => {
    const out = 'a\nb  \nc\nd\n';
    expect(missingOutput([['a', 'b'], ['d']], out)).toBeNull();
    expect(missingOutput([['a', 'c']], out)).toBe('a\nc');
    expect(missingOutput([['c'], ['a']], out)).toBe('a');
  });
});
