// `npm run screenshots`: the README's pictures of the web console, made the way a user meets it. Starts
// `appconnector serve` on a fresh SQLite demo (as `npm start` does), signs in with the password it prints, makes
// some client traffic with the demo token, and photographs the main screens in Debian's headless Chromium at a
// laptop's size into docs/console/*.png. Run after `npm run build` (the script does it through npm).

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { CHROMIUM, consolePage, launchChromium } from '../test/support/browser.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const OUT = join(ROOT, 'docs/console');

interface Started {
  child: ChildProcess;
  url: string;
  consoleUrl: string;
  password: string;
  token: string;
}

/** `appconnector serve` on an ephemeral port; resolves when it has printed its URL, token and console password. */
function serve(db: string): Promise<Started> {
  const bin = join(ROOT, 'packages/cli/bin/appconnector.js');
  const child = spawn(
    process.execPath,
    [bin, 'serve', '--port', '0', '--db', db, '--demo-rows', '120', '--log-level', 'warn'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('APPCONNECTOR_'))),
    },
  );
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      out += text;
      const url = /listening on (http\S+)/.exec(out)?.[1];
      const token = /<token>.*<\/token>/.exec(out)?.[0];
      const web = /Web console: (\S+) [^\n]*?password (\S+) /.exec(out);
      if (url && token && web) resolve({ child, url, token, consoleUrl: web[1]!, password: web[2]! });
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before it was ready:\n${out}`)));
  });
}

/** Calls a client would make, so the request log has something to show (a 401 and a 500 among them). */
async function traffic(url: string, token: string): Promise<void> {
  const auth = { authorization: `AfasToken ${Buffer.from(token).toString('base64')}` };
  const calls: [string, RequestInit][] = [
    ['/connectors/Profit_Employees?skip=0&take=20&orderbyfieldids=-ModifiedDate', { headers: auth }],
    ['/metainfo', { headers: auth }],
    ['/connectors/Profit_Employees?filterfieldids=Birthday&filtervalues=2000-01-01&operatortypes=2', { headers: auth }],
    ['/connectors/Profit_Address?take=5', { headers: { ...auth, IntegrationId: 'acme-hr-sync' } }],
    ['/connectors/Profit_Employees?take=1', { headers: { authorization: 'AfasToken bm90IGEgdG9rZW4=' } }],
    ['/ProfitVersion', { headers: auth }],
  ];
  for (const [path, init] of calls) await (await fetch(url + path, init)).arrayBuffer();
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.mouse.move(1300, 790); // no hover highlight in the picture
  await page.evaluate(() => document.fonts.ready);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const shot = await page.screenshot({
    fullPage: true,
    clip: { x: 0, y: 0, width: 1366, height: Math.min(height, 1400) },
  });
  // A palette of 256 colours is plenty for a screen of text, and a third of the size (sharp: the server's own).
  await sharp(shot)
    .png({ palette: true, effort: 10 })
    .toFile(join(OUT, `${name}.png`));
  console.log(`docs/console/${name}.png`);
}

if (!CHROMIUM) throw new Error('chromium is needed: apt-get install chromium');
const dir = mkdtempSync(join(tmpdir(), 'appconnector-shots-'));
const server = await serve(join(dir, 'demo.sqlite'));
const browser = await launchChromium();
try {
  mkdirSync(OUT, { recursive: true });
  await traffic(server.url, server.token);
  const { page, problems } = await consolePage(browser);
  await page.goto(server.consoleUrl);
  await page.getByLabel('Console password').fill(server.password);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Environments' }).waitFor();

  // The runner: a filter, a sort, a few columns.
  await page.getByRole('link', { name: 'GetConnector runner' }).click();
  await page.getByLabel('GetConnector').selectOption('Profit_Employees');
  await page.locator('summary', { hasText: 'Fields to show' }).click();
  for (const field of ['EmployeeId', 'Name', 'City', 'Department', 'Function', 'StartDate', 'Salary'])
    await page.getByRole('checkbox', { name: new RegExp(`^${field} `) }).check();
  await page.locator('summary', { hasText: 'Fields to show' }).click();
  await page.getByRole('button', { name: 'Add condition' }).click();
  await page.getByLabel('Field 1.1').selectOption('Salary');
  await page.getByLabel('Operator 1.1').selectOption('ge');
  await page.getByLabel('Value 1.1').fill('3500');
  await page.getByRole('button', { name: 'Add sort field' }).click();
  await page.getByLabel('Sort 1 by').selectOption('Salary');
  await page.getByRole('checkbox', { name: 'Descending' }).check();
  await page.getByLabel('Take').fill('8');
  await page.getByRole('button', { name: 'Run Profit_Employees' }).click();
  await page.getByRole('heading', { name: /^Answer/ }).waitFor();
  await shoot(page, 'runner');

  // The composer with a mistake: the group id is longer than its 20 characters.
  await page.getByRole('link', { name: 'UpdateConnector composer' }).click();
  await page.getByLabel('UpdateConnector').selectOption('KnUser');
  await page.locator('[name="MtCd"]').selectOption('1');
  await page.locator('[name="UsId"]').fill('jan.devries');
  await page.locator('[name="Nm"]').fill('Jan de Vries');
  await page.locator('[name="GrId"]').fill('Financiële administratie');
  await page.locator('[name="EmAd"]').fill('jan@example.nl');
  await page.getByRole('button', { name: 'Send KnUser' }).click();
  const lookup = page.getByRole('link', { name: /^Look up error / });
  await lookup.waitFor();
  await shoot(page, 'composer-error');

  await lookup.click();
  await page.getByRole('heading', { level: 2, name: /^Error / }).waitFor();
  await shoot(page, 'error-lookup');

  await page.getByRole('link', { name: 'Request log' }).click();
  await page.getByRole('region', { name: 'Request log' }).locator('tbody tr').nth(6).waitFor();
  await shoot(page, 'request-log');

  await page.getByRole('link', { name: 'App Connectors' }).click();
  await page.getByRole('region', { name: 'App Connector Demo' }).waitFor();
  await shoot(page, 'app-connectors');
  if (problems.length) throw new Error(`the console logged problems:\n${problems.join('\n')}`);
} finally {
  await browser.close();
  server.child.kill();
  rmSync(dir, { recursive: true, force: true });
}
