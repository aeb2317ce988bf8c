import type { z } from 'zod';
import { jsonPreview } from '../data/json-syntax.js';
import type { InputErrorDetails } from '../domain/errors.js';

// zod's issues in the words of an InputError: the field, what was expected there in plain words
// ("a number ≤ 250", "one of "historical", "fhs""), and the value received. Shared by the config
// file reader and the server's request schemas so that both say the same thing.

/** One zod issue as the field (its path under `root`, e.g. `options.horizonDays`), what was
 *  expected there, and the value received. `unknownField` says what an unknown key should have
 *  been (where the valid fields are documented). */
export function issueDetails(issue: z.core.$ZodIssue, unknownField: string, root = ''): InputErrorDetails {
  const path = [root, ...issue.path.map(String)].filter((p) => p !== '').join('.');
  const field = issue.code === 'unrecognized_keys' ? [path, issue.keys[0]].filter((p) => p).join('.') : path;
  const value = 'input' in issue && issue.input !== undefined && issue.code !== 'unrecognized_keys' ? shown(issue.input) : undefined;
  return { file: field || '(body)', expected: issue.code === 'unrecognized_keys' ? unknownField : expectedOf(issue), ...(value === undefined ? {} : { value }) };
}

function expectedOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `a value (this field is required: ${article(issue.expected)})` : article(issue.expected);
    case 'too_small':
      return bound(issue.origin, issue.minimum, issue.inclusive ?? true, ['at least', 'more than'], ['≥', '>']);
    case 'too_big':
      return bound(issue.origin, issue.maximum, issue.inclusive ?? true, ['at most', 'fewer than'], ['≤', '<']);
    case 'invalid_key': {
      // A record's key failed its schema (a symbol → move map keyed by something not a ticker).
      const inner = issue.issues[0];
      return inner === undefined ? 'a valid key' : `${expectedOf(inner as z.core.$ZodIssue)} as the key`;
    }
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      // custom messages and the schema's own phrases ("a date YYYY-MM-DD") read as they are
      return issue.message.replace(/^Invalid input:?\s*/, '').replace(/^expected\s+/, '') || 'a valid value';
  }
}

function bound(origin: string, limit: number | bigint, inclusive: boolean, words: [string, string], signs: [string, string]): string {
  const n = Number(limit);
  const word = inclusive ? words[0] : words[1];
  if (origin === 'array' || origin === 'set') return `${word} ${n} item${n === 1 ? '' : 's'}`;
  if (origin === 'string') return `${word} ${n} character${n === 1 ? '' : 's'}`;
  return `a number ${inclusive ? signs[0] : signs[1]} ${n}`;
}

function article(type: string): string {
  if (type === 'int') return 'an integer';
  return type === 'object' || type === 'array' || type === 'integer' ? `an ${type}` : `a ${type}`;
}

/** Longest value echoed back: a 100,000-item array sent by mistake is not sent back whole. */
const SHOWN_LENGTH = 200;

/** The value as sent, shortened; a parsed document is previewed without walking all of it (a
 *  value nested 20,000 deep overflowed the stack of JSON.stringify). */
function shown(v: unknown): string {
  if (typeof v === 'string') return v.length <= SHOWN_LENGTH ? v : `${v.slice(0, SHOWN_LENGTH)}…`;
  return jsonPreview(v, SHOWN_LENGTH);
}
