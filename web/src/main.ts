// The page: inputs (sample or uploads) → options → analysis → ranked hedges → one hedge in
// detail, adjusted live. Every figure comes from the server, which calls the library; the page
// holds no finance logic, it only lays the report out.
import './styles.css';
import { level, percent } from '../../src/report/format.js';
import { api, ApiError, type AnalysisOptions, type InputsSummary, type Meta } from './api.js';
import { DetailView } from './detail.js';
import { byId, fill, h } from './dom.js';
import { ResultsView } from './results.js';

/** Confidence levels offered; the CLI takes any list in (0.5, 1). */
const LEVELS = [0.9, 0.95, 0.975, 0.99];

const METHOD_LABELS: Record<string, string> = {
  historical: 'Historical windows',
  fhs: 'Filtered historical (GARCH)',
  bootstrap: 'Bootstrap of daily returns',
  'mc-normal': 'Monte Carlo, normal',
  'mc-t': 'Monte Carlo, Student t',
  stress: 'Stress episodes',
};

class App {
  private inputs: InputsSummary | undefined;
  /** The uploaded files that changing the date order reads again: those on the page, or those
   *  refused for their slash dates (undefined after a sample, or a refusal the order cannot fix). */
  private readAgainOnDateOrder: File[] | undefined;
  /** Whether the user picked the target: if not, the analysis' own concern screen picks it (the
   *  suggestion, unless a changed horizon or lookback makes another holding the top concern). */
  private targetChosen = false;
  private readonly results: ResultsView;
  private readonly detail: DetailView;

  constructor(private readonly meta: Meta) {
    this.detail = new DetailView(byId('detail'), () => this.results.focusRanking());
    this.results = new ResultsView(byId('results'), {
      open: (analysis, name) => void this.detail.open(analysis, name),
      rerun: (budget) => this.analyse(budget),
    });
    this.buildForm();
    this.wireUploads();
  }

