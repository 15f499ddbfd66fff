// Opens a URL in the user's browser for `login`: APPCONNECTOR_BROWSER (a command; tests give a headless one), else
// the system's opener. Must not wait for the browser: login waits for its redirect instead.

import { spawn } from 'node:child_process';

function systemOpener(url: string): [string, string[]] {
  if (process.platform === 'darwin') return ['open', [url]];
  // `start` is a cmd built-in; its first quoted argument is a window title, hence the empty one.
  if (process.platform === 'win32') return ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]];
  return ['xdg-open', [url]];
}

/**
 * Starts the browser on the URL; resolves false when it could not be started (no opener installed, no display),
 * so the caller can rely on the printed URL instead.
 */
export function openBrowser(url: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const chosen = env.APPCONNECTOR_BROWSER?.trim();
  // A command given as text runs through the shell with the URL as one quoted argument ("$1"), never pasted in.
  const [file, args] = chosen
    ? process.platform === 'win32'
      ? [chosen, [`"${url}"`]]
      : ['/bin/sh', ['-c', `${chosen} "$1"`, 'sh', url]]
    : systemOpener(url);
  return new Promise((resolve) => {
    const child = spawn(file, args, {
      stdio: 'ignore',
      detached: true,
      shell: chosen !== undefined && process.platform === 'win32',
    });
    child.once('error', () => resolve(false));
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}
