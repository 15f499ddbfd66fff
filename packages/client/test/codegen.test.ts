import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { GetMetainfo, UpdateMetainfo } from '@appconnector/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { generateTypes } from '../src/index.ts';
import { typeCheckFiles } from './support/type-check.ts';
import { updateField as uf } from './support/update-field.ts';

const employees: GetMetainfo = {
  name: 'Profit_Employees',
  description: 'Medewerkers */ with a comment end',
  fields: [
    {
      id: 'EmployeeId',
      fieldId: 'U001',
      dataType: 'string',
      label: 'Nummer',
      length: 15,
      controlType: 5,
      decimals: 0,
      decimalsFieldId: '',
    },
    {
      id: 'Age',
      fieldId: 'U002',
      dataType: 'int',
      label: 'Leeftijd',
      length: 3,
      controlType: 1,
      decimals: 0,
      decimalsFieldId: '',
    },
    {
      id: 'Salary',
      fieldId: 'U003',
      dataType: 'decimal',
      label: 'Salaris',
      length: 12,
      controlType: 1,
      decimals: 2,
      decimalsFieldId: '',
    },
    {
      id: 'Active',
      fieldId: 'U004',
      dataType: 'boolean',
      label: 'Actief',
      length: 1,
      controlType: 1,
      decimals: 0,
      decimalsFieldId: '',
    },
    {
      id: 'Birth-Date',
      fieldId: 'U005',
      dataType: 'date',
      label: 'Geboortedatum',
      length: 10,
      controlType: 1,
      decimals: 0,
      decimalsFieldId: '',
    },
    {
      id: '2nd name',
      fieldId: 'U006',
      dataType: 'string',
      label: 'Tweede\nnaam',
      length: 50,
      controlType: 1,
      decimals: 0,
      decimalsFieldId: '',
    },
    {
      id: 'Photo',
      fieldId: 'U007',
      dataType: 'blob',
      label: 'Foto',
      length: 0,
      controlType: 1,
      decimals: 0,
      decimalsFieldId: '',
    },
  ],
};
// Names that are not valid type names must still give a valid program.
const oddGet: GetMetainfo[] = [
  { name: 'class', description: '', fields: [] },
  { name: '1-Odd connector', description: '', fields: [{ ...employees.fields[0]!, id: 'default' }] },
  { name: 'Profit-Employees', description: '', fields: [] },
];

const knSubject: UpdateMetainfo = {
  id: 'KnSubject',
  description: 'Dossieritem',
  name: 'KnSubject',
  fields: [
    uf('SbId', { primaryKey: true, dataType: 'int' }),
    uf('StId', { dataType: 'int', mandatory: true, values: [{ id: '1', description: 'Memo' }] }),
    uf('Ds', { mandatory: true, length: 255 }),
    uf('Da', { dataType: 'date' }),
    uf('U0123456789ABCDEF0123456789ABCDEF', { dataType: 'boolean' }),
  ],
  objects: [
    {
      name: 'KnSubjectLink',
      fields: [uf('SbId', { primaryKey: true, dataType: 'int' }), uf('ToEM', { dataType: 'boolean' })],
      objects: [{ name: 'Deep-Object', fields: [uf('X-1')], objects: [] }],
    },
    { name: 'KnS01', fields: [uf('UrId')], objects: [] },
  ],
};
const fiEntries: UpdateMetainfo = {
  id: 'FiEntries',
  description: 'Journaalpost',
  name: 'FiEntryPar',
  fields: [uf('UnId', { primaryKey: true, dataType: 'int' }), uf('JoCo', { primaryKey: true })],
  objects: [
    {
      name: 'FiEntries',
      fields: [uf('EnNo', { primaryKey: true, dataType: 'int' }), uf('AmDe', { dataType: 'decimal' })],
      objects: [],
    },
  ],
};