  private buildForm(): void {
    fill(byId('samples'), ...this.meta.samples.map((s) => h('button', {
      type: 'button', class: 'button', 'data-sample': s.name, title: s.description,
      onclick: () => {
        this.readAgainOnDateOrder = undefined;
        void this.loadInputs(() => api.sample(s.name), `the ${s.name} sample`);
      },
    }, `Load the ${s.name} sample`)));
    const d = this.meta.defaults;
    byId<HTMLInputElement>('horizon').value = String(d.horizonDays);
    byId<HTMLInputElement>('lookback').value = String(d.lookbackDays);
    byId<HTMLInputElement>('count').value = String(d.scenarioCount);
    byId<HTMLInputElement>('seed').value = String(d.seed);
    fill(byId('levels'), ...LEVELS.map((l) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name: 'level', value: l, checked: d.confidence.includes(l) }), ` ${level(l)}`)));
    fill(byId('method'), ...this.meta.scenarioMethods.map((m) => h('option', { value: m, selected: m === d.scenarioMethod }, METHOD_LABELS[m] ?? m)));
    byId('target').addEventListener('change', () => { this.targetChosen = true; });
    byId('options').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.analyse(undefined);
    });
  }

  private wireUploads(): void {
    const input = byId<HTMLInputElement>('files');
    input.addEventListener('change', () => {
      const files = [...(input.files ?? [])];
      input.value = '';
      if (files.length > 0) void this.upload(files);
    });
    const drop = byId('drop');
    drop.addEventListener('dragover', (e) => {
      e.preventDefault();
      drop.classList.add('over');
    });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (e) => {
      e.preventDefault();
      drop.classList.remove('over');
      const files = [...(e.dataTransfer?.files ?? [])];
      if (files.length > 0) void this.upload(files);
    });
    // The inputs on the page always follow the order shown: changing it reads the files again.
    byId<HTMLSelectElement>('date-order').addEventListener('change', () => {
      if (this.readAgainOnDateOrder !== undefined) void this.upload(this.readAgainOnDateOrder);
    });
  }

  private dateOrder(): 'month-first' | 'day-first' | undefined {
    const v = byId<HTMLSelectElement>('date-order').value;
    return v === 'month-first' || v === 'day-first' ? v : undefined;
  }

  private upload(files: File[]): Promise<void> {
    const total = files.reduce((n, f) => n + f.size, 0);
    if (total > this.meta.limits.maxUploadBytes) {
      this.showInputsError(`the files add up to ${(total / 1024 / 1024).toFixed(1)} MB; the server takes at most ${(this.meta.limits.maxUploadBytes / 1024 / 1024).toFixed(0)} MB`);
      return Promise.resolve();
    }
    this.readAgainOnDateOrder = undefined;
    return this.loadInputs(async () => {
      const inputs = await api.upload(files, this.dateOrder());
      this.readAgainOnDateOrder = files;
      return inputs;
    }, files.length === 1 ? files[0]!.name : `${files.length} files`, (e) => {
      const explained = explainDateOrder(e);
      if (explained !== e) this.readAgainOnDateOrder = files;
      return explained;
    });
  }

  private async loadInputs(load: () => Promise<InputsSummary>, what: string, explain: (message: string) => string = (m) => m): Promise<void> {
    const status = byId('inputs-status');
    const run = byId<HTMLButtonElement>('run');
    this.showInputsError('');
    status.textContent = `Reading ${what}…`;
    // No analysis of the previous inputs while these are read.
    run.disabled = true;
    try {
      this.inputs = await load();
    } catch (e) {
      status.textContent = '';
      this.showInputsError(explain(message(e)));
      return;
    } finally {
      run.disabled = false;
    }
    status.textContent = `Read ${what}: ${this.inputs.holdings.length} holdings, prices to ${this.inputs.asOf}.`;
    this.showInputs(this.inputs);
  }

  private showInputsError(text: string): void {
    const box = byId('inputs-error');
    fill(box, text === '' ? null : h('p', {}, h('b', {}, 'Could not read the inputs: '), text));
    // The panel may be scrolled down to the analysis options: bring the message into view.
    if (text !== '') box.scrollIntoView({ block: 'center' });
  }

  private showInputs(inputs: InputsSummary): void {
    const cur = inputs.currency;
    const fmt = new Intl.NumberFormat('en-US', { style: 'currency', currency: cur, maximumFractionDigits: 0 });
    fill(byId('inputs-summary'),
      inputs.files.length > 0 ? h('ul', { class: 'files' }, ...inputs.files.map((f) => h('li', {}, h('b', {}, f.name), ` — ${f.kind}: ${f.detail}`))) : null,
      h('table', { class: 'holdings' },
        h('caption', {}, `Holdings on ${inputs.asOf} (${fmt.format(inputs.portfolioValue)}), by concern`),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '#'), h('th', { scope: 'col' }, 'Holding'), h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col' }, 'Share of ES'))),
        h('tbody', {}, ...inputs.holdings.map((x) => h('tr', { title: x.summary },
          h('td', {}, x.rank), h('th', { scope: 'row' }, x.symbol), h('td', {}, percent(x.valueShare)), h('td', {}, x.esShare === null ? 'n/a' : percent(x.esShare)))))),
      inputs.warnings.length > 0 ? h('details', { class: 'warnings' }, h('summary', {}, `${inputs.warnings.length} import warning${inputs.warnings.length > 1 ? 's' : ''}`),
        h('ul', {}, ...inputs.warnings.map((w) => h('li', {}, w)))) : null);
    const target = byId<HTMLSelectElement>('target');
    fill(target, ...inputs.holdings.map((x) => h('option', { value: x.symbol, selected: x.symbol === inputs.suggestedTarget },
      `${x.symbol}${x.symbol === inputs.suggestedTarget ? ' (suggested)' : ''} — ${percent(x.valueShare, 0)} of value`)));
    this.targetChosen = false;
    byId('target-why').textContent = `Suggested: ${inputs.why}`;
    const form = byId('options');
    form.hidden = false;
    target.focus();
  }

  private options(budget: number | undefined): AnalysisOptions | string {
    const int = (id: string) => Number(byId<HTMLInputElement>(id).value);
    const levels = [...document.querySelectorAll<HTMLInputElement>('input[name="level"]:checked')].map((c) => Number(c.value));
    if (levels.length === 0) return 'tick at least one confidence level';
    for (const id of ['horizon', 'lookback', 'count', 'seed']) {
      const el = byId<HTMLInputElement>(id);
      if (!el.checkValidity()) return `${el.labels?.[0]?.textContent ?? id}: ${el.validationMessage}`;
    }
    return {
      ...(this.targetChosen ? { target: byId<HTMLSelectElement>('target').value } : {}),
      horizonDays: int('horizon'),
      lookbackDays: int('lookback'),
      scenarioCount: int('count'),
      seed: int('seed'),
      confidence: levels,
      scenarioMethod: byId<HTMLSelectElement>('method').value,
      constraints: { noShortTarget: byId<HTMLInputElement>('no-short').checked, ...(budget === undefined ? {} : { budget }) },
    };
  }

  private async analyse(budget: number | undefined): Promise<void> {
    const status = byId('run-status');
    const error = byId('run-error');
    if (this.inputs === undefined) return;
    const options = this.options(budget);
    if (typeof options === 'string') {
      fill(error, h('p', {}, options));
      return;
    }
    fill(error);
    const button = byId<HTMLButtonElement>('run');
    button.disabled = true;
    status.textContent = 'Analysing: building the scenarios and valuing every hedge…';
    const started = performance.now();
    try {
      const analysis = await api.analyze(this.inputs.inputsId, options);
      status.textContent = `Analysed in ${((performance.now() - started) / 1000).toFixed(1)} s: ${analysis.report.hedges.length} hedges.`;
      byId('welcome').hidden = true;
      const reopen = this.detail.openName;
      this.results.show(analysis, budget);
      this.detail.close();
      if (reopen !== undefined && analysis.report.hedges.some((x) => x.name === reopen)) void this.detail.open(analysis, reopen);
      else this.results.focusHeading();
    } catch (e) {
      status.textContent = '';
      fill(error, h('p', {}, h('b', {}, 'The analysis failed: '), message(e)));
      error.scrollIntoView({ block: 'nearest' });
    } finally {
      button.disabled = false;
    }
  }
}

/** The select the page offers for what the server's messages call its `dateOrder` field. */
const DATE_ORDER = '"Dates such as 03/04/2020 are"';

/** A refusal the date order can settle, in the page's words (unchanged if it is not one): slash
 *  dates no number above 12 settles, or a date the chosen order cannot read. */
function explainDateOrder(e: string): string {
  const unsettled = ' (set dateOrder to month-first or day-first)';
  if (e.includes(unsettled)) return `${e.replace(unsettled, '')}. Choose how ${DATE_ORDER} read above, and the files are read again.`;
  if (e.includes('as dateOrder says')) return `${e.replace('as dateOrder says', `as ${DATE_ORDER} says`)}. Choose the other order there, or "as the files show", and the files are read again.`;
  return e;
}

function message(e: unknown): string {
  return e instanceof ApiError || e instanceof Error ? e.message : String(e);
}

api.meta().then((meta) => new App(meta), (e: unknown) => {
  fill(byId('welcome'), h('h2', {}, 'The server cannot be reached'), h('p', { role: 'alert' }, message(e)));
});
