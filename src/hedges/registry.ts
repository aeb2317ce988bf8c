import { basketShort } from './basket.js';
import { comparableShort } from './comparables.js';
import { protectivePut } from './protective-put.js';
import { sectorEtfShort } from './sector-etf-short.js';
import { shortSelf } from './short-self.js';
import type { HedgeKind } from './types.js';

/** Every hedge kind analyze evaluates, in report order. */
export const hedgeKinds: readonly HedgeKind[] = [shortSelf, protectivePut, sectorEtfShort, comparableShort, basketShort];
