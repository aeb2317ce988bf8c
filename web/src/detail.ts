// One hedge in detail: legs, cost, risk before and after for the holding and the portfolio, the
// distributions, the payoff, the out-of-sample test; and its terms adjusted live. Each change is
// sent to the server, which values the new legs on the analysis' scenarios (tens of
// milliseconds on the sample); a newer change cancels the request of an older one.
import { figureAt, level, money, percent } from '../../src/report/format.js';
import { api, ApiError, type Analysis, type HedgeReport, type HedgeResult, type HedgeSpec, type OptionTerms } from './api.js';
import { fill, h } from './dom.js';
import type * as ChartsModule from './charts.js';
import { riskTable } from './results.js';

/** The charts (ECharts) load with the first detail opened, not with the page. */
type Charts = typeof ChartsModule;

/** Quiet time after the last change before the figures are asked for (a slider dragged across
 *  twenty strikes sends a handful of requests, not twenty). */
const DEBOUNCE_MS = 60;

type Controls = { element: HTMLElement; spec(): HedgeSpec; reset(): void };

export class DetailView {
  /** Name of the proposed hedge shown (adjusted or not). */
  openName: string | undefined;
  private analysis: Analysis | undefined;
  private heading!: HTMLElement;
  private rationale!: HTMLElement;
  private figures!: HTMLElement;
  private status!: HTMLElement;
  private error!: HTMLElement;
  private inFlight: AbortController | undefined;
  private timer: number | undefined;
  private charts: Charts | undefined;

  constructor(private readonly root: HTMLElement, private readonly back: () => void) {}

  async open(analysis: Analysis, name: string): Promise<void> {
    this.cancel();
    this.analysis = analysis;
    this.openName = name;
    const figures = analysis.report.hedges.find((x) => x.name === name)!;
    this.heading = h('h2', { tabindex: -1, id: 'detail-h' }, name);
    this.rationale = h('p', { class: 'rationale' }, figures.rationale);
    this.figures = h('div', { class: 'figures', 'aria-live': 'off' });
    this.status = h('p', { role: 'status', 'aria-live': 'polite', class: 'status', id: 'adjust-status' });
    this.error = h('div', { role: 'alert', class: 'error-box' });
    const head = h('div', { class: 'detail-head' }, this.heading,
      h('button', { type: 'button', class: 'button secondary', onclick: () => this.closeAndReturn() }, 'Back to the ranking'));
    const kindLine = h('p', { class: 'kind-line' }, `${figures.kind} · ${figures.scope === 'micro' ? `a hedge of ${analysis.report.target}` : 'a hedge of the whole portfolio'}`);
    fill(this.root, head, kindLine, this.rationale, h('p', { class: 'status' }, 'Loading…'));
    this.root.hidden = false;
    this.heading.focus();
    this.root.scrollIntoView({ block: 'start' });
    try {
      const [proposed, terms, charts] = await Promise.all([
        api.hedge(analysis.analysisId, { type: 'proposed', name }),
        figures.kind === 'protective-put' || figures.kind === 'collar' ? api.terms(analysis.analysisId) : Promise.resolve(undefined),
        this.charts ?? import('./charts.js'),
      ]);
      this.charts = charts;
      if (this.analysis !== analysis || this.openName !== name) return;
      const controls = this.controls(figures, terms);
      const adjust = controls === undefined
        ? h('p', { class: 'note' }, 'The terms of this hedge are not adjustable here: its figures are the report\'s.')
        : h('section', { class: 'adjust', 'aria-labelledby': 'adjust-h' }, h('h3', { id: 'adjust-h' }, 'Adjust it'), controls.element,
          h('div', { class: 'adjust-foot' },
            h('button', { type: 'button', class: 'button secondary', onclick: () => { this.cancel(); controls.reset(); this.show(proposed, undefined); } },
              'Back to the proposed terms'),
            this.status),
          this.error);
      fill(this.root, head, kindLine, this.rationale, adjust, this.figures);
      this.show(proposed, undefined);
      // Scrolled once more now that the section is tall enough to reach the top of the window.
      this.root.scrollIntoView({ block: 'start' });
    } catch (e) {
      fill(this.root, head, kindLine, h('div', { role: 'alert', class: 'error-box' }, h('p', {}, e instanceof Error ? e.message : String(e))));
    }
  }

  close(): void {
    this.cancel();
    this.openName = undefined;
    this.root.hidden = true;
    this.root.replaceChildren();
  }

  private closeAndReturn(): void {
    this.close();
    this.back();
  }

