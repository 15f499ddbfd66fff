// `appconnector report` against a real demo server: the PDF lands in the file asked for (or <report>.pdf), the
// filters reach the server, and an unknown report exits with the not-found code.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERRORS } from '@appconnector/protocol';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/output.ts';
import { cli, sqliteDemoForFile } from './support/cli-harness.ts';

const { demo, temp } = sqliteDemoForFile();

describe('appconnector report', () => {
  it('writes the report PDF to --out', async () => {
    const out = join(temp.dir, 'medewerkers.pdf');
    const result = await cli('report', 'Employees_per_department', ...demo.connection, '--out', out);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const bytes = readFileSync(out);
    expect(result.out).toBe(`${out}: ${bytes.length} bytes (application/pdf)\n`);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.subarray(-6).toString('latin1').trim()).toBe('%%EOF');
  });

  it('writes <report>.pdf in the current directory without --out', async () => {
    const before = process.cwd();
    process.chdir(temp.dir);
    try {
      const result = await cli('report', 'Employees_per_department', ...demo.connection);
      expect(result.code, result.err).toBe(0);
      const bytes = readFileSync(join(temp.dir, 'Employees_per_department.pdf'));
      expect(result.out).toBe(`Employees_per_department.pdf: ${bytes.length} bytes (application/pdf)\n`);
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    } finally {
      process.chdir(before);
    }
  });

  it('sends the filters, so the server refuses one on an unknown field', async () => {
    const out = join(temp.dir, 'filtered.pdf');
    const ok = await cli(
      'report',
      'Employees_per_department',
      ...demo.connection,
      '--filter',
      'City=Utrecht',
      '--out',
      out,
    );
    expect(ok.code).toBe(0);
    const refused = await cli(
      'report',
      'Employees_per_department',
      ...demo.connection,
      '--filter',
      'Nope=1',
      '--out',
      out,
    );
    expect(refused.code).toBe(EXIT.server);
    // The demo environment speaks Dutch.
    expect(refused.err).toContain(`errorNumber ${ERRORS.fieldNotFound.errorNumber}`);
    expect(refused.err).toContain("'Nope'");
  });

  it('exits with the not-found code for an unknown report', async () => {
    const result = await cli('report', 'Nope', ...demo.connection, '--out', join(temp.dir, 'nope.pdf'));
    expect(result.code).toBe(EXIT.notFound);
    expect(result.err).toContain(ERRORS.fileNotFound.nl);
  });
});
