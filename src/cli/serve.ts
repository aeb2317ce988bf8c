import { availableParallelism } from 'node:os';
import { InputError } from '../domain/errors.js';
import { integerFlag, parseFlags, positiveNumberFlag, refusePositionals } from './args.js';
import type { CliCommand, Io } from './io.js';

const DEFAULT_PORT = 4173;
const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_TIME_LIMIT_SECONDS = 60;
const DEFAULT_MAX_UPLOAD_MB = 32;
// One core is left to the HTTP thread; more than four threads only multiply memory on a laptop.
const DEFAULT_THREADS = Math.max(1, Math.min(4, availableParallelism() - 1));

const HELP = `microhedge serve — the web app and its JSON API on this machine

usage: microhedge serve [--port N] [--host ADDRESS] [options]

Open the printed address in a browser: load the sample portfolio or upload your holdings and
price files, pick the holding to hedge, see the ranked hedges, adjust a put, a collar or a hedge
ratio live, download the report. The API (POST /api/analyze takes the inputs and options of
'microhedge analyze' and returns the same JSON report) is described in docs/web.md.

options:
  --port N             port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host ADDRESS       interface to listen on (default ${DEFAULT_HOST}: this machine only). Any other
                       value exposes the app, which has no login, to whoever can reach that address
  --allow-host NAME    a further host name the app may be reached by (repeatable): requests naming
                       any other host are refused, against DNS rebinding
  --threads N          compute threads (default ${DEFAULT_THREADS}: the cores but one, at most 4)
  --time-limit SECONDS longest computation of one request, waiting included (default ${DEFAULT_TIME_LIMIT_SECONDS})
  --max-upload-mb MB   largest request body with uploaded files (default ${DEFAULT_MAX_UPLOAD_MB})
  --quiet              print only the address (and warnings); errors are logged all the same

Stop it with Ctrl-C.

examples:
  microhedge serve                       then open http://127.0.0.1:4173/
  microhedge serve --port 8080 --threads 2 --time-limit 120
`;

export const serveCommand: CliCommand = {
  name: 'serve',
  help: HELP,
  async run(args: string[], io: Io): Promise<number> {
    const { values, positionals } = parseFlags('serve', args, {
      port: { type: 'string' },
      host: { type: 'string' },
      'allow-host': { type: 'string', multiple: true },
      threads: { type: 'string' },
      'time-limit': { type: 'string' },
      'max-upload-mb': { type: 'string' },
      quiet: { type: 'boolean' },
    }, 'each request sets its own (options.seed of POST /api/analyze), so the same request gives the same report');
    refusePositionals('serve', positionals, '--port N');
    const host = values.host ?? DEFAULT_HOST;
    if (!/^[A-Za-z0-9.:-]+$/.test(host)) throw new InputError({ file: '--host', value: host, expected: 'an IP address or host name to listen on' });
    // Loaded here: the server and its compute engine are heavy, and --help must stay fast.
    const { startServer } = await import('../server/start.js');
    const server = await startServer({
      host,
      port: integerFlag('port', values.port, DEFAULT_PORT, 0, 65_535),
      allowHosts: values['allow-host'] ?? [],
      threads: integerFlag('threads', values.threads, DEFAULT_THREADS, 1, 64),
      timeLimitSeconds: values['time-limit'] === undefined ? DEFAULT_TIME_LIMIT_SECONDS : positiveNumberFlag('time-limit', values['time-limit']),
      maxUploadBytes: (values['max-upload-mb'] === undefined ? DEFAULT_MAX_UPLOAD_MB : positiveNumberFlag('max-upload-mb', values['max-upload-mb'])) * 1024 * 1024,
      log: (line) => io.stderr(`${line}\n`),
    }).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE' || e.code === 'EACCES' || e.code === 'EADDRNOTAVAIL') {
        throw new InputError({ file: '--port', value: String(values.port ?? DEFAULT_PORT), expected: `a port this user can listen on at ${host} (${e.code})` });
      }
      throw e;
    });
    io.stdout(`microhedge web app: ${server.url}\n`);
    if (!server.webApp) io.stderr('warning: the web app is not built (run npm run build); serving the API alone\n');
    if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
      io.stderr(`warning: listening on ${host}: anyone who can reach this address can use the app and its compute; there is no login\n`);
    }
    if (!values.quiet) io.stderr('Ctrl-C to stop\n');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
    return 0;
  },
};
