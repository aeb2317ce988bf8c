import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../domain/errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The values of the declared flags (string, string[] or boolean by their `type`/`multiple`)
 *  and the positional arguments. */
export type ParsedFlags<T extends Options> = {
  values: { [K in keyof T]?: T[K] extends { type: 'boolean' } ? boolean : T[K] extends { multiple: true } ? string[] : string };
  positionals: string[];
};

/** node:util parseArgs in strict mode, with its errors turned into InputErrors that name the flag
 *  and list the valid flags (user errors, exit code 2). A command without --seed says why it has
 *  none: by default, that it draws nothing; `seedElsewhere` says where its seed is set instead. */
export function parseFlags<T extends Options>(command: string, args: string[], options: T, seedElsewhere?: string): ParsedFlags<T> {
  // node's parser takes `--ratio -1` for two flags; a negative number after a flag that takes a
  // value is that flag's value.
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const name = /^--([^=]+)$/.exec(arg)?.[1];
    const next = args[i + 1];
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-\.?\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  try {
    return parseArgs({ args: joined, options, strict: true, allowPositionals: true }) as ParsedFlags<T>;
  } catch (e) {
    // node's messages may run over several lines; the error is one line.
    const message = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim();
    const flag = /'(-{1,2}[^'\s]+)/.exec(message)?.[1] ?? command;
    if (/^--seed(=|$)/.test(flag) && !('seed' in options)) {
      throw new InputError({ file: '--seed', expected: `no seed: ${seedElsewhere ?? `'${command}' makes no random draws, so the same inputs give the same results every run`}` });
    }
    const valid = Object.keys(options).map((o) => `--${o}`).join(', ');
    throw new InputError({ file: flag, expected: `one of the flags of '${command}': ${valid} (${message.replace(/\.$/, '')})` });
  }
}

/** A command that takes no positional argument names the flag that starts its options. */
export function refusePositionals(command: string, positionals: readonly string[], firstFlag: string): void {
  if (positionals.length > 0) {
    throw new InputError({ file: positionals[0], expected: `an option such as ${firstFlag} (${command} takes no positional arguments)` });
  }
}

/** A flag value that must be an integer in [min, max]. */
export function integerFlag(flag: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new InputError({ file: `--${flag}`, value, expected: `an integer from ${min} to ${max}` });
  }
  return n;
}

/** A comma-separated list of numbers each in the open interval (min, max). */
export function numberListFlag(flag: string, value: string | undefined, fallback: number[], min: number, max: number): number[] {
  if (value === undefined) return fallback;
  return value.split(',').map((part) => {
    const n = Number(part.trim());
    if (part.trim() === '' || !Number.isFinite(n) || n <= min || n >= max) {
      throw new InputError({ file: `--${flag}`, value: part, expected: `numbers strictly between ${min} and ${max}, comma-separated` });
    }
    return n;
  });
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export function dateFlag(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const d = new Date(`${value}T00:00:00Z`);
  if (!isoDate.test(value) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) {
    throw new InputError({ file: `--${flag}`, value, expected: 'a date YYYY-MM-DD' });
  }
  return value;
}

/** A flag value that must be a finite number > 0. */
export function positiveNumberFlag(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new InputError({ file: `--${flag}`, value, expected: 'a positive number' });
  }
  return n;
}

/** A flag value that must be one of `choices`. */
export function choiceFlag<T extends string>(flag: string, value: string | undefined, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) {
    throw new InputError({ file: `--${flag}`, value, expected: `one of ${choices.join(', ')}` });
  }
  return value as T;
}
