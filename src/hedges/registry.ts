import { protectivePut } from './protective-put.js';
import { sectorEtfShort } from './sector-etf-short.js';
import type { HedgeKind } from './types.js';

/** Every hedge kind analyze evaluates, in report order. */
export const hedgeKinds: readonly HedgeKind[] = [protectivePut, sectorEtfShort];
