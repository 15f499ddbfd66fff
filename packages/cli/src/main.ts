// Entry of the `appconnector` command: runs the program and turns failures into a message and an exit code.

import { run } from './run.ts';

const code = await run(process.argv.slice(2));
if (code !== undefined) process.exitCode = code;
