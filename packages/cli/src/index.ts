// The programmatic face of the `appconnector` command: run a command line with your own output (tests, wrappers).
// The command itself is bin/appconnector.js.

export { type Io, processIo } from './output.ts';
export { run } from './run.ts';
