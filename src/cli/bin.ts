#!/usr/bin/env node
/** The `territory-design` executable: `runCli` on the process's arguments and streams. */
import { runCli } from './main.js';

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTty: process.stderr.isTTY === true,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A bug of ours, not of the input: the stack is what a report needs.
    process.stderr.write(`territory-design: unexpected failure (please report it): ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 3;
  },
);
