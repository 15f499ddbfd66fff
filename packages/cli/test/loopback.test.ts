// The loopback redirect listener of `login` over real HTTP: it takes only the answer that carries this sign-in's
// state, answers other paths and states without giving them to login, gives up after its time, and frees its port.

import { describe, expect, it } from 'vitest';
import { startLoopback } from '../src/loopback.ts';

describe('login loopback redirect', () => {
  it('takes the callback with the right state only, on 127.0.0.1 and a port of its own', async () => {
    const loopback = await startLoopback();
    expect(loopback.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const waiting = loopback.wait('s-1', 10_000);
    const other = await fetch(loopback.redirectUri.replace('/callback', '/elsewhere'));
    expect(other.status).toBe(404);
    const forged = await fetch(`${loopback.redirectUri}?code=stolen&state=guessed`);
    expect(forged.status).toBe(400);
    const right = await fetch(`${loopback.redirectUri}?code=abc&state=s-1`);
    expect(right.status).toBe(200);
    expect(right.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(right.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await right.text()).toMatch(/<h1>Signed in<\/h1>/);
    const back = await waiting;
    expect(back.searchParams.get('code')).toBe('abc');
    // Once answered, a second redirect is not taken.
    expect((await fetch(`${loopback.redirectUri}?code=again&state=s-1`)).status).toBe(400);
    await loopback.close();
    await expect(fetch(loopback.redirectUri)).rejects.toThrow();
  });

  it('shows a refusal escaped, and gives up after the wait', async () => {
    const loopback = await startLoopback();
    const waiting = loopback.wait('s-2', 10_000);
    const refused = await fetch(
      `${loopback.redirectUri}?error=${encodeURIComponent('<b>access_denied</b>')}&state=s-2`,
    );
    expect(await refused.text()).toContain('&#60;b&#62;access_denied');
    expect((await waiting).searchParams.get('error')).toBe('<b>access_denied</b>');
    await expect(loopback.wait('s-3', 50)).rejects.toThrow(/no sign-in came back within 0 s/);
    await loopback.close();
  });
});
