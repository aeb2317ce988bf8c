import type { ImportWarning, ImportWarningKind } from './types.js';

/** Individual warnings listed per (column, kind) before the rest are only counted: a bad
 *  column can otherwise bury the report under thousands of identical lines. */
export const WARNINGS_LISTED_PER_COLUMN = 10;

/** Collects warnings, listing at most `WARNINGS_LISTED_PER_COLUMN` per column and kind and
 *  summarising the remainder in one 'more-warnings' entry each. */
export class WarningList {
  private readonly listed: ImportWarning[] = [];
  private readonly counts = new Map<string, number>();

  add(w: ImportWarning): void {
    const key = `${w.column ?? ''}\u0000${w.kind}`;
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    if (n <= WARNINGS_LISTED_PER_COLUMN) this.listed.push(w);
  }

  /** The listed warnings followed by one summary per (column, kind) that overflowed. */
  result(file: string): ImportWarning[] {
    const out = [...this.listed];
    for (const [key, n] of this.counts) {
      if (n <= WARNINGS_LISTED_PER_COLUMN) continue;
      const [column, kind] = key.split('\u0000') as [string, ImportWarningKind];
      const more = n - WARNINGS_LISTED_PER_COLUMN;
      out.push({
        file,
        ...(column === '' ? {} : { column }),
        kind: 'more-warnings',
        value: String(more),
        message: `${more} more '${kind}' warnings${column === '' ? '' : ` in column ${column}`} not listed`,
      });
    }
    return out;
  }
}
