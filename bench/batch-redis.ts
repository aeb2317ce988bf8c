/** A throwaway Redis for the batch benchmark and the queue tests: Debian's redis-server
 *  (`apt-get install redis-server`) on a free port of 127.0.0.1, without persistence, stopped
 *  by `stop()`. */

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export type LocalRedis = { url: string; port: number; stop(): Promise<void> };

export async function startRedis(): Promise<LocalRedis> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const read = (d: Buffer) => { out += d.toString(); };
  child.stdout?.on('data', read);
  await new Promise<void>((resolve, reject) => {
    child.once('error', (e) => reject(new Error(`redis-server could not start (apt-get install redis-server): ${e.message}`)));
    child.once('exit', (code) => reject(new Error(`redis-server exited with code ${code}: ${out}`)));
    child.stdout?.on('data', () => {
      if (out.includes('Ready to accept connections')) resolve();
    });
  });
  // Its log is not needed any more, but the pipe must keep draining.
  child.stdout?.off('data', read);
  child.stdout?.resume();
  return { url: `redis://127.0.0.1:${port}`, port, stop: () => stopProcess(child) };
}

/** A port the system had free a moment ago (listen on 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** SIGTERM (a worker finishes its job first; Redis exits) and wait for the exit. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
