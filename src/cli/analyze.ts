import { renderCsv } from '../report/csv.js';
import { InputError } from '../domain/errors.js';
import { DEFAULT_OPTIONS } from '../pipeline/analyze.js';
import { wrapWords } from '../report/format.js';
import { renderTerminal } from '../report/terminal.js';
import { hedgeKinds } from '../hedges/registry.js';
import type { UserShock } from '../scenarios/stress.js';
import { ANALYSIS_COMMAND_FLAGS, runAnalysis, writeCommandOutputs } from './analysis-command.js';
import { parseFlags, refusePositionals } from './args.js';
import { INPUT_HELP } from './inputs.js';
import type { CliCommand, Io } from './io.js';

const KINDS = wrapWords(hedgeKinds.map((k) => k.kind).join(', '), 100 - 23).map((l) => `${' '.repeat(23)}${l}`).join('\n');

const HELP = `microhedge analyze — the ways to hedge one holding, what each costs, how much risk each removes

usage: microhedge analyze [--portfolio FILE --prices FILE… | --db PATH [--portfolio NAME]]
                          [options]

With no options it analyses the embedded sample portfolio (data/sample/portfolio.csv): its
concentrated holding, AAPL, against real prices to 2024-11-29. \`--sample energy\` analyses the
energy book instead (40,000 barrels of crude against NYMEX WTI futures).

options:
${INPUT_HELP}
  --target SYMBOL      holding to hedge (default: the largest by value)
  --as-of DATE         valuation date YYYY-MM-DD (default: the last common date)
  --horizon DAYS       risk horizon in trading days (default ${DEFAULT_OPTIONS.horizonDays})
  --lookback DAYS      trading days of history for estimation and scenarios (default ${DEFAULT_OPTIONS.lookbackDays})
  --confidence LIST    confidence levels, e.g. 0.95,0.99 (default)
  --scenarios METHOD   historical (default), fhs, bootstrap, mc-normal, mc-t or stress
                       (docs/scenarios.md)
  --count N            scenarios drawn by fhs, bootstrap and Monte Carlo (default ${DEFAULT_OPTIONS.scenarioCount})
  --shock SYM=MOVE,…   a user stress scenario (repeatable), moves as decimals:
                       --shock AAPL=-0.3,SPY=-0.15
  --seed N             seed of every random process (default ${DEFAULT_OPTIONS.seed})
  --hedges LIST        hedge kinds to evaluate, comma-separated (default: all):
${KINDS}
  --budget AMOUNT      leave out hedges whose cost exceeds AMOUNT (portfolio currency)
  --no-short-target    the target cannot be sold or shorted (employee stock): no hedge may short it
  --instruments LIST   instrument kinds a hedge may use: equity, option, future, bond (default: all)
  --json FILE|-        write the JSON report to FILE, or to stdout with '-' (nothing else goes
                       there)
  --html FILE          write the self-contained HTML report
  --csv DIR            write the report's tables into DIR (created if missing): hedges, concern,
                       holdings, risk, out-of-sample, payoff and smile .csv
  --quiet              no terminal table
  --config FILE        defaults (costs, borrow fees, levels, lookback, constraints) as JSON; without
                       it ./microhedge.config.json is read when present (docs/user-guide.md §7)

example:
  microhedge analyze --portfolio my.csv --prices prices.csv --target XOM --horizon 20 --html x.html
`;

export const analyzeCommand: CliCommand = {
  name: 'analyze',
  help: HELP,
  async run(args: string[], io: Io): Promise<number> {
    const { values, positionals } = parseFlags('analyze', args, { ...ANALYSIS_COMMAND_FLAGS, shock: { type: 'string', multiple: true } });
    refusePositionals('analyze', positionals, '--portfolio FILE');
    const { report } = await runAnalysis(io, values, values.shock === undefined ? {} : { shocks: values.shock.map(shockFlag) });
    await writeCommandOutputs(io, values, {
      json: report,
      csv: () => renderCsv(report),
      // Loaded here: the charting library is the heaviest module, and --help must stay fast.
      html: async () => (await import('../report/html.js')).renderHtml(report),
      text: () => renderTerminal(report),
    });
    return 0;
  },
};

/** `AAPL=-0.3,SPY=-0.15` → a user stress scenario moving each symbol by the given fraction. */
function shockFlag(value: string): UserShock {
  const moves: Record<string, number> = {};
  for (const part of value.split(',')) {
    const m = /^\s*([A-Za-z0-9.^=_-]+)\s*=\s*(-?\d*\.?\d+(?:[eE][-+]?\d+)?)\s*$/.exec(part);
    const move = m ? Number(m[2]) : Number.NaN;
    if (!m || !(move > -1)) {
      throw new InputError({ file: '--shock', value: part, expected: 'SYMBOL=MOVE pairs with moves as decimals above −1, e.g. AAPL=-0.3,SPY=-0.15' });
    }
    moves[m[1]!.toUpperCase()] = move;
  }
  return { name: `user shock ${value}`, moves };
}
