// A "system browser" for `appconnector login` in tests (APPCONNECTOR_BROWSER="node <this file>"): a headless
// Chromium opens the URL it is given, signs in on the consent page as SIGN_IN_USER / SIGN_IN_PASSWORD, answers
// SIGN_IN_DECISION (allow or deny) and waits until the loopback redirect has answered. Exit code 0 when it did.
import { chromium } from 'playwright-core';

const [url] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.SIGN_IN_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  const page = await browser.newPage();
  await page.goto(url);
  await page.fill('#username', process.env.SIGN_IN_USER ?? '');
  await page.fill('#password', process.env.SIGN_IN_PASSWORD ?? '');
  await page.click(`button[value=${process.env.SIGN_IN_DECISION ?? 'allow'}]`);
  await page.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/);
  await page.waitForSelector('h1');
} finally {
  await browser.close();
}
