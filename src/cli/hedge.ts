import { InputError } from '../domain/errors.js';
import { hedgeKinds } from '../hedges/registry.js';
import { evaluateHedge, hedgeLab } from '../pipeline/custom-hedge.js';
import { wrapWords } from '../report/format.js';
import { buildHedgeDetail, hedgeDetailCsv, hedgeDetailSchema, renderHedgeDetail } from '../report/hedge-detail.js';
import { ANALYSIS_COMMAND_FLAGS, runAnalysis, writeCommandOutputs } from './analysis-command.js';
import { parseFlags } from './args.js';
import { INPUT_HELP } from './inputs.js';
import type { CliCommand, Io } from './io.js';
import { givenTerms, TERM_FLAGS, TERMS_HELP, termSpecs } from './hedge-terms.js';
import { stageProgress } from './progress.js';

const KINDS = hedgeKinds.flatMap((k) => wrapWords(`  ${k.kind.padEnd(20)} ${k.summary}`, 100, ' '.repeat(23))).join('\n');

const HELP = `microhedge hedge — one kind of hedge in depth: every candidate, its legs, costs and risk

usage: microhedge hedge KIND [--portfolio FILE --prices FILE… | --db PATH] [options]

Evaluates every candidate of KIND for the target (every strike of a put, every size of a short,
every futures contract…), best portfolio ES after hedging first, each with its legs, parameters,
itemised cost, VaR and ES of the holding and of the portfolio before→after at every confidence
level, the variance it removes, the walk-forward out-of-sample test and ratio stability of a hedge
sized from history, and its warnings. Terms of your own (a strike, a resize) are evaluated beside
them on the same scenarios.

kinds:
${KINDS}

options:
${INPUT_HELP}
  --target SYMBOL      holding to hedge (default: the concern screen's first)
  --as-of, --horizon, --lookback, --confidence, --scenarios, --count, --seed, --budget,
  --no-short-target, --instruments, --config   as for \`microhedge analyze\`
  --json FILE|-        write the candidates as JSON (each in the report's hedge schema)
  --csv DIR            write candidates.csv (cost items, VaR/ES before→after), legs.csv and
                       parameters.csv into DIR (created if missing)
  --html FILE          write the HTML report of these hedges (charts, payoffs, contributions)
  --quiet              no terminal output

${TERMS_HELP}

examples:
  microhedge hedge protective-put --strike 90% --expiry 180 --confidence 0.95,0.99
  microhedge hedge sector-etf-short --ratio 0.5 --csv xlk/
  microhedge hedge futures --sample energy
`;

// Every flag of an analysis command but --hedges: the kind is the positional argument.
const { hedges: _hedges, ...FLAGS } = ANALYSIS_COMMAND_FLAGS;

export const hedgeCommand: CliCommand = {
  name: 'hedge',
  help: HELP,
  async run(args: string[], io: Io): Promise<number> {
    const { values, positionals } = parseFlags('hedge', args, { ...FLAGS, ...TERM_FLAGS });
    const [kind, ...extra] = positionals;
    const entry = hedgeKinds.find((k) => k.kind === kind);
    if (kind === undefined || entry === undefined) {
      throw new InputError({ file: 'KIND', ...(kind === undefined ? {} : { value: kind }),
        expected: `one hedge kind among: ${hedgeKinds.map((k) => k.kind).join(', ')}` });
    }
    if (extra.length > 0) throw new InputError({ file: extra[0], expected: 'one hedge kind only (microhedge hedge KIND [options])' });
    // Terms that need no market are checked before the analysis runs.
    const terms = givenTerms(entry.kind, values);
    const { input, options, report } = await runAnalysis(io, values, { hedgeKinds: [entry.kind] });
    let detail = buildHedgeDetail(report, entry.kind, entry.summary);
    if (terms.length > 0) {
      const progress = stageProgress(io, 'evaluating');
      try {
        progress.update({ stage: 'your terms', done: 0, total: 1 });
        const lab = hedgeLab(input, options, report, 'on the command line');
        const { specs, notes } = termSpecs(lab, entry.kind, values, detail.candidates);
        const chosen = specs.map((spec, i) => {
          const { hedge } = evaluateHedge(lab, spec);
          progress.update({ stage: 'your terms', done: i + 1, total: specs.length });
          return hedge;
        });
        detail = buildHedgeDetail(report, entry.kind, entry.summary, chosen, notes);
      } finally {
        progress.end();
      }
    }
    const shown = hedgeDetailSchema.parse(detail);
    await writeCommandOutputs(io, values, {
      json: shown,
      csv: () => hedgeDetailCsv(shown),
      // The report's own page, restricted to these hedges.
      html: async () => (await import('../report/html.js')).renderHtml({ ...report, hedges: [...shown.chosen, ...shown.candidates] }),
      text: () => renderHedgeDetail(shown),
    });
    return 0;
  },
};
