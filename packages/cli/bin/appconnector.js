#!/usr/bin/env node
// Entry point of the `appconnector` command: runs the bundled build (dist/appconnector.mjs), or, in a checkout not
// built yet, the TypeScript sources through tsx (a development fallback; published packages always carry dist/).
import { existsSync } from 'node:fs';

const built = new URL('../dist/appconnector.mjs', import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  await import('./source-loader.js');
  await import('../src/main.ts');
}
