// The table of version-dependent behaviour: versions compare number by number, each entry applies from its version
// on, malformed versions behave as the newest, and the Authorization header takes raw token XML only when asked.

import { describe, expect, it } from 'vitest';
import {
  authorizationHeader,
  compareProfitVersions,
  decodeAuthorization,
  PROFIT_VERSION_CHANGES,
  parseProfitVersion,
  profitBehaviour,
  tokenXml,
} from '../src/index.ts';

const OLD = { decimals: 'bare', pageLayout: 'lines', tokens: 'base64OrXml' };
const NEW = { decimals: 'json', pageLayout: 'compact', tokens: 'base64' };

describe('Profit versions', () => {
  it('parses x.y.z and nothing else', () => {
    expect(parseProfitVersion('8.2.0')).toEqual([8, 2, 0]);
    expect(parseProfitVersion('10.0.12')).toEqual([10, 0, 12]);
    for (const bad of ['8', '8.2', '8.2.0.1', 'v8.2.0', '8.2.x', '8.2.0 ', '', '-1.0.0', '8..0'])
      expect(parseProfitVersion(bad), bad).toBeUndefined();
  });

  it('compares number by number, not as text', () => {
    expect(compareProfitVersions('9.0.0', '10.0.0')).toBeLessThan(0);
    expect(compareProfitVersions('7.0.0', '6.99.99')).toBeGreaterThan(0);
    expect(compareProfitVersions('7.10.0', '7.9.0')).toBeGreaterThan(0);
    expect(compareProfitVersions('7.0.0', '7.0.0')).toBe(0);
    expect(() => compareProfitVersions('7', '7.0.0')).toThrow(RangeError);
  });

  it('gives versions before 7 the old behaviour and 7 and later the new', () => {
    for (const version of ['0.0.0', '6.1.0', '6.99.99']) expect(profitBehaviour(version), version).toEqual(OLD);
    for (const version of ['7.0.0', '8.0.0', '9.0.0', '10.0.0']) expect(profitBehaviour(version), version).toEqual(NEW);
    // A stored version that is not x.y.z behaves as the newest, as every environment did before versions mattered.
    expect(profitBehaviour('6.1')).toEqual(NEW);
  });

  it('keeps the table in version order, each entry a version and a change', () => {
    const froms = PROFIT_VERSION_CHANGES.map((entry) => entry.from);
    for (const from of froms) expect(parseProfitVersion(from), from).toBeDefined();
    expect([...froms].sort(compareProfitVersions)).toEqual(froms);
    for (const entry of PROFIT_VERSION_CHANGES) expect(Object.keys(entry.change).length).toBeGreaterThan(0);
  });
});

describe('decodeAuthorization by version', () => {
  const data = 'ab'.repeat(32);
  const xml = tokenXml(data);

  it('refuses the raw XML unless asked to take it', () => {
    expect(decodeAuthorization(`AfasToken ${xml}`)).toEqual({ kind: 'error', reason: 'notBase64' });
    expect(decodeAuthorization(`AfasToken ${xml}`, { rawXml: true })).toEqual({
      kind: 'token',
      data: data.toUpperCase(),
    });
    expect(decodeAuthorization(`afastoken   ${xml.replace('<data>', ' <data> ')}  `, { rawXml: true })).toMatchObject({
      kind: 'token',
    });
    expect(decodeAuthorization('AfasToken <token>x</token>', { rawXml: true })).toEqual({
      kind: 'error',
      reason: 'malformed',
    });
  });

  it('reads base64 and other schemes alike either way', () => {
    for (const rawXml of [false, true]) {
      expect(decodeAuthorization(authorizationHeader(xml), { rawXml })).toEqual({
        kind: 'token',
        data: data.toUpperCase(),
      });
      expect(decodeAuthorization('Bearer abc', { rawXml })).toEqual({ kind: 'bearer', token: 'abc' });
      expect(decodeAuthorization(' dpop  abc ', { rawXml })).toEqual({ kind: 'dpop', token: 'abc' });
      expect(decodeAuthorization(`Basic ${xml}`, { rawXml })).toEqual({ kind: 'error', reason: 'scheme' });
    }
  });
});