const clientIndex = resolve(import.meta.dirname, '../src/index.ts');
const dir = mkdtempSync(join(tmpdir(), 'appconnector-codegen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Type-checks the files (name -> source) together with the client sources; gives the diagnostics as text. */
function typeCheck(files: Record<string, string>): string[] {
  const names = Object.entries(files).map(([name, source]) => {
    const path = join(dir, name);
    writeFileSync(path, source);
    return path;
  });
  return typeCheckFiles(names);
}

describe('generateTypes', () => {
  const source = generateTypes({ get: [employees, ...oddGet], update: [knSubject, fiEntries] });

  it('writes row interfaces with every field nullable, and the connector maps', () => {
    expect(source).toContain('export interface Profit_Employees {');
    expect(source).toContain('  EmployeeId: string | null;');
    expect(source).toContain('  Age: number | null;');
    expect(source).toContain('  Salary: number | null;');
    expect(source).toContain('  Active: boolean | null;');
    expect(source).toContain('  "Birth-Date": string | null;');
    expect(source).toContain('  "2nd name": string | null;');
    expect(source).toContain('  Profit_Employees: Profit_Employees;');
    expect(source).toContain('export interface GetConnectors {');
    expect(source).toContain('export interface UpdateConnectors {');
    expect(source).toContain('  KnSubject: { insert: KnSubjectPayload; update: KnSubjectUpdatePayload };');
    expect(source).toContain('  FiEntries: { insert: FiEntriesPayload; update: FiEntriesUpdatePayload };');
    expect(source).toContain(
      '  FiEntryPar: { Element: FiEntries_FiEntryPar_Element | FiEntries_FiEntryPar_Element[] };',
    );
    expect(source).toContain(
      '  FiEntryPar: { Element: FiEntries_FiEntryPar_NewElement | FiEntries_FiEntryPar_NewElement[] };',
    );
    // Code tables as literals; mandatory fields required on insert only.
    expect(source).toContain('  StId?: "1" | 1 | null;');
    expect(source).toContain(
      'export type KnSubject_KnSubject_NewFields = KnSubject_KnSubject_Fields & { StId: "1" | 1; Ds: string };',
    );
    expect(source).toContain('export type GetConnectorId = "Profit_Employees" | "class"');
    expect(source).toContain('export type UpdateConnectorId = "KnSubject" | "FiEntries";');
    expect(source).toContain('/** Medewerkers *\\/ with a comment end */');
  });

  it('compiles without diagnostics, and types the client with it', () => {
    const usage = `
import { AfasClient } from ${JSON.stringify(clientIndex)};
import { AfasClient as Client, buildPayload } from ${JSON.stringify(clientIndex)};
import type { GetConnectors, GetConnectorId, Profit_Employees, UpdateConnectors, KnSubjectPayload, KnSubjectUpdatePayload } from './generated.ts';

export async function typed(client: AfasClient<GetConnectors, UpdateConnectors>) {
  const page = await client.get('Profit_Employees', { filter: (f) => f.eq('Age', 3), orderBy: ['-Birth-Date'] });
  const age: number | null | undefined = page.rows[0]?.Age;
  const keyed = await client.get<'Profit_Employees'>('Profit_Employees');
  const active: boolean | null | undefined = keyed.rows[0]?.Active;
  for await (const row of client.rows('Profit_Employees', { keyset: { field: 'EmployeeId' } })) {
    const id: string | null = row.EmployeeId;
    void id;
  }
  const payload: KnSubjectPayload = {
    KnSubject: {
      Element: {
        '@SbId': 5,
        Fields: { StId: 1, Ds: 'memo', U0123456789ABCDEF0123456789ABCDEF: true },
        Objects: [{ KnSubjectLink: { Element: [{ Fields: { ToEM: true }, Objects: [{ 'Deep-Object': { Element: { Fields: { 'X-1': 'x' } } } }] }] } }],
      },
    },
  };
  await client.insert('KnSubject', payload);
  await client.update('KnSubject', { KnSubject: { Element: { '@SbId': 5, Fields: { Ds: 'only this' } } } });
  await client.update('FiEntries', { FiEntryPar: { Element: { '@UnId': 1, '@JoCo': '73', Objects: { FiEntries: { Element: { Fields: { AmDe: 1.5 } } } } } } });
  // @ts-expect-error: not a field of Profit_Employees
  await client.get('Profit_Employees', { filter: (f) => f.eq('Bogus', 1) }).then((p) => p.rows[0]?.Bogus);
  // @ts-expect-error: Ds must be text
  await client.insert('KnSubject', { KnSubject: { Element: { Fields: { StId: 1, Ds: 5 } } } });
  const built = buildPayload<KnSubjectPayload>('KnSubject', {
    fields: { StId: '1', Ds: 'memo', Da: new Date() },
    objects: { KnSubjectLink: { keys: { SbId: 5 }, fields: { ToEM: true } } },
  });
  await client.insert('KnSubject', built);
  await client.insert('KnSubject', buildPayload<KnSubjectPayload>('KnSubject', [{ fields: { StId: 1, Ds: 'a' } }]));
  const change = buildPayload<KnSubjectUpdatePayload>('KnSubject', { keys: { SbId: 5 }, fields: { Ds: 'b' } });
  await client.update('KnSubject', change);
  await client.changes('Profit_Employees', { modifiedField: ['Birth-Date', 'Age'], keyField: 'EmployeeId' });
  const id: GetConnectorId = 'Profit_Employees';
  return [age, active, id];
}

export async function untyped(client: AfasClient) {
  const page = await client.get<Profit_Employees>('Profit_Employees', { orderBy: ['Age'] });
  const salary: number | null | undefined = page.rows[0]?.Salary;
  const plain = await client.get('Anything');
  const value = plain.rows[0]?.Whatever;
  await client.insert('KnSubject', { KnSubject: { Element: { Fields: { Ds: 5 } } } });
  return [salary, value];
}
`;
    expect(typeCheck({ 'generated.ts': source, 'usage.ts': usage })).toEqual([]);
  });

  it('makes typos in connector ids, field ids and code values, and missing mandatory fields, fail to compile', () => {
    const header = `
import { AfasClient, buildPayload } from ${JSON.stringify(clientIndex)};
import type { GetConnectors, UpdateConnectors, KnSubjectPayload, KnSubjectUpdatePayload } from './generated.ts';
declare const client: AfasClient<GetConnectors, UpdateConnectors>;
`;
    const mustFail: Record<string, string> = {
      connectorGet: `client.get('Profit_Employes');`,
      connectorRows: `client.rows('Profit_Employes', { orderBy: ['Age'] });`,
      connectorInsert: `client.insert('KnSubjec', { KnSubject: { Element: { Fields: { StId: 1, Ds: 'x' } } } });`,
      connectorDelete: `client.delete('KnSubjec', { object: 'KnSubject', keys: { '@SbId': 1 } });`,
      filterField: `client.get('Profit_Employees', { filter: (f) => f.eq('Agee', 3) });`,
      orderField: `client.get('Profit_Employees', { orderBy: ['-Agee'] });`,
      orderText: `client.get('Profit_Employees', { orderBy: 'Agee' });`,
      keysetField: `client.rows('Profit_Employees', { keyset: { field: 'EmployeId' } });`,
      changesField: `client.changes('Profit_Employees', { modifiedField: ['Age', 'Modified'], keyField: 'EmployeeId' });`,
      payloadField: `buildPayload<KnSubjectPayload>('KnSubject', { fields: { StId: 1, Ds: 'x', Dss: 'y' } });`,
      payloadCode: `buildPayload<KnSubjectPayload>('KnSubject', { fields: { StId: 2, Ds: 'x' } });`,
      payloadMandatory: `buildPayload<KnSubjectPayload>('KnSubject', { fields: { StId: 1 } });`,
      payloadRoot: `buildPayload<KnSubjectPayload>('KnSubjects', { fields: { StId: 1, Ds: 'x' } });`,
      payloadObject: `buildPayload<KnSubjectPayload>('KnSubject', { fields: { StId: 1, Ds: 'x' }, objects: { KnSubjectLnk: {} } });`,
      payloadChild: `buildPayload<KnSubjectPayload>('KnSubject', { fields: { StId: 1, Ds: 'x' }, objects: { KnSubjectLink: { fields: { ToEm: true } } } });`,
      insertMandatory: `client.insert('KnSubject', { KnSubject: { Element: { Fields: { Ds: 'x' } } } });`,
      updateAsInsert: `client.insert('KnSubject', buildPayload<KnSubjectUpdatePayload>('KnSubject', { keys: { SbId: 1 } }));`,
      insertCode: `client.insert('KnSubject', { KnSubject: { Element: { Fields: { StId: '3', Ds: 'x' } } } });`,
    };
    // One program of one file per line (checking them one by one took 18 compilations).
    const files = Object.fromEntries(
      Object.entries(mustFail).map(([name, line]) => [`fail-${name}.ts`, `${header}${line}\n`]),
    );
    const errors = typeCheck({ 'generated.ts': source, ...files });
    expect(errors.filter((e) => e.includes('generated.ts:'))).toEqual([]);
    for (const [name, line] of Object.entries(mustFail)) {
      expect(
        errors.filter((e) => e.includes(`/fail-${name}.ts:`)),
        `${name} should not compile: ${line}`,
      ).not.toEqual([]);
    }
    // The same lines, spelled right, compile.
    const mustPass = [
      `client.get('Profit_Employees', { filter: (f) => f.eq('Age', 3), orderBy: ['-Age', 'EmployeeId'] });`,
      `client.rows('Profit_Employees', { keyset: { field: 'EmployeeId' } });`,
      `client.insert('KnSubject', buildPayload<KnSubjectPayload>('KnSubject', { fields: { StId: 1, Ds: 'x' }, objects: { KnSubjectLink: { fields: { ToEM: true } } } }));`,
      `client.update('KnSubject', buildPayload<KnSubjectUpdatePayload>('KnSubject', { keys: { SbId: 1 } }));`,
      `client.delete('KnSubject', { object: 'KnSubject', keys: { '@SbId': 1 } });`,
    ];
    expect(typeCheck({ 'generated.ts': source, 'pass.ts': `${header}${mustPass.join('\n')}\n` })).toEqual([]);
  });

  it('refuses a connector id given twice', () => {
    expect(() => generateTypes({ get: [employees, employees] })).toThrow(/Profit_Employees/);
    expect(() => generateTypes({ update: [knSubject, knSubject] })).toThrow(/KnSubject/);
  });

  it('gives a valid program for empty input', () => {
    expect(typeCheck({ 'empty.ts': generateTypes({}) })).toEqual([]);
  });
});
