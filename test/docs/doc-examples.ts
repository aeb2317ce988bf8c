// Reads the runnable examples out of a Markdown document (docs/user-guide.md, docs/models.md).
//
// The convention, stated at the top of the user guide:
// - a ```console block holds commands `$ microhedge …` (a line ending in ` \` continues on the
//   next), each followed by lines of its output; the lines shown must appear in the command's
//   output (stdout, then stderr) in the same order and next to each other, except across a line
//   holding only `…`, which stands for any number of lines left out. The command must exit with
//   0, or with N when the fence says `exit=N` (```console exit=2).
// - a block whose fence names a file (```csv file=holdings.csv) is written to that path, relative
//   to the examples' working directory, before the commands that follow it run.
// - any other block (```sh, ```json, …) is an illustration that is not run; the test still checks
//   that every `microhedge COMMAND --flag` in it names a real command and flags its --help lists.

export type Command = {
  /** 1-based line of the `$` in the document. */
  line: number;
  argv: string[];
  /** Runs of consecutive output lines that must appear, in this order. */
  expected: string[][];
};

export type Block =
  | { kind: 'console'; line: number; exit: number; commands: Command[] }
  | { kind: 'file'; line: number; path: string; content: string }
  | { kind: 'illustration'; line: number; lang: string; lines: string[] };

const ELLIPSIS = '…';

export function parseBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,}|~{3,})\s*(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const [lang = '', ...attributes] = open[2]!.trim().split(/\s+/);
    const attrs = new Map(attributes.map((a) => {
      const eq = a.indexOf('=');
      return eq < 0 ? [a, ''] : [a.slice(0, eq), a.slice(eq + 1)];
    }));
    const start = i + 1;
    let end = start;
    const closes = (l: string) => l.startsWith(fence) && /^[`~]+\s*$/.test(l) && l[0] === fence[0];
    while (end < lines.length && !closes(lines[end]!)) end++;
    if (end >= lines.length) throw new Error(`line ${i + 1}: code block is not closed`);
    const body = lines.slice(start, end);
    const line = i + 1;
    if (attrs.has('file')) {
      const path = attrs.get('file')!;
      if (path === '' || path.startsWith('/') || path.split('/').includes('..')) throw new Error(`line ${line}: file= needs a relative path inside the examples' directory, got "${path}"`);
      blocks.push({ kind: 'file', line, path, content: body.join('\n') + '\n' });
    } else if (lang === 'console') {
      const exit = attrs.has('exit') ? Number(attrs.get('exit')) : 0;
      if (!Number.isInteger(exit)) throw new Error(`line ${line}: exit= needs a whole number`);
      blocks.push({ kind: 'console', line, exit, commands: parseConsole(body, start + 1) });
    } else {
      blocks.push({ kind: 'illustration', line, lang, lines: body });
    }
    i = end;
  }
  return blocks;
}

function parseConsole(body: string[], firstLine: number): Command[] {
  const commands: Command[] = [];
  let current: { line: number; argv: string[]; output: string[] } | undefined;
  const finish = () => {
    if (current) commands.push({ line: current.line, argv: current.argv, expected: chunks(current.output) });
  };
  for (let k = 0; k < body.length; k++) {
    const text = body[k]!;
    if (!text.startsWith('$ ')) {
      if (!current) throw new Error(`line ${firstLine + k}: a console block starts with a '$ microhedge …' command`);
      current.output.push(text.trimEnd());
      continue;
    }
    finish();
    const line = firstLine + k;
    let command = text.slice(2);
    while (command.endsWith('\\') && k + 1 < body.length) command = command.slice(0, -1) + body[++k]!.trim();
    const argv = shellWords(command, line);
    if (argv[0] !== 'microhedge') throw new Error(`line ${line}: console examples run microhedge only, got "${argv[0]}"`);
    current = { line, argv: argv.slice(1), output: [] };
  }
  finish();
  return commands;
}

function chunks(output: string[]): string[][] {
  const out: string[][] = [];
  let chunk: string[] = [];
  const close = () => {
    while (chunk.length > 0 && chunk[0] === '') chunk.shift();
    while (chunk.length > 0 && chunk[chunk.length - 1] === '') chunk.pop();
    if (chunk.length > 0) out.push(chunk);
    chunk = [];
  };
  for (const l of output) {
    if (l.trim() === ELLIPSIS) close();
    else chunk.push(l);
  }
  close();
  return out;
}

/** POSIX-shell words: blanks separate, '…' is literal, "…" keeps \" \\ \$ \` escapes, a
 *  backslash outside quotes escapes the next character. No variables, pipes or redirections. */
export function shellWords(command: string, line: number): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (c === ' ' || c === '\t') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === "'") {
      const close = command.indexOf("'", i + 1);
      if (close < 0) throw new Error(`line ${line}: unclosed ' quote`);
      word = (word ?? '') + command.slice(i + 1, close);
      i = close;
    } else if (c === '"') {
      word ??= '';
      for (i++; i < command.length && command[i] !== '"'; i++) {
        if (command[i] === '\\' && '"\\$`'.includes(command[i + 1] ?? '')) i++;
        word += command[i];
      }
      if (i >= command.length) throw new Error(`line ${line}: unclosed " quote`);
    } else if (c === '\\') {
      word = (word ?? '') + (command[++i] ?? '');
    } else if ('|&;<>$`'.includes(c)) {
      throw new Error(`line ${line}: console examples are single commands without shell syntax, got "${c}"`);
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** Where the runs of `expected` lines fail to appear in order in `actual`, or null when they all
 *  do. Lines are compared without trailing blanks. */
export function missingOutput(expected: string[][], actual: string): string | null {
  const lines = actual.split('\n').map((l) => l.trimEnd());
  let from = 0;
  for (const chunk of expected) {
    let found = -1;
    for (let i = from; i + chunk.length <= lines.length && found < 0; i++) {
      if (chunk.every((l, k) => lines[i + k] === l)) found = i;
    }
    if (found < 0) return chunk.join('\n');
    from = found + chunk.length;
  }
  return null;
}

/** `microhedge COMMAND …` invocations written in illustrations, with their `--flags`. */
export function illustratedInvocations(lines: string[]): { command: string; flags: string[]; text: string }[] {
  const joined: string[] = [];
  for (let k = 0; k < lines.length; k++) {
    let text = lines[k]!;
    while (text.trimEnd().endsWith('\\') && k + 1 < lines.length) text = text.trimEnd().slice(0, -1) + ' ' + lines[++k]!.trim();
    joined.push(text);
  }
  const found: { command: string; flags: string[]; text: string }[] = [];
  for (const text of joined) {
    for (const segment of text.replace(/#.*$/, '').split(/&&|;|\||&/)) {
      const m = /(?:^|\s)(?:npx\s+)?microhedge\s+([a-z][\w-]*)(.*)$/.exec(segment.trim().replace(/^\$\s+/, ''));
      if (!m) continue;
      const flags = [...m[2]!.matchAll(/(?:^|\s)(--[a-z][\w-]*)/g)].map((f) => f[1]!);
      found.push({ command: m[1]!, flags, text: segment.trim() });
    }
  }
  return found;
}
