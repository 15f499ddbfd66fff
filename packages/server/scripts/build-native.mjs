// Builds native/row-json.c, the SQLite function that writes a row's answer text (docs in the file), into
// native/build/. Optional: without a C compiler, or on Windows, it says so and the server writes rows in SQL as
// before. Run by the repository's build and at the package's install; does nothing when the build is newer.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'native', 'row-json.c');
const target = join(root, 'native', 'build', process.platform === 'darwin' ? 'row-json.dylib' : 'row-json.so');

function headers() {
  try {
    const driver = dirname(createRequire(join(root, 'package.json')).resolve('better-sqlite3/package.json'));
    const dir = join(driver, 'deps', 'sqlite3');
    return existsSync(join(dir, 'sqlite3ext.h')) ? dir : undefined;
  } catch {
    return undefined;
  }
}

function skip(reason) {
  console.warn(`@appconnector/server: the native row writer is not built (${reason}); SQLite reads write rows in SQL`);
}

if (existsSync(target) && statSync(target).mtimeMs >= statSync(source).mtimeMs) process.exit(0);
const include = headers();
if (process.platform === 'win32') skip('Windows');
else if (!include) skip("better-sqlite3's SQLite headers were not found");
else {
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  const compiler = process.env.CC || 'cc';
  const flags = ['-O2', '-fPIC', '-shared', '-Wall', `-I${include}`, '-o', partial, source, '-lm'];
  if (process.platform === 'darwin') flags.splice(2, 1, '-dynamiclib');
  const built = spawnSync(compiler, flags, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (built.error || built.status !== 0)
    skip(`${compiler} ${built.error ? built.error.message : `exited ${built.status}`}`);
  else renameSync(partial, target);
}
