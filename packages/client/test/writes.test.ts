import type { UpdateMetainfo } from '@appconnector/protocol';
import { describe, expect, it } from 'vitest';
import { buildPayload, deletePath, PayloadValidationError, type UpdatePayload, validatePayload } from '../src/index.ts';
import { json, testClient } from './scripted-fetch.ts';
import { updateField as field } from './support/update-field.ts';

const knSubject: UpdateMetainfo = {
  id: 'KnSubject',
  description: 'Dossieritem',
  name: 'KnSubject',
  fields: [
    field('SbId', { primaryKey: true, dataType: 'int', length: 9 }),
    field('StId', {
      dataType: 'int',
      mandatory: true,
      values: [
        { id: '1', description: 'Memo' },
        { id: '2', description: 'Brief' },
      ],
    }),
    field('Ds', { mandatory: true, length: 10 }),
    field('Da', { dataType: 'date' }),
    field('Amount', { dataType: 'decimal', notzero: true }),
    field('Done', { dataType: 'boolean' }),
  ],
  objects: [
    {
      name: 'KnSubjectLink',
      fields: [
        field('SbId', { primaryKey: true, dataType: 'int' }),
        field('ToEM', { dataType: 'boolean', mandatory: true }),
      ],
      objects: [],
    },
  ],
};

describe('payload builder', () => {
  it('builds the nested AFAS form', () => {
    const payload = buildPayload('KnSubject', {
      keys: { SbId: 5 },
      fields: { StId: 1, Ds: 'Memo', Da: new Date('2024-01-31T23:30:00Z'), Skipped: undefined, Cleared: null },
      objects: { KnSubjectLink: { fields: { ToEM: true }, action: 'insert' } },
    });
    expect(payload).toEqual({
      KnSubject: {
        Element: {
          '@SbId': 5,
          Fields: { StId: 1, Ds: 'Memo', Da: '2024-02-01T00:30:00', Cleared: null },
          Objects: [{ KnSubjectLink: { Element: [{ Fields: { '@Action': 'insert', ToEM: true } }] } }],
        },
      },
    });
  });

  it('gives an Element list for several records and keeps @ on keys', () => {
    const payload = buildPayload('KnCustomK01', [{ keys: { '@SqNo': 4 } }, { keys: { SqNo: 5 } }]);
    expect(payload).toEqual({ KnCustomK01: { Element: [{ '@SqNo': 4 }, { '@SqNo': 5 }] } });
    expect(() => buildPayload('X', [])).toThrow(TypeError);
  });
});

describe('insert, update, delete', () => {
  const payload = buildPayload('KnSubject', { fields: { StId: 1, Ds: 'Memo' } });

  it('POSTs, PUTs and POSTs to a sub-object with a JSON body', async () => {
    const results = { results: { KnSubject: { SbId: '999999' } } };
    const { client, calls } = testClient([json(results, 201)]);
    expect(await client.insert('KnSubject', payload)).toEqual(results);
    await client.update('KnSubject', payload);
    await client.insert('KnSubject', payload, { subObject: 'KnSubjectLink' });
    expect(calls.map((c) => `${c.method} ${c.url.pathname}`)).toEqual([
      'POST /ProfitRestServices/connectors/KnSubject',
      'PUT /ProfitRestServices/connectors/KnSubject',
      'POST /ProfitRestServices/connectors/KnSubject/KnSubjectLink',
    ]);
    expect(JSON.parse(calls[0]!.body!)).toEqual(payload);
    expect(calls[0]!.headers.get('content-type')).toBe('application/json');
  });

  it('DELETEs by URL; 200 with an empty body is success', async () => {
    const { client, calls } = testClient([new Response('', { status: 200 })]);
    await expect(client.delete('KnSubject', { object: 'KnSubject', keys: { '@SbId': 5 } })).resolves.toBeUndefined();
    expect(calls[0]!.method).toBe('DELETE');
    expect(calls[0]!.url.pathname).toBe('/ProfitRestServices/connectors/KnSubject/KnSubject/@SbId/5');
    expect(calls[0]!.body).toBeUndefined();
  });

  it('writes single, composite and nested DELETE paths, values percent-encoded', () => {
    expect(deletePath('KnSubject', { object: 'KnSubject', keys: { '@SbId': 5 } })).toBe(
      '/connectors/KnSubject/KnSubject/@SbId/5',
    );
    expect(deletePath('FbItemArticle', { object: 'FbItemArticle', keys: { '@VaIt': 'A/1,2', '@BiUn': 'st k' } })).toBe(
      '/connectors/FbItemArticle/FbItemArticle/@VaIt,@BiUn/A%2F1%2C2,st%20k',
    );
    expect(
      deletePath('FiEntries', [
        { object: 'FiEntryPar', keys: { UnId: 1, JoCo: 73 } },
        { object: 'FiEntries', keys: { '@EnNo': 70001 } },
      ]),
    ).toBe('/connectors/FiEntries/FiEntryPar/UnId,JoCo/1,73/FiEntries/@EnNo/70001');
    expect(deletePath('X', { object: 'X', keys: { '@Da': new Date('2024-06-01T10:00:00Z') } })).toBe(
      '/connectors/X/X/@Da/2024-06-01T12%3A00%3A00',
    );
    expect(() => deletePath('X', { object: 'X', keys: {} })).toThrow(TypeError);
    expect(() => deletePath('X', [])).toThrow(TypeError);
  });
});

