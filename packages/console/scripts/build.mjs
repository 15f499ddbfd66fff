// Build step of the web console's browser UI: bundles src/main.tsx (Preact, JSX) and its CSS (Pico CSS and ours)
// with esbuild into packages/server/console-dist/ (where the server serves /console/ from, see
// packages/server/src/console/API.md), under hashed names in assets/, and writes index.html pointing at them.
// Nothing is fetched at run time: every script, style and icon the page uses is in that folder. Takes well under
// a second.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { build } from 'esbuild';

const here = (path) => new URL(path, import.meta.url).pathname;
/** The server's folder, or another one given as the first argument (tests build into a folder of their own). */
const OUT = process.argv[2] ? `${process.argv[2].replace(/\/$/, '')}/` : here('../../server/console-dist/');

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const result = await build({
  entryPoints: { console: here('../src/main.tsx') },
  outdir: `${OUT}assets`,
  entryNames: '[name]-[hash]',
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['chrome120', 'firefox120', 'safari16'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  // The protocol and client sources, like the tests: never a stale dist/.
  conditions: ['@appconnector/source'],
  sourcemap: 'linked',
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});

/** The built file of the entry for one extension, as a URL path under /console/. */
const asset = (extension) => {
  const file = Object.keys(result.metafile.outputs).find((path) => path.endsWith(extension) && !path.endsWith('.map'));
  if (!file) throw new Error(`the console build made no ${extension} file`);
  return `/console/assets/${basename(relative(`${OUT}assets`, file))}`;
};

// No inline script or style: the page's Content-Security-Policy allows scripts from 'self' only. The empty icon
// keeps the browser from asking /favicon.ico, which is the App Connector API's (401).
writeFileSync(
  `${OUT}index.html`,
  `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="color-scheme" content="light">
    <title>appconnector console</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="${asset('.css')}">
    <script type="module" src="${asset('.js')}"></script>
  </head>
  <body>
    <div id="console"><noscript>The console needs JavaScript.</noscript></div>
  </body>
</html>
`,
);
