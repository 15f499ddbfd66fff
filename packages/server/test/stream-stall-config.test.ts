// The stall time of read answers (streamStallSeconds) through every configuration layer: default, appconnector.yaml,
// APPCONNECTOR_STREAM_STALL_SECONDS, the flag; and refused when it is not a positive number of seconds.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, SETTINGS_FILE } from '../src/config.ts';

describe('streamStallSeconds', () => {
  const dir = mkdtempSync(join(tmpdir(), 'appconnector-stall-'));
  writeFileSync(join(dir, SETTINGS_FILE), 'streamStallSeconds: 12\n');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('layers default, file, environment and flag, later over earlier', () => {
    expect(loadConfig({}, {}).streamStallSeconds).toBe(30);
    expect(loadConfig({ config: dir }, {}).streamStallSeconds).toBe(12);
    const env = { APPCONNECTOR_STREAM_STALL_SECONDS: '5' };
    expect(loadConfig({ config: dir }, env).streamStallSeconds).toBe(5);
    expect(loadConfig({ config: dir, streamStallSeconds: '0.5' }, env).streamStallSeconds).toBe(0.5);
  });

  it('refuses zero, negative and non-numeric values, naming the setting', () => {
    for (const value of ['0', '-1', 'soon'])
      expect(() => loadConfig({ streamStallSeconds: value }, {})).toThrow(/configuration: streamStallSeconds/);
  });
});
