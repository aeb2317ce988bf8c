// The analysis at a glance: what is hedged and why, its risk before hedging, the hedges ranked
// by the portfolio's expected shortfall after hedging (the HTML report's order), downloads.
import { figureAt, level, money, percent } from '../../src/report/format.js';
import { api, type Analysis, type HedgeReport, type Report } from './api.js';
import { fill, h } from './dom.js';

type Callbacks = {
  open(analysis: Analysis, name: string): void;
  /** Runs the analysis again with a budget (undefined: none). */
  rerun(budget: number | undefined): Promise<void>;
};

export class ResultsView {
  private heading: HTMLElement | undefined;
  private ranking: HTMLElement | undefined;

  constructor(private readonly root: HTMLElement, private readonly on: Callbacks) {}

  show(analysis: Analysis, budget: number | undefined): void {
    const r = analysis.report;
    const cur = r.currency;
    const hi = r.confidence[r.confidence.length - 1]!;
    const ranked = [...r.hedges].sort((a, b) => figureAt(a.portfolio.after.es, hi) - figureAt(b.portfolio.after.es, hi));
    this.heading = h('h2', { tabindex: -1, id: 'results-h' }, `Hedging ${r.target}: ${percent(r.asset.weight)} of a ${money(r.portfolio.value, cur)} portfolio`);
    this.ranking = h('h3', { tabindex: -1, id: 'ranking-h' }, `Micro-hedges of ${r.target}, ranked by portfolio ES ${level(hi)} after hedging`);
    const vol = r.market.targetVolatility.value;
    fill(this.root,
      this.heading,
      h('p', { class: 'method' }, `As of ${r.asOf}. Scenarios: ${r.scenarios.description}, estimated from ${r.scenarios.dataFrom} to ${r.scenarios.dataTo}; ` +
        `confidence ${r.confidence.map(level).join(' and ')}; seed ${r.seed}. ${r.target} at ${r.market.targetPrice.toFixed(2)}, volatility ` +
        `${vol === null ? 'n/a' : percent(vol)}; risk-free rate ${percent(r.market.rate.value, 2)}.`),
      h('p', { class: 'why' }, h('b', {}, `Why ${r.target}: `), r.concern.why),
      this.toolbar(analysis, budget),
      h('h3', {}, `Risk before hedging, over ${r.horizonDays} trading days`),
      riskTable(r, [[`${r.target} holding`, r.asset.risk, r.asset.value], ['Whole portfolio', r.portfolio.risk, r.portfolio.value]]),
      this.ranking,
      this.table(analysis, ranked.filter((x) => x.scope === 'micro'), 'micro'),
      r.combination === null ? null : h('p', { class: 'combination' }, h('b', {}, 'Best pair: '),
        `${r.combination.hedges.map((x) => `${x.name} at ×${x.scale}`).join(' with ')} takes the portfolio's ES ${level(hi)} to ` +
        `${money(r.combination.es, cur)} (${money(r.combination.esReduction, cur)} less) for ${money(r.combination.cost, cur)}.`),
      ranked.some((x) => x.scope === 'macro') ? h('h3', {}, 'For contrast: macro-hedges of the whole portfolio') : null,
      ranked.some((x) => x.scope === 'macro') ? this.table(analysis, ranked.filter((x) => x.scope === 'macro'), 'macro') : null,
      h('p', { class: 'note' }, `ES (expected shortfall) is the mean loss in the worst ${r.confidence.map((c) => percent(1 - c, c > 0.975 ? 0 : 1)).join(' / ')} of ` +
        `scenarios; losses are positive amounts in ${cur}. Cost is premium, half the bid–ask spread, commissions and borrow fees to the horizon. ` +
        '“ES cut per $ a year” is the portfolio ES removed per unit of yearly cost.'),
      dataNotes(r));
    this.root.hidden = false;
  }

  focusHeading(): void {
    this.heading?.focus();
  }

  focusRanking(): void {
    this.ranking?.focus();
  }

  private toolbar(analysis: Analysis, budget: number | undefined): HTMLElement {
    const r = analysis.report;
    const input = h('input', { id: 'budget', type: 'number', min: 1, step: 1000, value: budget ?? '', placeholder: 'none', 'aria-describedby': 'budget-hint' });
    const apply = (): void => {
      const value = input.value.trim() === '' ? undefined : Number(input.value);
      if (value !== undefined && !(value > 0)) {
        input.setCustomValidity('a positive amount, or empty for no budget');
        input.reportValidity();
        return;
      }
      input.setCustomValidity('');
      if (value !== budget) void this.on.rerun(value);
    };
    input.addEventListener('change', apply);
    const files: [string, string][] = [['report.json', 'JSON report'], ['report.html', 'HTML report'], ['hedges.csv', 'hedges.csv'], ['holdings.csv', 'holdings.csv'], ['risk.csv', 'risk.csv'], ['payoff.csv', 'payoff.csv']];
    return h('div', { class: 'toolbar' },
      h('div', { class: 'budget' },
        h('label', { for: 'budget' }, `Budget (${r.currency})`), input,
        h('span', { id: 'budget-hint', class: 'hint' }, 'Hedges costing more are left out, and each is sized within it; the analysis reruns on change.')),
      h('nav', { 'aria-label': 'Downloads', class: 'downloads' }, h('span', {}, 'Download: '),
        ...files.map(([file, label]) => h('a', { href: api.download(analysis.analysisId, file), download: '', class: 'download', 'data-file': file }, label))));
  }