describe('payload validation', () => {
  const check = (payload: unknown, mode: 'insert' | 'update' = 'insert', subObject?: string) => {
    try {
      validatePayload(knSubject, payload, { mode, subObject });
      return undefined;
    } catch (error) {
      if (!(error instanceof PayloadValidationError)) throw error;
      return { message: error.message, code: error.code, object: error.object, field: error.field };
    }
  };
  // Built by hand (not by buildPayload) so that invalid payloads can be written too.
  const subject = (fields: Record<string, unknown>, more: Record<string, unknown> = {}) =>
    ({ KnSubject: { Element: { Fields: fields, ...more } } }) as UpdatePayload;
  const valid = { StId: 1, Ds: 'Memo' };

  it('accepts a valid payload, in both Objects forms', () => {
    expect(check(subject(valid))).toBeUndefined();
    const link = { Element: { '@SbId': 5, Fields: { ToEM: true } } };
    expect(check(subject(valid, { Objects: [{ KnSubjectLink: link }] }))).toBeUndefined();
    expect(check(subject(valid, { Objects: { KnSubjectLink: link } }))).toBeUndefined();
    expect(
      check({ KnSubject: { Element: [{ Fields: valid }, { Fields: { ...valid, Done: '1', Amount: '2.5' } }] } }),
    ).toBeUndefined();
  });

  it('names the object and field of a missing mandatory field', () => {
    expect(check(subject({ StId: 1 }))).toEqual({
      message: "Object 'KnSubject': field 'Ds' is mandatory.",
      code: 'mandatory',
      object: 'KnSubject',
      field: 'Ds',
    });
    expect(check(subject({ StId: 1, Ds: '' }))?.field).toBe('Ds');
  });

  it('only wants the keys on update, and the sub-object in full on a sub-object insert', () => {
    expect(check(subject({ Ds: 'x' }, { '@SbId': 5 }), 'update')).toBeUndefined();
    const withLink = subject({}, { '@SbId': 5, Objects: [{ KnSubjectLink: { Element: { Fields: {} } } }] });
    expect(check(withLink, 'update')).toBeUndefined();
    expect(check(withLink, 'insert', 'KnSubjectLink')).toMatchObject({ object: 'KnSubjectLink', field: 'ToEM' });
    const nestedInsert = subject(
      {},
      { '@SbId': 5, Objects: [{ KnSubjectLink: { Element: { Fields: { '@Action': 'insert' } } } }] },
    );
    expect(check(nestedInsert, 'update')).toMatchObject({ code: 'mandatory', field: 'ToEM' });
  });

  it('lists every problem of a payload, not only the first', () => {
    const payload = {
      KnSubject: {
        Element: [
          { Fields: { StId: 3, Ds: 'x'.repeat(11), Bogus: 1 } },
          { Fields: { StId: 1 }, Objects: [{ KnOther: { Element: {} } }] },
        ],
      },
    };
    let caught: PayloadValidationError | undefined;
    try {
      validatePayload(knSubject, payload, { mode: 'insert' });
    } catch (error) {
      caught = error as PayloadValidationError;
    }
    expect(caught).toBeInstanceOf(PayloadValidationError);
    expect(caught!.problems.map((p) => [p.code, p.object, p.field])).toEqual([
      ['valueNotInCodeTable', 'KnSubject', 'StId'],
      ['valueTooLong', 'KnSubject', 'Ds'],
      ['unknownField', 'KnSubject', 'Bogus'],
      ['mandatory', 'KnSubject', 'Ds'],
      ['unknownObject', 'KnOther', undefined],
    ]);
    // The error itself is the first problem's; its message names all of them.
    expect(caught).toMatchObject({ code: 'valueNotInCodeTable', field: 'StId' });
    expect(caught!.message).toMatch(/^5 problems: \(1\) Object 'KnSubject': the value '3'/);
    expect(caught!.message).toContain("(4) Object 'KnSubject': field 'Ds' is mandatory.");
  });

  it('refuses unknown fields and objects', () => {
    expect(check(subject({ ...valid, Bogus: 1 }))).toMatchObject({
      message: "Object 'KnSubject': field 'Bogus' does not exist.",
      code: 'unknownField',
    });
    expect(check(subject(valid, { '@Nope': 1 }))).toMatchObject({ code: 'unknownField', field: 'Nope' });
    expect(check(subject(valid, { Objects: [{ KnOther: { Element: {} } }] }))).toMatchObject({
      message: "Object 'KnOther' does not exist in UpdateConnector 'KnSubject'.",
      object: 'KnOther',
    });
    expect(check({ KnPerson: { Element: {} } })).toMatchObject({ code: 'unknownObject', object: 'KnPerson' });
  });

  it('checks types, lengths, code tables and not-zero', () => {
    expect(check(subject({ ...valid, Da: '2024-02-30' }))).toMatchObject({
      message: "Object 'KnSubject': the value '2024-02-30' for field 'Da' is not a valid date.",
      code: 'valueInvalid',
      field: 'Da',
    });
    expect(check(subject({ ...valid, SbId: 1.5 }))).toMatchObject({ code: 'valueInvalid', field: 'SbId' });
    expect(check(subject({ ...valid, Done: 'yes' }))).toMatchObject({ code: 'valueInvalid', field: 'Done' });
    expect(check(subject({ ...valid, Amount: 'ten' }))).toMatchObject({ code: 'valueInvalid', field: 'Amount' });
    expect(check(subject({ ...valid, Ds: true }))).toMatchObject({ code: 'valueInvalid', field: 'Ds' });
    expect(check(subject({ ...valid, Ds: 'x'.repeat(11) }))).toMatchObject({
      message: `Object 'KnSubject': the value '${'x'.repeat(11)}' for field 'Ds' is longer than 10 characters.`,
      code: 'valueTooLong',
    });
    expect(check(subject({ ...valid, StId: 3 }))).toMatchObject({
      message: "Object 'KnSubject': the value '3' for field 'StId' is not in the code table.",
      code: 'valueNotInCodeTable',
    });
    expect(check(subject({ ...valid, StId: '2' }))).toBeUndefined();
    expect(check(subject({ ...valid, Amount: 0 }))).toMatchObject({ code: 'valueZero', field: 'Amount' });
    expect(check(subject({ ...valid, Da: '2024-02-29T10:00:00', Amount: null }))).toBeUndefined();
  });

  it('validates before sending when asked, fetching metainfo/update once', async () => {
    const { client, calls } = testClient([json(knSubject), json({ results: { KnSubject: { SbId: '1' } } }, 201)]);
    await expect(client.insert('KnSubject', subject({ StId: 1 }), { validate: true })).rejects.toThrow(
      "Object 'KnSubject': field 'Ds' is mandatory.",
    );
    await client.insert('KnSubject', subject(valid), { validate: true });
    expect(calls.map((c) => `${c.method} ${c.url.pathname}`)).toEqual([
      'GET /ProfitRestServices/metainfo/update/KnSubject',
      'POST /ProfitRestServices/connectors/KnSubject',
    ]);
  });

  it('takes the metainfo given instead of fetching it', async () => {
    const { client, calls } = testClient([json({ results: {} }, 201)]);
    await expect(client.update('KnSubject', subject({ Nope: 1 }), { validate: knSubject })).rejects.toBeInstanceOf(
      PayloadValidationError,
    );
    expect(calls).toHaveLength(0);
  });
});
