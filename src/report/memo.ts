// The designation memo a treasurer files for a hedging relationship: what is hedged with what,
// against which risk, in which ratio, how effectiveness is assessed, and the results with their
// pass/fail verdicts (ASC 815-20-25-3 and IFRS 9 6.4.1(b) ask for this documentation at
// inception). One model, three renderings: Markdown, self-contained HTML (no external assets) and
// plain text for the terminal.

import {
  MIN_R_SQUARED, MIN_VARIABILITY_REDUCTION, OFFSET_BAND, SIGNIFICANCE, SLOPE_BAND, formatP, type EffectivenessAssessment,
  type RegressionTest, type VariabilityReduction,
} from '../evaluate/accounting.js';
import type { Estimate } from '../stats/result.js';
import { escapeHtml as esc } from './format.js';

export type DesignationMemo = {
  /** Name of the hedged item as the user knows it (symbol, and where its prices came from). */
  hedgedItem: string;
  hedgingInstrument: string;
  /** The risk designated, in words ("changes in fair value due to the WTI price"). */
  riskHedged: string;
  assessment: EffectivenessAssessment;
  /** Where the price data came from, for the record. */
  sources?: string[];
};

type Cell = string;
type Table = { head: Cell[]; rows: Cell[][] };
type Section = { title: string; paragraphs: string[]; table?: Table };

