import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './app.js';
import { loadWebAssets, type WebAssets } from './assets.js';
import { threadEngine } from './engine.js';
import { packageRoot } from '../pipeline/load-inputs.js';
import { HostCheck } from './hosts.js';

export type ServeOptions = {
  host: string;
  /** 0: any free port (the one chosen is in the result's `url`). */
  port: number;
  /** Further Host names accepted (a name the machine is reached by through a proxy or DNS). */
  allowHosts: string[];
  threads: number;
  timeLimitSeconds: number;
  maxUploadBytes: number;
  log: (line: string) => void;
  /** Slow clients (slowloris) are cut off with 408: the headers must arrive within this many ms
   *  (default 20 s) and the whole request within `requestTimeoutMs` (default the time limit plus
   *  a minute for the upload itself). */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
};

export type RunningServer = {
  url: string;
  /** False when dist/web was not built: the API alone is served. */
  webApp: boolean;
  close(): Promise<void>;
};

/** Tasks waiting for a compute thread beyond which requests are refused (503, Retry-After). */
const MAX_QUEUED = 256;

/** Starts the API and the web app on `host:port` with a pool of compute threads. */
export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const webDir = join(packageRoot(), 'dist', 'web');
  const assets: WebAssets | undefined = existsSync(join(webDir, 'index.html')) ? await loadWebAssets(webDir) : undefined;
  const engine = threadEngine({ threads: o.threads, timeLimitSeconds: o.timeLimitSeconds, maxQueued: MAX_QUEUED });
  const hosts = new HostCheck(o.host, o.port, o.allowHosts);
  const app = createApp({ engine, hosts, maxUploadBytes: o.maxUploadBytes, log: o.log, ...(assets === undefined ? {} : { assets }) });
  const headersTimeout = o.headersTimeoutMs ?? 20_000;
  const requestTimeout = Math.max(headersTimeout, o.requestTimeoutMs ?? (o.timeLimitSeconds + 60) * 1000);
  // Node checks the two limits every `connectionsCheckingInterval` (30 s by default, which would
  // let a slow client hold its connection for up to 30 s more than the limit).
  const serverOptions = { headersTimeout, requestTimeout, connectionsCheckingInterval: Math.min(1000, headersTimeout / 2) };
  let server: ServerType;
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server = serve({ fetch: app.fetch, hostname: o.host, port: o.port, serverOptions }, resolve);
    server.once('error', reject);
  }).catch(async (e: unknown) => {
    // The threads would keep the process alive after a failed listen (port in use).
    await engine.close();
    throw e;
  });
  hosts.setPort(address.port);
  const http = server! as Server;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${o.host === '0.0.0.0' || o.host === '::' ? 'localhost' : shown}:${address.port}/`,
    webApp: assets !== undefined,
    async close() {
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      // Keep-alive connections would hold close() open until the browser drops them.
      http.closeAllConnections();
      await closed;
      await engine.close();
    },
  };
}
