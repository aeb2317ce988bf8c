import { basketShort } from './basket.js';
import { bondVsStock } from './bond-vs-stock.js';
import { collar } from './collar.js';
import { comparableShort } from './comparables.js';
import { deltaHedge } from './delta-hedge.js';
import { futuresHedge } from './futures.js';
import { macroIndexFutures, macroIndexPut } from './macro.js';
import { protectivePut } from './protective-put.js';
import { putSpread } from './put-spread.js';
import { sectorEtfShort } from './sector-etf-short.js';
import { shortSelf } from './short-self.js';
import type { HedgeKind } from './types.js';

/** Every hedge kind analyze evaluates, in report order. */
export const hedgeKinds: readonly HedgeKind[] = [shortSelf, protectivePut, collar, putSpread, deltaHedge, sectorEtfShort, comparableShort, basketShort, bondVsStock, futuresHedge, macroIndexFutures, macroIndexPut];
