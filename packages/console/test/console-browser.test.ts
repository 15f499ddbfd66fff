// The web console in a real headless Chromium (Debian's, driven by playwright-core) against the real server on
// SQLite and PostgreSQL: sign-in with the keyboard alone, an App Connector and a token made in the page (the token
// shown once), a filtered GetConnector whose rows equal what a client gets with that token, a write with a mistake
// whose error is found by its profitLogReference, a form filled in with the keyboard alone, and no console error
// or CSP refusal on the way.

import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consolePassword } from '../../server/src/console/console-password.ts';
import { DEMO_DEFINITIONS } from '../../server/src/definitions/load.ts';
import { loadDemoData } from '../../server/src/demo/setup-demo.ts';
import { DATABASE_KINDS } from '../../server/test/support/databases.ts';
import { startTestServer, type TestServer } from '../../server/test/support/harness.ts';
import { buildConsole, CHROMIUM, consolePage, launchChromium } from './support/browser.ts';

/** A cell as the runner's table writes it. */
const cellText = (value: unknown) =>
  value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);

async function tableRows(page: Page, name: string): Promise<string[][]> {
  return page
    .getByRole('region', { name })
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '')));
}

describe.each(DATABASE_KINDS)('the web console in Chromium on %s', (kind) => {
  let server: TestServer | undefined;
  let dist: string;
  let origin: string;
  let password: string;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!CHROMIUM) return;
    dist = await buildConsole();
    server = await startTestServer(kind, {
      definitionsDir: DEMO_DEFINITIONS,
      get: ['Profit_Employees'],
      update: ['KnUser'],
      secondEnvironment: false,
      console: { distDir: dist },
    });
    if (!server) return;
    await loadDemoData(server.runtime, 'O12345AA', { employees: 20, seed: 7 });
    origin = server.base.replace(/\/ProfitRestServices$/, '');
    password = (await consolePassword(server.runtime.db)).password!;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  it('signs in with the keyboard, makes an App Connector and a token, runs a filter, finds a write error by reference', async ({
    skip,
  }) => {
    if (!CHROMIUM) {
      if (process.env.CI) throw new Error('chromium is required in CI (apt-get install chromium)');
      console.warn('chromium is not installed: the browser test is skipped (apt-get install chromium)');
      return skip();
    }
    if (!server || !browser) return skip();
    const { context, page, problems } = await consolePage(browser);
    try {
      // Sign-in, keyboard only: the password field has the focus, Tab reaches the button, Enter presses it.
      await page.goto(`${origin}/console/`);
      const field = page.getByLabel('Console password');
      await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.type('not the password');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/password/i);
      await field.fill('');
      await page.keyboard.type(password);
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Sign in');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Environments' }).waitFor();
      expect(await page.getByRole('navigation', { name: 'Console' }).getByRole('link').count()).toBe(10);

      // An App Connector, linked to Profit_Employees.
      await page.getByRole('link', { name: 'App Connectors' }).click();
      const create = page.getByRole('region', { name: 'New App Connector' });
      await create.getByLabel('Name').fill('Browser');
      await create.getByLabel('Description').fill('Made in Chromium');
      await create.getByRole('button', { name: 'Create App Connector' }).click();
      await expect.poll(() => create.getByRole('status').textContent()).toBe('App Connector Browser created.');
      const detail = page.getByRole('region', { name: 'App Connector Browser' });
      // A link the server refuses says why and keeps what was typed.
      await detail.getByLabel('Link GetConnectors').fill('No_Such_Connector');
      await detail.getByRole('button', { name: 'Link', exact: true }).click();
      await detail.getByRole('alert').waitFor();
      expect(await detail.getByLabel('Link GetConnectors').inputValue()).toBe('No_Such_Connector');
      await detail.getByLabel('Link GetConnectors').fill('Profit_Employees');
      await detail.getByRole('button', { name: 'Link', exact: true }).click();
      await detail.getByRole('button', { name: 'Unlink Profit_Employees' }).waitFor();

      // A token: shown once with a copy button, gone when closed, never listed.
      await detail.getByRole('link', { name: 'Tokens of Browser' }).click();
      await page.getByRole('heading', { level: 1, name: 'Tokens' }).waitFor();
      await expect.poll(() => page.getByLabel('App Connector').inputValue()).toBe('Browser');
      await page.getByLabel('User', { exact: true }).fill('anna');
      await page.getByRole('button', { name: 'Create token' }).click();
      const secret = page.getByRole('region', { name: 'Token of anna' });
      const xml = (await secret.locator('pre').first().textContent()) ?? '';
      expect(xml).toMatch(/^<token><version>1<\/version><data>[0-9A-F]{64}<\/data><\/token>$/);
      await secret.getByRole('button', { name: 'Copy Token' }).waitFor();
      await secret.getByRole('button', { name: /close/ }).click();
      await page.getByRole('cell', { name: 'anna' }).waitFor();
      expect(await page.content()).not.toContain(xml.slice(30, 60));
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Tokens' }).waitFor();
      expect(await page.content()).not.toContain(xml.slice(30, 60));

      // The runner: Profit_Employees where the city is not empty, sorted, 5 rows.
      await page.getByRole('link', { name: 'GetConnector runner' }).click();
      await page.getByLabel('GetConnector').selectOption('Profit_Employees');
      await page.getByRole('button', { name: 'Add condition' }).click();
      await page.getByLabel('Field 1.1').selectOption('City');
      await page.getByLabel('Operator 1.1').selectOption('notEmpty');
      await page.getByRole('button', { name: 'Add sort field' }).click();
      await page.getByLabel('Sort 1 by').selectOption('EmployeeId');
      await page.getByLabel('Take').fill('5');
      await page.getByRole('button', { name: 'Run Profit_Employees' }).click();
      await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/answered 200 .* 5 rows/);
      const url = (await page.getByRole('figure', { name: /^URL/ }).locator('pre').textContent()) ?? '';
      expect(url).toContain('/connectors/Profit_Employees?');
      expect(new URL(url).searchParams.get('operatortypes')).toBe('9');
      const shown = await tableRows(page, 'Rows of Profit_Employees');
      // The same URL with the token made above: what a client gets is what the page showed.
      const real = await fetch(url, {
        headers: { authorization: `AfasToken ${Buffer.from(xml).toString('base64')}` },
      });
      expect(real.status).toBe(200);
      const body = (await real.json()) as { rows: Record<string, unknown>[] };
      expect(body.rows).toHaveLength(5);
      expect(shown).toEqual(body.rows.map((row) => Object.values(row).map(cellText)));

      // The same filter as filterjson: another URL, the same rows.
      await page.getByRole('radio', { name: 'filterjson' }).check();
      await page.getByRole('button', { name: 'Run Profit_Employees' }).click();
      await expect
        .poll(async () => (await page.getByRole('figure', { name: /^URL/ }).locator('pre').textContent()) ?? '')
        .toContain('filterjson=');
      expect(await tableRows(page, 'Rows of Profit_Employees')).toEqual(shown);

      // The composer: a group id longer than its 20 characters; the SDK says so as it is typed, the server refuses
      // it, and the error lookup shows the logged error by its reference.
      await page.getByRole('link', { name: 'UpdateConnector composer' }).click();
      await page.getByLabel('UpdateConnector').selectOption('KnUser');
      await page.locator('[name="MtCd"]').selectOption('1');
      await page.locator('[name="UsId"]').fill('console.user');
      await page.locator('[name="GrId"]').fill('a-group-name-that-is-too-long');
      await expect.poll(() => page.locator('[name="GrId"]').getAttribute('aria-invalid')).toBe('true');
      await expect
        .poll(() =>
          page
            .getByText(/longer than 20 characters/)
            .first()
            .isVisible(),
        )
        .toBe(true);
      // The server's own check (parse and plan, nothing stored) agrees a moment later.
      await expect.poll(() => page.getByText(/^Server check:/).textContent()).toMatch(/GrId.*20/);
      await page.getByRole('button', { name: 'Send KnUser' }).click();
      await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/KnUser answered 500/);
      const lookup = page.getByRole('link', { name: /^Look up error / });
      await lookup.waitFor();
      const reference = ((await lookup.textContent()) ?? '').replace('Look up error ', '');
      expect(reference).toMatch(/\S+/);
      await lookup.click();
      await page.getByRole('heading', { level: 2, name: `Error ${reference}` }).waitFor();
      expect(await page.locator('dl.facts').textContent()).toContain('longer than 20 characters');

      // Mended, the write is stored: the answer has the key, and what it stored is shown.
      await page.getByRole('link', { name: 'UpdateConnector composer' }).click();
      await page.getByLabel('UpdateConnector').selectOption('KnUser');
      await page.locator('[name="MtCd"]').selectOption('1');
      await page.locator('[name="UsId"]').fill('console.user');
      await page.locator('[name="Nm"]').fill('Console User');
      await page.locator('[name="GrId"]').fill('sales');
      await page.getByRole('button', { name: 'Send KnUser' }).click();
      await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/KnUser answered 201/);
      expect(
        await page
          .getByRole('region', { name: /^Answer/ })
          .locator('pre')
          .nth(1)
          .textContent(),
      ).toContain('console.user');

      // The request log has the runner's call.
      await page.getByRole('link', { name: 'Request log' }).click();
      await expect
        .poll(async () => (await page.getByRole('region', { name: 'Request log' }).textContent()) ?? '')
        .toContain('/connectors/Profit_Employees');
      // A client's call shows up while the log is open.
      await server.call('/connectors/Profit_Employees?skip=3&take=1', { headers: { IntegrationId: 'live-check' } });
      await expect
        .poll(async () => (await page.getByRole('region', { name: 'Request log' }).textContent()) ?? '')
        .toContain('live-check');
      // Filtered to server errors: only the 500 of the composer's mistake is left.
      await page.getByLabel('Status').selectOption('5xx');
      const statuses = () =>
        page
          .getByRole('region', { name: 'Request log' })
          .locator('tbody tr td:nth-child(7)')
          .allTextContents()
          .catch(() => []);
      await expect.poll(statuses).toEqual(['500']);

      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows every screen without an error: maintenance, OTP credentials once, the outbox, custom fields, metainfo', async ({
    skip,
  }) => {
    if (!server || !browser) return skip();
    const { context, page, problems } = await consolePage(browser);
    try {
      await page.goto(`${origin}/console/metainfo`);
      await page.getByLabel('Console password').fill(password);
      await page.keyboard.press('Enter');
      await page.getByLabel('Connector').selectOption('update/KnUser');
      await page.getByRole('region', { name: 'Fields of KnUser' }).getByText('MtCd', { exact: true }).waitFor();

      await page.getByRole('link', { name: 'Environments' }).click();
      await page.getByLabel('Message').fill('Back at six');
      await page.getByLabel('Retry after (seconds)').fill('600');
      await page.getByRole('button', { name: 'Start maintenance' }).click();
      await expect.poll(() => page.getByRole('status').first().textContent()).toBe('O12345AA is in maintenance.');
      const client = await server!.call('/connectors/Profit_Employees?take=1');
      expect(client.status).toBe(503);
      await page.getByRole('button', { name: 'End maintenance' }).click();
      await expect.poll(async () => (await server!.call('/connectors/Profit_Employees?take=1')).status).toBe(200);

      await page.getByRole('link', { name: 'OTP' }).click();
      await page.getByRole('button', { name: 'Enable OTP' }).click();
      const secret = page.getByRole('region', { name: 'OTP credentials' });
      await secret.locator('pre').nth(1).waitFor();
      expect(await secret.locator('pre').allTextContents()).toEqual([
        expect.any(String),
        expect.stringMatching(/\S{16}/),
      ]);
      await secret.getByRole('button', { name: /close/ }).click();
      await page.getByRole('button', { name: 'Replace OTP credentials' }).waitFor();
      await page.getByRole('button', { name: 'Show mails' }).click();
      await page.getByText('No mails.').waitFor();

      await page.getByRole('link', { name: 'Custom fields' }).click();
      await page.getByRole('heading', { level: 1, name: 'Custom fields' }).waitFor();
      await page.getByRole('button', { name: 'Add field' }).waitFor();
      for (const name of ['Tokens', 'Error lookup', 'GetConnector runner']) {
        await page.getByRole('link', { name }).click();
        await page.getByRole('heading', { level: 1, name }).waitFor();
      }
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('creates an environment with the keyboard alone, with a visible focus on every step', async ({ skip }) => {
    if (!server || !browser) return skip();
    const { context, page, problems } = await consolePage(browser);
    try {
      await page.goto(`${origin}/console/environments`);
      await page.getByLabel('Console password').fill(password);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Environments' }).waitFor();
      /** Tabs until the focus is on the element with this accessible label; each stop must show a focus ring. */
      const tabTo = async (label: string) => {
        for (let i = 0; i < 60; i++) {
          await page.keyboard.press('Tab');
          const focus = await page.evaluate(() => {
            const el = document.activeElement as HTMLElement;
            const labelText = (el as HTMLInputElement).labels?.[0]?.textContent ?? el.textContent ?? '';
            return { label: labelText.trim(), outline: getComputedStyle(el).outlineStyle };
          });
          expect(focus.outline, `focus ring on ${focus.label}`).not.toBe('none');
          if (focus.label.startsWith(label)) return;
        }
        throw new Error(`the keyboard never reached ${label}`);
      };
      // From the top of the page, the first Tab reaches the skip link, visible once focused.
      await page.evaluate(() => {
        document.body.tabIndex = -1;
        document.body.focus();
        document.body.removeAttribute('tabindex');
      });
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the screen');
      expect((await page.getByRole('link', { name: 'Skip to the screen' }).boundingBox())!.width).toBeGreaterThan(20);
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('main')?.id)).toBe('main');
      await page.getByRole('heading', { level: 1, name: 'Environments' }).focus();
      const form = page.getByRole('region', { name: 'New environment' });
      await tabTo('Name');
      expect(await form.getByLabel('Name').evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.type('T12345AA');
      await page.keyboard.press('Tab');
      await page.keyboard.press('ArrowDown'); // Language: Dutch → English
      await page.keyboard.press('Tab');
      await page.keyboard.type('9.0.0');
      await page.keyboard.press('Tab'); // the default switch: left off
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Create environment');
      await page.keyboard.press('Enter');
      await expect.poll(() => form.getByRole('status').textContent()).toBe('Environment T12345AA created.');
      const row = page.getByRole('region', { name: 'Environments' }).locator('tr', { hasText: 'T12345AA' });
      await expect.poll(() => row.textContent()).toContain('en9.0.0');

      // Signing out ends the session: the sign-in form again, and a reload does not get past it.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('Console password').waitFor();
      await page.reload();
      await page.getByLabel('Console password').waitFor();
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
