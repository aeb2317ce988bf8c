import { InputError } from '../domain/errors.js';
import { hedgeKinds } from '../hedges/registry.js';
import { backtestCsv, backtestSchema, buildBacktest, renderBacktest } from '../report/backtest.js';
import { ANALYSIS_COMMAND_FLAGS, runAnalysis, writeCommandOutputs } from './analysis-command.js';
import { parseFlags, refusePositionals } from './args.js';
import { INPUT_HELP } from './inputs.js';
import type { CliCommand, Io } from './io.js';

/** The kinds sized from history (so with a walk-forward test) and the delta hedge (with its
 *  replication backtest). */
const BACKTESTED = ['sector-etf-short', 'comparable-short', 'basket-short', 'futures', 'macro-index-futures', 'delta-hedge'];

const HELP = `microhedge backtest — how the hedges sized from history would have done out of sample

usage: microhedge backtest [--kind KIND] [--portfolio FILE --prices FILE… | --db PATH] [options]

For each hedge whose size comes from a regression on history, the walk-forward test: the ratio
re-estimated every month on the trailing window and held unchanged the next month, over up to
ten years — variance removed out of sample against in sample, hedged volatility, drawdowns,
break tests (CUSUM, sup-F, drift) and named stress episodes. For the delta hedge, the historical
replication of a put: tracking error, trades and costs, rebalancing on a band and daily.

options:
${INPUT_HELP}
  --kind KIND          only this kind (default: all of them): ${BACKTESTED.slice(0, 2).join(', ')},
                       ${BACKTESTED.slice(2).join(', ')}
  --target SYMBOL      holding to hedge (default: the concern screen's first)
  --as-of, --horizon, --lookback, --confidence, --scenarios, --count, --seed, --budget,
  --no-short-target, --instruments, --config   as for \`microhedge analyze\`
  --json FILE|-        write the tests as JSON to FILE, or to stdout with '-'
  --csv DIR            write walk-forward.csv (ratio paths), episodes.csv and breaks.csv into DIR
  --html FILE          write a self-contained page: each ratio path with its ±2 standard-error
                       band, the variance removed in and out of sample, break tests and episodes
  --quiet              no terminal output

example:
  microhedge backtest --kind sector-etf-short --csv backtest/ --html backtest.html
  microhedge backtest --sample energy --kind futures
`;

// Every flag of an analysis command but --hedges: --kind chooses among the kinds backtested.
const { hedges: _hedges, ...FLAGS } = ANALYSIS_COMMAND_FLAGS;

export const backtestCommand: CliCommand = {
  name: 'backtest',
  help: HELP,
  async run(args: string[], io: Io): Promise<number> {
    const { values, positionals } = parseFlags('backtest', args, { ...FLAGS, kind: { type: 'string' } });
    refusePositionals('backtest', positionals, '--kind KIND');
    if (values.kind !== undefined && !BACKTESTED.includes(values.kind)) {
      const other = hedgeKinds.some((k) => k.kind === values.kind) ? ' (the others are not sized from history)' : '';
      throw new InputError({ file: '--kind', value: values.kind, expected: `one of ${BACKTESTED.join(', ')}${other}` });
    }
    const { report } = await runAnalysis(io, values, { hedgeKinds: values.kind === undefined ? BACKTESTED : [values.kind] });
    const backtest = backtestSchema.parse(buildBacktest(report));
    await writeCommandOutputs(io, values, {
      json: backtest,
      csv: () => backtestCsv(backtest),
      html: async () => (await import('../report/backtest-html.js')).backtestHtml(backtest),
      text: () => renderBacktest(backtest),
    });
    return 0;
  },
};
