/** Where a bad value was found and what was expected there. Every field but `expected` is
 *  optional because some inputs (a flag, an API field) have no file or row. */
export type InputErrorDetails = {
  /** File name (as the user gave it), or the flag / API field that held the value. */
  file?: string;
  /** 1-based line number in the file, counting the header as line 1. */
  row?: number;
  /** Column name (preferred) or 1-based column number. */
  column?: string | number;
  /** The offending value as read, if there was one. */
  value?: string;
  /** What a valid value looks like, in words: "a positive number", "a date YYYY-MM-DD". */
  expected: string;
};

/** The user's input is wrong: user-facing layers print `message` and exit with code 2.
 *  Anything else thrown is a bug in microhedge (exit 1). */
export class InputError extends Error {
  readonly details: InputErrorDetails;

  constructor(details: InputErrorDetails) {
    super(formatInputError(details));
    this.name = 'InputError';
    this.details = details;
  }
}

/** `prices.csv:17:AAPL: expected a positive number, got "abc"` — the location parts that are
 *  known, then what was expected, then the value. */
export function formatInputError(d: InputErrorDetails): string {
  const where = [d.file, d.row, d.column].filter((p) => p !== undefined && p !== '').join(':');
  const got = d.value === undefined ? '' : `, got ${JSON.stringify(truncate(d.value, 60))}`;
  return `${where ? `${where}: ` : ''}expected ${d.expected}${got}`;
}

/** A long value is cut to `n` characters: a path keeps its end (the file name), anything else
 *  its start. */
function truncate(s: string, n: number): string {
  if (s.length <= n) return s;
  return /^[^\s"'{}[\]]*[/\\][^\s"'{}[\]]*$/.test(s) ? `…${s.slice(s.length - n + 1)}` : `${s.slice(0, n)}…`;
}
