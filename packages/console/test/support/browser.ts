// What the console's browser tests and the screenshot script share: a fresh build of the UI into a folder of its
// own, Debian's headless Chromium (driven by playwright-core), and a page that records every console error, page
// error and Content-Security-Policy refusal.

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
const BUILD = new URL('../../scripts/build.mjs', import.meta.url).pathname;

/** Builds the current UI sources into a new folder (well under a second) and gives its path. */
export async function buildConsole(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'appconnector-console-'));
  await promisify(execFile)(process.execPath, [BUILD, dir]);
  return dir;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/** A laptop-sized page whose console errors, uncaught errors and CSP refusals end up in `problems`. */
export async function consolePage(
  browser: Browser,
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'en-GB' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    // An API answer of 4xx (the session check before sign-in, a wrong password) is the UI's to show, not a fault;
    // Chromium logs each one. Any other failed load (a script, a style, an icon) counts.
    const api = message.location().url.includes('/console/api/');
    if (api && message.text().startsWith('Failed to load resource')) return;
    if (message.type() === 'error' || /Content Security Policy|Refused to/i.test(message.text()))
      problems.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`page: ${error.message}`));
  // A CSP violation also fires this event in the page; record it even when nothing is logged.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) =>
      console.error(`Refused by CSP: ${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  return { context, page, problems };
}
