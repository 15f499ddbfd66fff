import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { typeCheckFiles as typeCheck } from '../../client/test/support/type-check.ts';
import { cli, sqliteDemoForFile } from './support/cli-harness.ts';

const { demo, temp } = sqliteDemoForFile();

describe('appconnector metainfo', () => {
  it('lists the connectors the token may call, as a table and as the JSON the server sent', async () => {
    const list = await demo.client.metainfo();
    const json = await cli('metainfo', ...demo.connection, '--json');
    expect(json.code, json.err).toBe(0);
    expect(JSON.parse(json.out)).toEqual(list);
    const table = await cli('metainfo', ...demo.connection);
    expect(table.out).toContain(`environment ${list.info.envid}`);
    for (const c of list.getConnectors) expect(table.out).toMatch(new RegExp(`get\\s+${c.id}\\s`));
  });

  it('describes a GetConnector', async () => {
    const meta = await demo.client.describeGet('Profit_Employees');
    const json = await cli('metainfo', 'get', 'Profit_Employees', ...demo.connection, '--json');
    expect(JSON.parse(json.out)).toEqual(meta);
    const table = await cli('metainfo', 'get', 'Profit_Employees', ...demo.connection);
    expect(table.out).toMatch(/EmployeeId\s+EmId\s+string\s+15/);
    expect(table.out.trim().split('\n')).toHaveLength(meta.fields.length + 3);
  });

  it('describes an UpdateConnector as a tree of objects and fields', async () => {
    const meta = await demo.client.describeUpdate('KnSubject');
    const json = await cli('metainfo', 'update', 'KnSubject', ...demo.connection, '--json');
    expect(json.code, json.err).toBe(0);
    expect(JSON.parse(json.out)).toEqual(meta);
    const table = await cli('metainfo', 'update', 'KnSubject', ...demo.connection);
    expect(table.out).toMatch(/KnSubject\s+SbId\s+key\s+/);
    for (const child of meta.objects) expect(table.out).toContain(`KnSubject/${child.name}`);
  });

  it('refuses a wrong form with exit code 2, and an unknown connector with the server error', async () => {
    expect((await cli('metainfo', 'list', ...demo.connection)).code).toBe(2);
    expect((await cli('metainfo', 'get', ...demo.connection)).code).toBe(2);
    const unknown = await cli('metainfo', 'get', 'Nope', ...demo.connection);
    expect([4, 5]).toContain(unknown.code);
    expect(unknown.err).toMatch(/^error: /);
  });
});

describe('appconnector version', () => {
  it("prints the server's Profit version", async () => {
    const { version } = await demo.client.profitVersion();
    expect((await cli('version', ...demo.connection)).out.trim()).toBe(version);
    expect(JSON.parse((await cli('version', ...demo.connection, '--json')).out)).toEqual({ version });
  });
});

describe('appconnector codegen', () => {
  it('writes types of every connector of the token that compile, and type a client', async () => {
    const out = join(temp.dir, 'afas-types.ts');
    const result = await cli('codegen', '--out', out, ...demo.connection);
    expect(result.code, result.err).toBe(0);
    const list = await demo.client.metainfo();
    // Both kinds, so that row interfaces and payload types are both compiled.
    expect(list.getConnectors.length).toBeGreaterThan(10);
    expect(list.updateConnectors.length).toBeGreaterThan(0);
    expect(result.out).toContain(
      `${list.getConnectors.length} GetConnectors, ${list.updateConnectors.length} UpdateConnectors`,
    );
    const source = readFileSync(out, 'utf8');
    const ids = [...list.getConnectors, ...list.updateConnectors].map((c) => c.id);
    // Every connector is a member of its map, and the map's type is used, so a broken member would not compile.
    const usage = join(temp.dir, 'usage.ts');
    const clientIndex = resolve(import.meta.dirname, '../../client/src/index.ts');
    writeFileSync(
      usage,
      `import { AfasClient } from ${JSON.stringify(clientIndex)};
import type { GetConnectors, UpdateConnectors } from './afas-types.ts';
${list.getConnectors.map((c, i) => `export type G${i} = GetConnectors[${JSON.stringify(c.id)}];`).join('\n')}
${list.updateConnectors.map((c, i) => `export type U${i} = UpdateConnectors[${JSON.stringify(c.id)}];`).join('\n')}
export async function typed(client: AfasClient<GetConnectors, UpdateConnectors>) {
  const page = await client.get('Profit_Employees', { filter: (f) => f.ge('Salary', 3000), orderBy: ['-Salary'] });
  const salary: number | null | undefined = page.rows[0]?.Salary;
  const name: string | null | undefined = page.rows[0]?.Name;
  return { salary, name };
}
`,
    );
    expect(typeCheck([out, usage])).toEqual([]);
    for (const id of ids) expect(source).toContain(`  ${/^[A-Za-z_$][\w$]*$/.test(id) ? id : JSON.stringify(id)}: `);
  });

  it('writes only the connectors named, and refuses one the token may not call (exit 4)', async () => {
    const out = join(temp.dir, 'two.ts');
    const result = await cli('codegen', 'Profit_Employees', 'Profit_Subjects', '--out', out, ...demo.connection);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain('2 GetConnectors, 0 UpdateConnectors');
    expect(typeCheck([out])).toEqual([]);
    const unknown = await cli('codegen', 'Nope', '--out', out, ...demo.connection);
    expect(unknown.code).toBe(4);
    expect(unknown.err).toMatch(/not among the token's connectors: Nope/);
  });
});