  private cancel(): void {
    this.inFlight?.abort();
    this.inFlight = undefined;
    if (this.timer !== undefined) window.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Asks for the figures of `spec` once the controls have been still for DEBOUNCE_MS. */
  private changed(spec: () => HedgeSpec): void {
    if (this.timer !== undefined) window.clearTimeout(this.timer);
    this.status.textContent = 'Updating…';
    this.timer = window.setTimeout(() => void this.evaluate(spec()), DEBOUNCE_MS);
  }

  private async evaluate(spec: HedgeSpec): Promise<void> {
    const analysis = this.analysis;
    if (analysis === undefined) return;
    this.inFlight?.abort();
    const controller = new AbortController();
    this.inFlight = controller;
    const started = performance.now();
    try {
      const result = await api.hedge(analysis.analysisId, spec, controller.signal);
      if (controller.signal.aborted) return;
      fill(this.error);
      this.show(result, performance.now() - started);
    } catch (e) {
      if (controller.signal.aborted || (e instanceof DOMException && e.name === 'AbortError')) return;
      this.status.textContent = '';
      fill(this.error, h('p', {}, h('b', {}, 'Not evaluated: '), e instanceof ApiError || e instanceof Error ? e.message : String(e)));
    }
  }

  private show(result: HedgeResult, roundTripMs: number | undefined): void {
    const r = this.analysis!.report;
    const x = result.hedge;
    this.heading.textContent = x.name;
    this.rationale.textContent = x.rationale;
    if (roundTripMs !== undefined) {
      this.status.textContent = `Updated in ${roundTripMs.toFixed(0)} ms (valued on the server in ${result.computeMs.toFixed(0)} ms).`;
    } else {
      this.status.textContent = 'The proposed terms.';
    }
    fill(this.figures, ...hedgeFigures(r, x, result, this.charts!));
  }

  private controls(x: HedgeReport, terms: OptionTerms | undefined): Controls | undefined {
    const p = x.parameters;
    if (terms?.available && x.kind === 'protective-put' && x.legs.length === 1) {
      return optionControls(terms, { expiry: String(p.expiry), put: Number(p.strike), contracts: Number(p.contracts) }, (spec) => this.changed(spec));
    }
    if (terms?.available && x.kind === 'collar') {
      return optionControls(terms, { expiry: String(p.expiry), put: Number(p.putStrike), call: Number(p.callStrike), contracts: Number(p.contracts) }, (spec) => this.changed(spec));
    }
    if (x.legs.length > 0 && x.legs.every((l) => l.instrument !== 'option')) return scaleControls(x, (spec) => this.changed(spec));
    return undefined;
  }
}

/** Expiry, put strike (and call strike for a collar) and contracts, on the strikes on offer. */
function optionControls(terms: Extract<OptionTerms, { available: true }>, start: { expiry: string; put: number; call?: number; contracts: number },
  changed: (spec: () => HedgeSpec) => void): Controls {
  const collar = start.call !== undefined;
  const expiry = h('select', { id: 'adj-expiry' }, ...terms.expiries.map((e) => h('option', { value: e.expiry }, `${e.expiry} (${e.days} days)`)));
  const put = h('input', { id: 'adj-put', type: 'range', min: 0, step: 1 });
  const putOut = h('output', { for: 'adj-put', id: 'adj-put-value' });
  const call = h('input', { id: 'adj-call', type: 'range', min: 0, step: 1 });
  const callOut = h('output', { for: 'adj-call', id: 'adj-call-value' });
  const contracts = h('input', { id: 'adj-contracts', type: 'number', min: 1, max: terms.maxContracts, step: 1 });
  const at = () => terms.expiries.find((e) => e.expiry === expiry.value) ?? terms.expiries[0]!;
  const describe = (k: number) => `${k} (${percent(k / terms.spot, 1)} of spot)`;
  const nearest = (list: number[], k: number) => list.reduce((best, v, i) => (Math.abs(v - k) < Math.abs(list[best]! - k) ? i : best), 0);
  const current = { put: start.put, call: start.call ?? terms.spot };
  const sync = () => {
    const e = at();
    put.max = String(e.putStrikes.length - 1);
    call.max = String(e.callStrikes.length - 1);
    const k = e.putStrikes[Number(put.value)]!;
    current.put = k;
    putOut.textContent = describe(k);
    put.setAttribute('aria-valuetext', `strike ${describe(k)}`);
    const c = e.callStrikes[Number(call.value)]!;
    current.call = c;
    callOut.textContent = describe(c);
    call.setAttribute('aria-valuetext', `strike ${describe(c)}`);
  };
  const place = (s: typeof start) => {
    expiry.value = s.expiry;
    const e = at();
    put.max = String(e.putStrikes.length - 1);
    call.max = String(e.callStrikes.length - 1);
    put.value = String(nearest(e.putStrikes, s.put));
    call.value = String(nearest(e.callStrikes, s.call ?? terms.spot));
    contracts.value = String(s.contracts);
    sync();
  };
  const spec = (): HedgeSpec => {
    const e = at();
    const n = Math.max(1, Math.min(terms.maxContracts, Math.round(Number(contracts.value)) || 1));
    const k = e.putStrikes[Number(put.value)]!;
    return collar
      ? { type: 'collar', expiry: e.expiry, putStrike: k, callStrike: e.callStrikes[Number(call.value)]!, contracts: n }
      : { type: 'put', expiry: e.expiry, strike: k, contracts: n };
  };
  expiry.addEventListener('change', () => {
    // The strikes stay where they were, as near as the new expiry lists them.
    place({ expiry: expiry.value, put: current.put, call: current.call, contracts: Number(contracts.value) });
    changed(spec);
  });
  for (const el of [put, call]) el.addEventListener('input', () => { sync(); changed(spec); });
  contracts.addEventListener('input', () => { if (contracts.checkValidity()) changed(spec); });
  place(start);
  const element = h('div', { class: 'controls' },
    h('div', { class: 'control' }, h('label', { for: 'adj-expiry' }, 'Expiry'), expiry),
    h('div', { class: 'control' }, h('label', { for: 'adj-put' }, collar ? 'Put strike (the floor)' : 'Put strike'), put, putOut),
    collar ? h('div', { class: 'control' }, h('label', { for: 'adj-call' }, 'Call strike (the cap)'), call, callOut) : null,
    h('div', { class: 'control' }, h('label', { for: 'adj-contracts' }, `Contracts (${terms.contractShares} shares each, at most ${terms.maxContracts})`), contracts),
    h('p', { class: 'hint' }, `Prices: ${terms.description}.`));
  return { element, spec, reset: () => place(start) };
}

/** A hedge without options resized: a ratio of the proposed quantities, or whole futures contracts. */
function scaleControls(x: HedgeReport, changed: (spec: () => HedgeSpec) => void): Controls {
  const futures = x.legs.length === 1 && x.legs[0]!.instrument === 'future';
  const proposedContracts = Math.abs(x.legs[0]!.quantity);
  const ratio = h('input', { id: 'adj-ratio', type: 'range', min: 0.05, max: 3, step: 0.05, value: 1 });
  const out = h('output', { for: 'adj-ratio', id: 'adj-ratio-value' }, '×1.00');
  const count = h('input', { id: 'adj-contracts', type: 'number', min: 1, max: 3 * proposedContracts, step: 1, value: proposedContracts });
  const value = () => (futures ? Math.max(1, Math.round(Number(count.value)) || 1) / proposedContracts : Number(ratio.value));
  const spec = (): HedgeSpec => ({ type: 'scale', name: x.name, ratio: value() });
  const sync = () => {
    out.textContent = `×${Number(ratio.value).toFixed(2)}`;
    ratio.setAttribute('aria-valuetext', `${Number(ratio.value).toFixed(2)} times the proposed size`);
  };
  ratio.addEventListener('input', () => { sync(); changed(spec); });
  count.addEventListener('input', () => { if (count.checkValidity()) changed(spec); });
  const best = x.ranking.bestScale;
  const useBest = best !== 1 && best > 0 && !futures
    ? h('button', { type: 'button', class: 'button secondary', onclick: () => { ratio.value = String(best); sync(); changed(spec); } },
      `Use the size that minimises portfolio ES: ×${best}`)
    : null;
  const element = h('div', { class: 'controls' },
    futures
      ? h('div', { class: 'control' }, h('label', { for: 'adj-contracts' }, `Futures contracts (proposed: ${proposedContracts})`), count)
      : h('div', { class: 'control' }, h('label', { for: 'adj-ratio' }, 'Hedge ratio, × the proposed size'), ratio, out),
    useBest,
    h('p', { class: 'hint' }, 'Every leg and every cost item scales with the size; the scenarios stay the same.'));
  return { element, spec, reset: () => { ratio.value = '1'; count.value = String(proposedContracts); sync(); } };
}

function hedgeFigures(r: Analysis['report'], x: HedgeReport, result: HedgeResult, charts: Charts): Node[] {
  const cur = r.currency;
  const hi = r.confidence[r.confidence.length - 1]!;
  const c = x.cost;
  const figure = (label: string, id: string, ...value: (Node | string)[]) => h('div', { class: 'figure' }, h('dt', {}, label), h('dd', { 'data-figure': id }, ...value));
  const oos = x.outOfSample;
  return [
    h('dl', { class: 'key-figures' },
      figure('Cost', 'cost', money(c.total, cur), h('small', {}, ` ${percent(c.fractionOfTarget, 2)} of the holding; ${money(x.ranking.annualCost, cur)} a year`)),
      figure(`${r.target} ES ${level(hi)}`, 'asset-es', `${money(figureAt(x.asset.before.es, hi), cur)} → `, h('b', {}, money(figureAt(x.asset.after.es, hi), cur))),
      figure(`Portfolio ES ${level(hi)}`, 'portfolio-es', `${money(figureAt(x.portfolio.before.es, hi), cur)} → `, h('b', {}, money(figureAt(x.portfolio.after.es, hi), cur))),
      figure('Variance removed', 'variance', `${percent(x.varianceReduction.asset, 0)} of ${r.target}'s, ${percent(x.varianceReduction.portfolio, 0)} of the portfolio's`),
      figure('ES cut per $ a year', 'value', x.ranking.esReductionPerCost === null ? 'free' : x.ranking.esReductionPerCost.toFixed(2),
        h('small', {}, ` rank ${x.ranking.rank}${x.ranking.efficient ? ', efficient' : ''}`))),
    h('h3', {}, 'Legs and cost'),
    h('ul', { class: 'legs' }, ...x.legs.map((l) => h('li', {}, l.description))),
    h('p', {}, `Cost ${money(c.total, cur)} = premium ${money(c.premium, cur)} + spread and commissions ${money(c.transaction, cur)} + borrow ${money(c.borrow, cur)} + carry ${money(c.carry, cur)}.`),
    x.warnings.length > 0 ? h('ul', { class: 'warnings' }, ...x.warnings.map((w) => h('li', {}, w))) : null,
    h('h3', {}, `Risk over ${r.horizonDays} trading days, before and after`),
    riskTable(r, [[`${r.target} unhedged`, x.asset.before, r.asset.value], [`${r.target} + hedge`, x.asset.after, r.asset.value],
      ['Portfolio unhedged', x.portfolio.before, r.portfolio.value], ['Portfolio + hedge', x.portfolio.after, r.portfolio.value]]),
    h('div', { class: 'charts' },
      charts.histogramChart(`${r.target} + hedge: P&L over ${r.horizonDays} days`, x.distribution.asset, cur),
      charts.histogramChart(`Portfolio + hedge: P&L over ${r.horizonDays} days`, x.distribution.portfolio, cur),
      h('figure', {}, charts.payoffChart(`${r.target} holding + hedge against ${r.target}'s price`, result.payoff, cur), h('figcaption', {}, result.payoff.note)),
      oos === null ? null : h('figure', {}, charts.ratioPathChart('Hedge ratio out of sample', oos.ratioPath, x.legs.map((l) => l.symbol)),
        h('figcaption', {}, `${x.outOfSampleNote}.`))),
    h('h3', {}, 'Out of sample'),
    oos === null ? h('p', {}, `${x.outOfSampleNote[0]!.toUpperCase()}${x.outOfSampleNote.slice(1)}.`) : h('div', {},
      h('p', {}, `Re-estimated every ${oos.stepDays} trading days on ${oos.windowDays}-day windows and held unchanged in between, ${oos.from} to ${oos.to} ` +
        `(${oos.periods} periods): it removed ${percent(oos.outOfSampleVarianceReduction, 0)} of the variance out of sample against ` +
        `${percent(oos.inSampleVarianceReduction, 0)} in sample; hedge error ${percent(oos.hedgeErrorVolatility, 1)} a year. Reliability: `,
      h('span', { class: `rel ${oos.reliability}` }, oos.reliability), '.'),
      oos.episodes.length > 0 ? h('ul', {}, ...oos.episodes.map((e) => h('li', {}, `${e.name} (${e.from} to ${e.to}): ${percent(e.outOfSampleVarianceReduction, 0)} of the variance removed`))) : null,
      oos.breaks.some((b) => b.flagged) ? h('ul', { class: 'warnings' }, ...oos.breaks.filter((b) => b.flagged).map((b) => h('li', {}, b.detail))) : null,
      oos.warnings.length > 0 ? h('ul', { class: 'warnings' }, ...oos.warnings.map((w) => h('li', {}, w))) : null),
  ].filter((n): n is HTMLElement => n !== null);
}
