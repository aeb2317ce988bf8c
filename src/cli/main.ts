#!/usr/bin/env node
import { run } from './run.js';

// The one place that touches the real process: streams, TTY, exit code.
const result = await run(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stderr.isTTY),
});
process.exitCode = result.code;