/** The memo as Markdown. */
export function memoMarkdown(memo: DesignationMemo): string {
  const out: string[] = [`# ${TITLE}`, ''];
  for (const s of sections(memo)) {
    out.push(`## ${s.title}`, '');
    for (const p of s.paragraphs) out.push(p, '');
    if (s.table) {
      out.push(`| ${s.table.head.map(mdCell).join(' | ')} |`, `|${s.table.head.map(() => ' --- ').join('|')}|`);
      for (const r of s.table.rows) out.push(`| ${r.map(mdCell).join(' | ')} |`);
      out.push('');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** The memo as one self-contained HTML page. */
export function memoHtml(memo: DesignationMemo): string {
  const body: string[] = [`<h1>${esc(TITLE)}</h1>`];
  for (const s of sections(memo)) {
    body.push(`<h2>${esc(s.title)}</h2>`);
    for (const p of s.paragraphs) body.push(`<p>${esc(p)}</p>`);
    if (s.table) {
      body.push('<table>', `<thead><tr>${s.table.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>`, '<tbody>');
      for (const r of s.table.rows) body.push(`<tr>${r.map((c) => `<td class="${verdictClass(c)}">${esc(c)}</td>`).join('')}</tr>`);
      body.push('</tbody>', '</table>');
    }
  }
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${esc(`${TITLE}: ${memo.hedgedItem} / ${memo.hedgingInstrument}`)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The memo as plain text with aligned columns, for a terminal. */
export function memoText(memo: DesignationMemo): string {
  const out: string[] = [TITLE, '='.repeat(TITLE.length), ''];
  for (const s of sections(memo)) {
    out.push(s.title, '-'.repeat(s.title.length));
    for (const p of s.paragraphs) out.push(...wrap(p, TEXT_WIDTH), '');
    if (s.table) {
      const all = [s.table.head, ...s.table.rows];
      const widths = s.table.head.map((_, j) => Math.max(...all.map((r) => (r[j] ?? '').length)));
      // The last column wraps under itself when a row would run past the text width.
      const indent = widths.slice(0, -1).reduce((a, w) => a + w + 2, 0);
      const last = Math.max(MIN_LAST_COLUMN, TEXT_WIDTH - indent);
      const lines = (r: Cell[]) => {
        const [first = '', ...rest] = wrap(r[r.length - 1] ?? '', last);
        const head = [...r.slice(0, -1).map((c, j) => c.padEnd(widths[j]!)), first].join('  ').trimEnd();
        return [head, ...rest.map((l) => `${' '.repeat(indent)}${l}`)];
      };
      out.push(...lines(s.table.head), widths.map((w, j) => '-'.repeat(j === widths.length - 1 ? Math.min(w, last) : w)).join('  '),
        ...s.table.rows.flatMap(lines), '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) { lines.push(line); line = word; } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

const TITLE = 'Hedge designation and effectiveness memo';
/** Characters per line of the plain-text memo, and the narrowest a wrapped last column gets. */
const TEXT_WIDTH = 100;
const MIN_LAST_COLUMN = 30;

const STYLE = [
  'body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:58rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.45}',
  'h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:1.8rem;border-bottom:1px solid #ccc}',
  'table{border-collapse:collapse;width:100%;font-size:.92rem}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}',
  'th{background:#f3f3f3}td.pass{color:#11632a;font-weight:600}td.fail{color:#a0161b;font-weight:600}',
  '@media print{body{margin:0}}',
].join('');

function sections(memo: DesignationMemo): Section[] {
  const a = memo.assessment;
  const item = memo.hedgedItem;
  const inst = memo.hedgingInstrument;
  const ratioBasis = a.ratioSource === 'designated'
    ? 'designated by the user'
    : a.minimumVarianceRatio.ok
      ? `the minimum-variance ratio: OLS slope of ${item}'s ${a.period} price changes on ${inst}'s over the ${a.minimumVarianceRatio.value.n} changes before designation (standard error ${fixed(a.minimumVarianceRatio.value.stdError, 4)})`
      : 'the minimum-variance ratio';
  const out: Section[] = [
    {
      title: 'Hedging relationship',
      paragraphs: [],
      table: {
        head: ['Element', 'Designation'],
        rows: [
          ['Hedged item', item],
          ['Hedging instrument', inst],
          ['Risk hedged', memo.riskHedged],
          ['Designation date', a.designationDate],
          ['Hedge ratio', `${fixed(a.ratio, 4)} units of ${inst} sold per unit of ${item} held (${ratioBasis})`],
          ['Assessment frequency', `${a.period} changes in value`],
        ],
      },
    },
    {
      title: 'Risk management objective and strategy',
      paragraphs: [
        `The objective is to offset the changes in the value of ${item} attributable to the risk designated (${memo.riskHedged}) with opposite changes `
        + `in a short position in ${inst}, in the ratio above. Sources of ineffectiveness: the basis between ${item} and ${inst} (they are different prices), differences in timing of the `
        + 'price observations, and any change in that relationship over the life of the hedge.',
      ],
    },
    {
      title: 'How effectiveness is assessed',
      paragraphs: [
        `Prospectively, on the history before designation: a regression of ${item}'s changes in value on the hedging position's (R² at least ${MIN_R_SQUARED.toFixed(2)}, `
        + `slope between ${fixed(SLOPE_BAND.lower, 2)} and ${fixed(SLOPE_BAND.upper, 2)}, slope significant at ${pct(SIGNIFICANCE, 0)}), with the variability `
        + `reduction 1 − Var(item + hedge)/Var(item) (at least ${pct(MIN_VARIABILITY_REDUCTION, 0)}) reported beside it.`,
        `Retrospectively, on the realised changes since designation: the cumulative dollar offset −ΔH/ΔI must lie between ${pct(OFFSET_BAND.lower, 0)} and `
        + `${pct(OFFSET_BAND.upper, 0)}; the period-by-period ratios, the regression and the variability reduction are reported as supporting evidence.`,
      ],
    },
  ];

  const rows: Cell[][] = [];
  if (a.prospective.ok) {
    const p = a.prospective.value;
    const basis = `${p.changes} ${a.period} changes, ${p.from} … ${p.to}`;
    rows.push(...regressionRows('Prospective', p.regression, basis), vrRow('Prospective', p.variabilityReduction, basis));
  } else {
    rows.push(['Prospective', '—', 'not performed', a.prospective.reason, '—']);
  }
  if (a.retrospective.ok) {
    const r = a.retrospective.value;
    const c = r.dollarOffset.cumulative;
    const basis = `${r.dollarOffset.periods.length} ${a.period} periods, ${r.from} … ${r.to}`;
    rows.push(['Retrospective: cumulative dollar offset', basis, c.ratio === null ? 'undefined (the item did not move)' : pct(c.ratio, 1),
      `${pct(OFFSET_BAND.lower, 0)} … ${pct(OFFSET_BAND.upper, 0)}`, verdict(c.passed)]);
    rows.push(['Retrospective: period-by-period dollar offset', basis, `${r.dollarOffset.periodsPassed} of ${r.dollarOffset.periods.length} within the band`,
      'reported', '—']);
    rows.push(...regressionRows('Retrospective', r.regression, basis), vrRow('Retrospective', r.variabilityReduction, basis));
  } else {
    rows.push(['Retrospective', '—', 'not performed', a.retrospective.reason, '—']);
  }
  out.push({ title: 'Results', paragraphs: [], table: { head: ['Test', 'Basis', 'Result', 'Criterion', 'Verdict'], rows } });

  if (a.retrospective.ok) {
    const r = a.retrospective.value;
    const c = r.dollarOffset.cumulative;
    const amount = amounts(r.dollarOffset.periods.flatMap((p) => [p.itemChange, p.hedgeChange]));
    out.push({
      title: 'Realised changes since designation',
      paragraphs: [`Changes per unit of ${item}; the hedge column is the short ${inst} position (${fixed(a.ratio, 4)} units). Net = item + hedge, the part that did not offset.`],
      table: {
        head: ['Period ending', `Δ ${item}`, 'Δ hedge', 'Net', 'Offset ratio', 'Within 80–125 %'],
        rows: [
          ...r.dollarOffset.periods.map((p, i) => [r.dollarOffset.periodEnds[i]!, amount(p.itemChange), amount(p.hedgeChange),
            amount(p.itemChange + p.hedgeChange), p.ratio === null ? '—' : pct(p.ratio, 1), p.passed ? 'yes' : 'no']),
          ['Cumulative', amount(c.itemChange), amount(c.hedgeChange), amount(c.netChange), c.ratio === null ? '—' : pct(c.ratio, 1), c.passed ? 'yes' : 'no'],
        ],
      },
    });
  }

  out.push({
    title: 'Conclusion',
    paragraphs: [
      `${a.highlyEffective ? 'The relationship meets' : 'The relationship does not meet'} the effectiveness criteria above. ${a.conclusion}`,
      ...a.warnings,
      'Under IFRS 9 the 80–125 % range is no longer a bright line: these figures support the judgement that an economic relationship exists and that the '
      + 'hedge ratio reflects the quantities actually used. Under ASC 815 they are the usual quantitative evidence of a highly effective hedge.',
      ...(memo.sources && memo.sources.length > 0 ? [`Data: ${memo.sources.join('; ')}.`] : []),
    ],
  });
  return out;
}

function regressionRows(stage: string, r: Estimate<RegressionTest>, basis: string): Cell[][] {
  if (!r.ok) return [[`${stage}: regression`, basis, 'not estimable', r.reason, '—']];
  const v = r.value;
  return [
    [`${stage}: regression R²`, basis, fixed(v.rSquared, 3), `≥ ${MIN_R_SQUARED.toFixed(2)}`, verdict(v.criteria.rSquared)],
    [`${stage}: regression slope`, basis, fixed(v.slope, 3), `${fixed(SLOPE_BAND.lower, 2)} … ${fixed(SLOPE_BAND.upper, 2)}`, verdict(v.criteria.slope)],
    [`${stage}: slope significance`, basis, `t ${v.tSlope === null ? '∞ (exact fit)' : fixed(v.tSlope, 2)}, p ${formatP(v.pValue)}`, `p < ${SIGNIFICANCE}`, verdict(v.criteria.significant)],
  ];
}

function vrRow(stage: string, v: Estimate<VariabilityReduction>, basis: string): Cell[] {
  if (!v.ok) return [`${stage}: variability reduction`, basis, 'not estimable', v.reason, '—'];
  return [`${stage}: variability reduction`, basis, pct(v.value.value, 1), `≥ ${pct(MIN_VARIABILITY_REDUCTION, 0)}`, verdict(v.value.passed)];
}

function verdict(passed: boolean): string {
  return passed ? 'PASS' : 'FAIL';
}

function verdictClass(cell: string): string {
  return cell === 'PASS' ? 'pass' : cell === 'FAIL' ? 'fail' : '';
}

function pct(x: number, digits: number): string {
  return `${(100 * x).toFixed(digits)} %`;
}

function fixed(x: number, digits: number): string {
  return x.toFixed(digits).replace(/^-/, '−');
}

/** Changes in value with one number of decimals for a whole column: enough for three significant
 *  digits of the largest, at least two. */
function amounts(xs: readonly number[]): (x: number) => string {
  const largest = Math.max(...xs.map(Math.abs));
  const decimals = largest > 0 ? Math.min(6, Math.max(2, 2 - Math.floor(Math.log10(largest)))) : 2;
  return (x) => fixed(x, decimals);
}

function mdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
