import { constants } from 'node:fs';
import { access, mkdir, open, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../domain/errors.js';
import type { Io } from './io.js';

/** Writes `text` to `path` (relative to the working directory) so that nothing a user saved is
 *  ever lost or seen half-written: an existing file is kept unless the run has `--force`, the text
 *  goes to a temporary file in the same directory that is flushed to disk, renamed over the target
 *  and the directory entry flushed too. `flag` names the option in errors. */
export async function writeOutput(io: Io, path: string, text: string, flag: string): Promise<string> {
  const target = await checkTarget(io, path, flag);
  const temp = join(dirname(target), `.${process.pid}.${Date.now()}.microhedge.tmp`);
  try {
    await writeFile(temp, text, { flush: true });
    await rename(temp, target);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw new InputError({ file: flag, value: path, expected: `a writable file path (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
  }
  await syncDirectory(dirname(target));
  return target;
}

/** Refuses, before a long run, the output files it would have to refuse after it: each existing
 *  one (unless --force) or a directory where a file goes. `writeOutput` checks again when writing. */
export async function refuseExistingOutputs(io: Io, outputs: readonly { flag: string; path: string | undefined }[]): Promise<void> {
  for (const { flag, path } of outputs) if (path !== undefined && path !== '-') await checkTarget(io, path, flag);
}

async function checkTarget(io: Io, path: string, flag: string): Promise<string> {
  const target = resolve(io.cwd, path);
  if (await stat(target).then((st) => st.isDirectory(), () => false)) {
    throw new InputError({ file: flag, value: path, expected: 'a file path, not a directory' });
  }
  if (!io.force && await exists(target)) {
    throw new InputError({ file: flag, value: path, expected: 'a file that does not exist yet (add --force to overwrite it)' });
  }
  return target;
}

/** Writes several files into the directory `dir` (created when missing), each as `writeOutput`
 *  does; all existing names are checked first so that a refusal leaves the directory untouched. */
export async function writeOutputDirectory(io: Io, dir: string, files: Record<string, string>, flag: string): Promise<string[]> {
  const target = resolve(io.cwd, dir);
  await mkdir(target, { recursive: true }).catch((e: NodeJS.ErrnoException) => {
    throw new InputError({ file: flag, value: dir, expected: `a directory that can be created (${e.code ?? e.message})` });
  });
  if (!io.force) {
    for (const name of Object.keys(files)) {
      if (await exists(join(target, name))) {
        throw new InputError({ file: flag, value: join(dir, name), expected: 'a file that does not exist yet (add --force to overwrite it)' });
      }
    }
  }
  const written: string[] = [];
  for (const [name, text] of Object.entries(files)) written.push(await writeOutput({ ...io, force: true }, join(target, name), text, flag));
  return written;
}

/** `--json -` prints the value on stdout (and nothing else goes there); `--json FILE` writes it. */
export async function writeJson(io: Io, target: string | undefined, value: unknown): Promise<void> {
  if (target === undefined) return;
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (target === '-') io.stdout(text);
  else await writeOutput(io, target, text, '--json');
}

/** Where human-readable output goes: stderr when stdout carries JSON, else stdout. */
export function humanStream(io: Io, json: string | undefined): (text: string) => void {
  return json === '-' ? io.stderr : io.stdout;
}

async function exists(path: string): Promise<boolean> {
  return access(path, constants.F_OK).then(() => true, () => false);
}

/** A rename is durable only once its directory is flushed; some file systems refuse to open a
 *  directory for that, which costs durability on a power cut but not atomicity. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  if (handle === undefined) return;
  await handle.sync().catch(() => undefined).finally(() => handle.close());
}
