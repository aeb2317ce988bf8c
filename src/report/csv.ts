import type { Report } from './schema.js';

/** The report's tables as CSV files (name → text), for spreadsheets: the hedges, the concern
 *  screen, the holdings with their ES contributions, the risk figures, the out-of-sample tests, the
 *  payoff diagrams' points and the chain's smile (a header only without a chain). Numbers are
 *  written in full precision, units in the headers. */
export function renderCsv(r: Report): Record<string, string> {
  const levels = r.confidence;
  const figure = (list: { level: number; amount: number }[], at: number) => list.find((f) => f.level === at)?.amount ?? '';
  const hedgeHeader = ['kind', 'name', 'legs', 'cost_total', 'cost_fraction_of_target',
    ...levels.flatMap((l) => [`asset_es${pct(l)}_before`, `asset_es${pct(l)}_after`, `portfolio_es${pct(l)}_before`, `portfolio_es${pct(l)}_after`]),
    'variance_reduction_asset', 'variance_reduction_portfolio', 'warnings'];
  const hedges = r.hedges.map((h) => [h.kind, h.name, h.legs.map((l) => `${l.quantity} ${l.symbol}`).join('; '), h.cost.total, h.cost.fractionOfTarget,
    ...levels.flatMap((l) => [figure(h.asset.before.es, l), figure(h.asset.after.es, l), figure(h.portfolio.before.es, l), figure(h.portfolio.after.es, l)]),
    h.varianceReduction.asset, h.varianceReduction.portfolio, h.warnings.join(' | ')]);
  const top = r.portfolio.contributions.levels;
  const holdings = r.portfolio.holdings.map((h) => [h.symbol, h.quantity, h.price, h.value, h.weight,
    ...top.map((l) => l.components.find((c) => c.name === h.symbol)?.componentEs ?? '')]);
  const risk = [['asset', r.asset.risk, r.asset.value], ['portfolio', r.portfolio.risk, r.portfolio.value]] as const;
  const tested = r.hedges.flatMap((h) => (h.outOfSample === null ? [] : [[h, h.outOfSample] as const]));
  return {
    'hedges.csv': table(hedgeHeader, hedges),
    'concern.csv': table(['rank', 'symbol', 'score', 'value_share', 'es_share', 'flags'],
      r.concern.holdings.map((h) => [h.rank, h.symbol, h.score, h.valueShare, h.esShare ?? '', h.flags.join(' | ')])),
    'out-of-sample.csv': table(['hedge', 'from', 'to', 'periods', 'window_days', 'step_days', 'in_sample_variance_reduction',
      'out_of_sample_variance_reduction', 'hedge_error_volatility_annual', 'reliability', 'breaks_flagged'],
    tested.map(([h, o]) => [h.name, o.from, o.to, o.periods, o.windowDays, o.stepDays, o.inSampleVarianceReduction,
      o.outOfSampleVarianceReduction, o.hedgeErrorVolatility, o.reliability, o.breaks.filter((b) => b.flagged).map((b) => b.test).join(' | ')])),
    'smile.csv': table(['expiry', 'days', 'type', 'strike', 'moneyness', 'implied_volatility'],
      (r.smile?.expiries ?? []).flatMap((e) => e.points.map((p) => [e.expiry, e.days, p.type, p.strike, p.moneyness, p.impliedVolatility]))),
    'payoff.csv': table(['hedge', 'underlying', 'underlying_price', `unhedged_pnl_${r.currency}`, `pnl_at_horizon_${r.currency}`, `pnl_at_expiry_${r.currency}`],
      r.hedges.flatMap((h) => (h.payoff === undefined ? [] : h.payoff.points.map((q) => [h.name, h.payoff!.underlying, q.price, q.unhedged, q.atHorizon, q.atExpiry])))),
    'holdings.csv': table(['symbol', 'quantity', 'price', 'value', 'weight', ...top.map((l) => `es${pct(l.level)}_contribution`)], holdings),
    'risk.csv': table(['measured', 'horizon_days', 'measure', 'level', 'amount', 'fraction_of_value'], risk.flatMap(([name, f, value]) => [
      [name, f.horizonDays, 'volatility', '', f.volatility, f.volatility / value],
      [name, f.horizonDays, 'mean_pnl', '', f.mean, f.mean / value],
      [name, f.horizonDays, 'worst_loss', '', f.worstLoss, f.worstLoss / value],
      ...f.var.map((x) => [name, f.horizonDays, 'var', x.level, x.amount, x.fractionOfValue]),
      ...f.es.map((x) => [name, f.horizonDays, 'es', x.level, x.amount, x.fractionOfValue]),
    ])),
  };
}

/** 0.95 → "95", 0.975 → "97_5": a confidence level inside a column name. */
export function pct(level: number): string {
  return String(Number((100 * level).toFixed(2))).replace('.', '_');
}

export type CsvCell = string | number | boolean | null | undefined;

/** A CSV table: a header row, then the rows, RFC 4180 quoting where needed; numbers with every
 *  digit JavaScript prints (they read back exactly); null and undefined as empty cells. */
export function table(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return `${[header, ...rows].map((row) => row.map(cell).join(',')).join('\n')}\n`;
}

/** RFC 4180 quoting where needed. */
function cell(v: CsvCell): string {
  const s = v == null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
