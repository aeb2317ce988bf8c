import { InputError } from '../domain/errors.js';
import { hedgeKinds } from '../hedges/registry.js';
import { buildHedgeDetail, renderHedgeDetail } from '../report/hedge-detail.js';
import { analysisOptions, ANALYSIS_FLAGS } from './analysis-options.js';
import { parseFlags } from './args.js';
import { INPUT_FLAGS, INPUT_HELP, loadCliInputs } from './inputs.js';
import type { CliCommand, Io } from './io.js';
import { analyzeWithProgress } from './progress.js';
import { humanStream, writeJson } from './output.js';

const KINDS = hedgeKinds.map((k) => `  ${k.kind.padEnd(20)} ${k.summary}`).join('\n');

const HELP = `microhedge hedge — one kind of hedge in depth: every candidate, its legs, costs and risk

usage: microhedge hedge KIND [--portfolio FILE --prices FILE… | --db PATH] [options]

Evaluates every candidate of KIND for the target (every strike of a put, every size of a short,
every futures contract…), best portfolio ES after hedging first, each with its legs, parameters,
itemised cost, VaR and ES of the holding and of the portfolio before→after at every confidence
level, the variance it removes, the walk-forward out-of-sample test of a hedge sized from history,
and its warnings.

kinds:
${KINDS}

options:
${INPUT_HELP}
  --target SYMBOL      holding to hedge (default: the concern screen's first)
  --as-of, --horizon, --lookback, --confidence, --scenarios, --count, --seed, --budget,
  --no-short-target, --instruments, --config   as for \`microhedge analyze\`
  --json FILE|-        write the candidates as JSON (each in the report's hedge schema)
  --quiet              no terminal output

example:
  microhedge hedge protective-put --target AAPL --confidence 0.95,0.99
  microhedge hedge futures --sample energy
`;

const { hedges: _hedges, ...SHARED_FLAGS } = ANALYSIS_FLAGS;

export const hedgeCommand: CliCommand = {
  name: 'hedge',
  help: HELP,
  async run(args: string[], io: Io): Promise<number> {
    const { values, positionals } = parseFlags('hedge', args, {
      ...INPUT_FLAGS,
      ...SHARED_FLAGS,
      target: { type: 'string' },
      json: { type: 'string' },
      quiet: { type: 'boolean' },
    });
    const [kind, ...extra] = positionals;
    const entry = hedgeKinds.find((k) => k.kind === kind);
    if (kind === undefined || entry === undefined) {
      throw new InputError({ file: 'KIND', ...(kind === undefined ? {} : { value: kind }),
        expected: `one hedge kind among: ${hedgeKinds.map((k) => k.kind).join(', ')}` });
    }
    if (extra.length > 0) throw new InputError({ file: extra[0], expected: 'one hedge kind only (microhedge hedge KIND [options])' });
    const options = {
      ...(await analysisOptions(values, io.cwd)),
      hedgeKinds: [entry.kind],
      ...(values.target === undefined ? {} : { target: values.target.toUpperCase() }),
    };
    const report = analyzeWithProgress(io, await loadCliInputs(values, io), options);
    const detail = buildHedgeDetail(report, entry.kind, entry.summary);
    await writeJson(io, values.json, detail);
    if (!values.quiet) humanStream(io, values.json)(renderHedgeDetail(detail));
    return 0;
  },
};
