// A headless Chromium (Debian's, driven by playwright-core) that signs in on the server's consent page and gives
// back the URL it was redirected to, without a server behind the redirect URI (the request is answered here).

import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/** Opens the authorization URL, signs in and allows or denies; the redirect URL the browser was sent to. */
export async function consent(
  browser: Browser,
  authorizationUrl: string,
  answer: { user: string; password: string; decision: 'allow' | 'deny' },
): Promise<URL> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    let redirected: URL | undefined;
    await page.route(/\/callback(\?|$)/, async (route) => {
      redirected = new URL(route.request().url());
      await route.fulfill({ status: 200, contentType: 'text/plain', body: 'back at the app' });
    });
    await page.goto(authorizationUrl);
    await page.fill('#username', answer.user);
    await page.fill('#password', answer.password);
    await page.click(`button[value=${answer.decision}]`);
    await page.waitForURL(/\/callback(\?|$)/);
    if (!redirected) throw new Error(`the browser was not redirected: ${page.url()}`);
    return redirected;
  } finally {
    await context.close();
  }
}
