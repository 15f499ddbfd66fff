// Build step of the `appconnector` command: bundles what tsc emitted (dist/main.js with the client, the protocol,
// commander, cli-progress and fastest-levenshtein) into one file, dist/appconnector.mjs, which bin/appconnector.js
// runs. One file instead of some sixty modules halves the start of `appconnector --version`. The server stays a
// separate package that the command imports at first use (src/server-lazy.ts).
import { build } from 'esbuild';

await build({
  entryPoints: [new URL('../dist/main.js', import.meta.url).pathname],
  outfile: new URL('../dist/appconnector.mjs', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: ['@appconnector/server'],
  // commander and cli-progress are CommonJS; their require() of Node's modules needs a require in an ES module.
  banner: { js: "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);" },
  sourcemap: 'linked',
  logLevel: 'warning',
});
