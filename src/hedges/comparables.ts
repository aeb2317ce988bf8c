import type { Hedge } from '../domain/hedge.js';
import { rankComparables, SECTOR_ETFS, shortableUniverse } from './screen.js';
import { singleNameShort } from './sector-etf-short.js';
import type { HedgeContext, HedgeKind } from './types.js';

/** Single names proposed: the most correlated ones. */
const PROPOSED = 2;

/** Short a comparable company (a peer) instead of the holding: screens every share in the
 *  universe by correlation with the target over the lookback and sizes each short by the
 *  minimum-variance ratio. Useful when the target itself cannot be shorted. */
export const comparableShort: HedgeKind = {
  kind: 'comparable-short',
  summary: 'short the most correlated single stocks, sized by the minimum-variance ratio',
  candidates(ctx: HedgeContext): Hedge[] {
    const ranked = rankComparables(ctx, shortableUniverse(ctx).filter((s) => !SECTOR_ETFS.includes(s)));
    return ranked.slice(0, PROPOSED).filter((c) => c.rho > 0).map((c, k) => singleNameShort(ctx, c.symbol, ranked, 'comparable-short', {
      intro: `Among the ${ranked.length} single stocks screened, ${c.symbol} ranks ${k === 0 ? 'first' : `number ${k + 1}`} by how closely it moved with ${ctx.target}`,
      alternatives: ranked.filter((r) => r.symbol !== c.symbol).slice(0, 4).map((r) => `${r.symbol} ρ=${r.rho.toFixed(2)}`).join(', '),
    }));
  },
};
