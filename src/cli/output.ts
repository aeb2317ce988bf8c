import { rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../domain/errors.js';
import type { Io } from './io.js';

/** Writes via a temporary file in the same directory and a rename, so a reader (or a crash)
 *  never sees half a file. The flag is named in the error when the path cannot be written. */
export async function writeAtomically(path: string, text: string, flag: string): Promise<void> {
  const temp = join(dirname(path), `.${process.pid}.${Date.now()}.microhedge.tmp`);
  try {
    await writeFile(temp, text, { flush: true });
    await rename(temp, path);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw new InputError({ file: flag, value: path, expected: `a writable file path (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
  }
}

/** `--json -` prints the value on stdout (and nothing else goes there); `--json FILE` writes it. */
export async function writeJson(io: Io, target: string | undefined, value: unknown): Promise<void> {
  if (target === undefined) return;
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (target === '-') io.stdout(text);
  else await writeAtomically(resolve(io.cwd, target), text, '--json');
}

/** Where human-readable output goes: stderr when stdout carries JSON, else stdout. */
export function humanStream(io: Io, json: string | undefined): (text: string) => void {
  return json === '-' ? io.stderr : io.stdout;
}
