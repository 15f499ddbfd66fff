#!/usr/bin/env node
// Refreshes the project's copy of AFAS's published connector catalogue (packages/server/catalogue/published) from
// the shared folder beside the repository. The server reads only the copy: nothing at run time depends on ../shared.

import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = resolve(process.argv[2] ?? join(root, '..', 'shared', 'catalogue'));
const target = join(root, 'packages', 'server', 'catalogue');

if (!existsSync(join(source, 'published', 'update', '_index.json'))) {
  console.error(`no published catalogue at ${source} (expected published/update/_index.json)`);
  process.exit(2);
}
rmSync(join(target, 'published'), { recursive: true, force: true });
cpSync(join(source, 'published'), join(target, 'published'), { recursive: true });
cpSync(join(source, 'README.md'), join(target, 'README.md'));
console.log(`catalogue copied from ${source} to ${target}`);
