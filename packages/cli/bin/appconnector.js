#!/usr/bin/env node
// Entry point of the `appconnector` command: runs the built JavaScript (dist/), or, in a checkout that has not been
// built, the TypeScript sources through tsx (a development fallback; published packages always carry dist/).
import { existsSync } from 'node:fs';

const built = new URL('../dist/main.js', import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  await import('./source-loader.js');
  await import('../src/main.ts');
}
