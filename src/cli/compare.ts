import { buildComparison, comparisonCsv, comparisonSchema, renderComparison } from '../report/compare.js';
import { ANALYSIS_COMMAND_FLAGS, runAnalysis, writeCommandOutputs } from './analysis-command.js';
import { integerFlag, parseFlags, refusePositionals } from './args.js';
import { INPUT_HELP } from './inputs.js';
import type { CliCommand, Io } from './io.js';

const HELP = `microhedge compare — the best micro-hedges of one holding against macro-hedges of the portfolio

usage: microhedge compare [--portfolio FILE --prices FILE… | --db PATH] [options]

Runs the analysis (every hedge kind, or those of --hedges) and sets side by side the micro-hedges
that leave the lowest portfolio ES and every macro-hedge (index futures or index puts sized to the
portfolio's beta): what each costs, and what each removes from the holding's ES and from the
portfolio's ES, with the out-of-sample reliability of those sized from history.

options:
${INPUT_HELP}
  --target SYMBOL      holding to hedge (default: the concern screen's first)
  --top N              micro-hedges shown (default 3, 1–50)
  --as-of, --horizon, --lookback, --confidence, --scenarios, --count, --seed, --hedges, --budget,
  --no-short-target, --instruments, --config   as for \`microhedge analyze\`
  --json FILE|-        write the comparison as JSON to FILE, or to stdout with '-'
  --csv DIR            write compare.csv into DIR (created if missing)
  --html FILE          write the HTML report of the hedges compared (charts, payoffs, contributions)
  --quiet              no terminal table

example:
  microhedge compare --target AAPL --top 5 --csv out/ --html compare.html
`;

export const compareCommand: CliCommand = {
  name: 'compare',
  help: HELP,
  async run(args: string[], io: Io): Promise<number> {
    const { values, positionals } = parseFlags('compare', args, { ...ANALYSIS_COMMAND_FLAGS, top: { type: 'string' } });
    refusePositionals('compare', positionals, '--target SYMBOL');
    const top = integerFlag('top', values.top, 3, 1, 50);
    const { report } = await runAnalysis(io, values);
    const comparison = comparisonSchema.parse(buildComparison(report, top));
    const compared = new Set(comparison.rows.map((r) => r.name));
    await writeCommandOutputs(io, values, {
      json: comparison,
      csv: () => ({ 'compare.csv': comparisonCsv(comparison) }),
      // The report's own page, restricted to the hedges compared.
      html: async () => (await import('../report/html.js')).renderHtml({ ...report, hedges: report.hedges.filter((h) => compared.has(h.name)) }),
      text: () => renderComparison(comparison),
    });
    return 0;
  },
};