  private table(analysis: Analysis, hedges: HedgeReport[], scope: string): HTMLElement {
    const r = analysis.report;
    const cur = r.currency;
    const hi = r.confidence[r.confidence.length - 1]!;
    if (hedges.length === 0) return h('p', { class: 'note' }, 'No hedge of this kind within the constraints.');
    return h('table', { class: 'rank', 'data-scope': scope },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Hedge'), h('th', { scope: 'col' }, 'Cost'),
        h('th', { scope: 'col' }, `${r.target} ES ${level(hi)}`, h('br'), 'before → after'),
        h('th', { scope: 'col' }, `Portfolio ES ${level(hi)}`, h('br'), 'before → after'),
        h('th', { scope: 'col' }, 'Variance removed', h('br'), `${r.target} / portfolio`),
        h('th', { scope: 'col' }, 'ES cut', h('br'), 'per $ a year'),
        h('th', { scope: 'col' }, 'Out of sample'))),
      h('tbody', {}, ...hedges.map((x) => h('tr', { 'data-hedge': x.name },
        h('th', { scope: 'row' }, h('button', { type: 'button', class: 'link', onclick: () => this.on.open(analysis, x.name) }, x.name),
          h('span', { class: 'kind' }, x.kind)),
        h('td', {}, money(x.cost.total, cur), h('br'), h('small', {}, percent(x.cost.fractionOfTarget, 2))),
        h('td', {}, `${money(figureAt(x.asset.before.es, hi), cur)} → `, h('b', {}, money(figureAt(x.asset.after.es, hi), cur))),
        h('td', {}, `${money(figureAt(x.portfolio.before.es, hi), cur)} → `, h('b', {}, money(figureAt(x.portfolio.after.es, hi), cur))),
        h('td', {}, `${percent(x.varianceReduction.asset, 0)} / ${percent(x.varianceReduction.portfolio, 0)}`),
        h('td', {}, x.ranking.esReductionPerCost === null ? 'free' : x.ranking.esReductionPerCost.toFixed(2),
          x.ranking.efficient ? h('span', { class: 'tag', title: 'On the efficient frontier: no cheaper hedge leaves a lower portfolio ES' }, 'efficient') : null),
        h('td', {}, x.outOfSample === null ? '—' : h('span', {}, `${percent(x.outOfSample.outOfSampleVarianceReduction, 0)} `,
          h('span', { class: `rel ${x.outOfSample.reliability}` }, x.outOfSample.reliability)))))));
  }
}

/** VaR, ES, volatility, worst loss, P(loss) and mean of each row, as in the HTML report. */
export function riskTable(r: Report, rows: [string, Report['asset']['risk'], number][]): HTMLElement {
  const cur = r.currency;
  return h('table', { class: 'risk' },
    h('thead', {}, h('tr', {}, h('td'),
      ...r.confidence.map((c) => h('th', { scope: 'col' }, `VaR ${level(c)}`)),
      ...r.confidence.map((c) => h('th', { scope: 'col' }, `ES ${level(c)}`)),
      h('th', { scope: 'col' }, 'Volatility'), h('th', { scope: 'col' }, 'Worst loss'), h('th', { scope: 'col' }, 'P(loss)'), h('th', { scope: 'col' }, 'Mean P&L'))),
    h('tbody', {}, ...rows.map(([name, f, value]) => h('tr', {},
      h('th', { scope: 'row' }, name),
      ...f.var.map((x) => h('td', {}, money(x.amount, cur), h('br'), h('small', {}, percent(x.amount / value, 2)))),
      ...f.es.map((x) => h('td', {}, money(x.amount, cur), h('br'), h('small', {}, percent(x.amount / value, 2)))),
      h('td', {}, money(f.volatility, cur)), h('td', {}, money(f.worstLoss, cur)), h('td', {}, percent(f.probabilityOfLoss, 0)), h('td', {}, money(f.mean, cur))))));
}

function dataNotes(r: Report): HTMLElement {
  return h('details', { class: 'data' }, h('summary', {}, `Data: ${r.data.symbols.length} series, ${r.data.firstDate} to ${r.data.lastDate}`),
    h('p', {}, `Missing data: ${r.data.policy}`),
    r.data.notes.length > 0 ? h('ul', {}, ...r.data.notes.map((n) => h('li', {}, n))) : null,
    r.data.warnings.length > 0 ? h('ul', { class: 'warnings' }, ...r.data.warnings.map((n) => h('li', {}, n))) : null);
}
