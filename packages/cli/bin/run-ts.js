#!/usr/bin/env node
// Runs a TypeScript file of this repository (argv[2]) from its sources through tsx; used by `npm run bench` and scripts.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import './source-loader.js';

const [file, ...rest] = process.argv.slice(2);
process.argv = [process.argv[0], resolve(file), ...rest];
await import(pathToFileURL(resolve(file)).href);
