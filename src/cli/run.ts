import { InputError } from '../domain/errors.js';
import type { CliCommand, Io } from './io.js';

/** Commands load lazily so that `--help` does not pay for DuckDB or the pricing core. */
const commands: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  analyze: {
    summary: 'the hedges of one holding (default: the sample portfolio\'s concentrated one)',
    load: async () => (await import('./analyze.js')).analyzeCommand,
  },
  hedge: {
    summary: 'one kind of hedge in depth: every candidate, its legs, costs, risk before→after',
    load: async () => (await import('./hedge.js')).hedgeCommand,
  },
  backtest: {
    summary: 'walk-forward tests of the hedges sized from history; the delta hedge replicated',
    load: async () => (await import('./backtest.js')).backtestCommand,
  },
  compare: {
    summary: 'the best micro-hedges of one holding against macro-hedges of the whole portfolio',
    load: async () => (await import('./compare.js')).compareCommand,
  },
  import: {
    summary: 'load price, option-chain, rate and holdings files into a DuckDB store',
    load: async () => (await import('./import.js')).importCommand,
  },
  price: {
    summary: 'value and Greeks of one option or a CSV of them (European or American)',
    load: async () => (await import('./price.js')).priceCommand,
  },
  iv: {
    summary: 'implied volatility of one option price or a CSV of them',
    load: async () => (await import('./price.js')).ivCommand,
  },
  chain: {
    summary: 'an option chain: implied volatilities from mid quotes, the smile, quotes with no IV',
    load: async () => (await import('./chain.js')).chainCommand,
  },
  screen: {
    summary: 'the holdings ranked by concern: concentration, volatility, stretched price',
    load: async () => (await import('./screen.js')).screenCommand,
  },
  effectiveness: {
    summary: 'hedge-accounting tests of an item against its hedge, with a designation memo',
    load: async () => (await import('./effectiveness.js')).effectivenessCommand,
  },
  batch: {
    summary: 'analyse many portfolios at once: on every core, or through a Redis queue (BullMQ)',
    load: async () => (await import('./batch.js')).batchCommand,
  },
  worker: {
    summary: 'process the portfolios a `batch --queue` enqueued (run on any number of machines)',
    load: async () => (await import('./worker.js')).workerCommand,
  },
  serve: {
    summary: 'the web app and its JSON API on this machine (http://127.0.0.1:4173/)',
    load: async () => (await import('./serve.js')).serveCommand,
  },
};

const GLOBAL_HELP = '  --force        replace files that already exist (reports, exports); without it they are kept';

export type RunResult = { code: number; stdout: string; stderr: string };

/** Runs one CLI invocation in-process. Exit codes: 0 success, 2 the user's error (one line
 *  `error: …`), 1 a bug. Output is captured and also forwarded to `io` when given. */
export async function run(argv: string[], io: Partial<Io> = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const full: Io = {
    stdout: (s) => { stdout += s; io.stdout?.(s); },
    stderr: (s) => { stderr += s; io.stderr?.(s); },
    isTTY: io.isTTY ?? false,
    cwd: io.cwd ?? process.cwd(),
    env: io.env ?? process.env,
    // A global flag, so every command that writes files honours it in the same way.
    force: io.force ?? argv.includes('--force'),
  };
  const code = await dispatch(argv.filter((a) => a !== '--force'), full);
  return { code, stdout, stderr };
}

async function dispatch(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(overview());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout('microhedge 0.1.0\n');
    return 0;
  }
  const entry = commands[name];
  if (!entry) {
    io.stderr(`error: unknown command '${name}'; expected one of: ${Object.keys(commands).join(', ')} (see 'microhedge --help')\n`);
    return 2;
  }
  try {
    const command = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(`${command.help.trimEnd()}\n\nglobal options:\n${GLOBAL_HELP}\n`);
      return 0;
    }
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof InputError) {
      io.stderr(`error: ${e.message}\n`);
      return 2;
    }
    io.stderr(`bug: microhedge failed unexpectedly; please report this with the command you ran.\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}

function overview(): string {
  const lines = [
    'microhedge — ways to hedge one holding, what each costs, how much risk each removes',
    '',
    'usage: microhedge <command> [options]      (microhedge <command> --help for details)',
    '',
  ];
  for (const [name, { summary }] of Object.entries(commands)) lines.push(`  ${name.padEnd(14)} ${summary}`);
  lines.push(
    '',
    'global options:',
    GLOBAL_HELP,
    '',
    'Run `microhedge analyze` with no options to analyse the embedded sample portfolio.',
    '',
  );
  return lines.join('\n');
}
