// The server of test/reliability/server.test.ts in a process of its own: startServer from the
// build, as `microhedge serve` starts it, with the limits given as a JSON argument. It reports its
// address over IPC, and on a 'memory' message its memory after a full collection (--expose-gc).
import { startServer } from '../../dist/src/server/start.js';

const limits = JSON.parse(process.argv[2] ?? '{}');
const server = await startServer({
  host: '127.0.0.1', port: 0, allowHosts: [], threads: 1, timeLimitSeconds: 60,
  log: (line) => process.stderr.write(`${line}\n`), ...limits,
});
process.on('message', (m) => {
  if (m !== 'memory') return;
  globalThis.gc();
  const { rss, heapUsed, external } = process.memoryUsage();
  process.send({ type: 'memory', value: { rss, heapUsed, external } });
});
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
process.send({ type: 'listening', value: server.url });
