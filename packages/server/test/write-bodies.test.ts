// UpdateConnector bodies over real HTTP on SQLite and PostgreSQL: every tolerated body form (Element object or
// array, Objects as array or keyed object, @Action placement, Content-Types, \u escapes), the 201 results shapes,
// sub-object POSTs, broken JSON (400 with line and column), oversized bodies (413) and rights.

import { request as httpRequest } from 'node:http';
import { MAX_BODY_BYTES } from '@appconnector/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAppConnector, linkConnectors, unlinkConnectors } from '../src/admin/app-connectors.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { startWriteServer, type WriteServer } from './support/write-server.ts';

describe.each(DATABASE_KINDS)('UpdateConnector bodies on %s', (kind) => {
  let server: WriteServer | undefined;
  beforeAll(async () => {
    server = await startWriteServer(kind);
  });
  afterAll(async () => server?.close());

  const subject = (fields: Record<string, unknown>) => ({ KnSubject: { Element: { Fields: fields } } });

  it('inserts one element and answers 201 with its key as a string', async ({ skip }) => {
    if (!server) return skip();
    const response = await server.send('POST', '/connectors/KnSubject', subject({ StId: 1, Ds: 'Eén element' }));
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = await response.json();
    expect(Object.keys(body)).toEqual(['results']);
    expect(body.results.KnSubject.SbId).toMatch(/^\d+$/);
    const rows = await server.rows(
      'Profit_Subjects',
      `filterfieldids=SubjectId&filtervalues=${body.results.KnSubject.SbId}&operatortypes=1`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ Subject: 'Eén element', TypeId: 1, Afgehandeld: false });
  });

  it('inserts an array of elements in one call and answers an array of keys', async ({ skip }) => {
    if (!server) return skip();
    const response = await server.send('POST', '/connectors/KnSubject', {
      KnSubject: { Element: [{ Fields: { StId: 1, Ds: 'Eerste' } }, { Fields: { StId: '2', Ds: 'Tweede' } }] },
    });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.results.KnSubject).toHaveLength(2);
    const [a, b] = body.results.KnSubject.map((r: { SbId: string }) => Number(r.SbId));
    expect(b).toBe(a + 1);
  });

  it('answers several members for an object without a single key (FiEntryPar)', async ({ skip }) => {
    if (!server) return skip();
    const response = await server.send('POST', '/connectors/FiEntries', {
      FiEntryPar: {
        Element: {
          Fields: { Year: 2025, Peri: 3, UnId: 1, JoCo: 'MEM' },
          Objects: [
            {
              FiEntries: {
                Element: [
                  { Fields: { EnNo: 9001, VaAs: '1', AcNr: '4000', EnDa: '2025-03-01', BpDa: '2025-03-01', AmDe: 10 } },
                  { Fields: { EnNo: 9001, VaAs: '1', AcNr: '1100', EnDa: '2025-03-01', BpDa: '2025-03-01', AmCr: 10 } },
                ],
              },
            },
          ],
        },
      },
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({
      results: { FiEntryPar: { UnId: '1', Year: '2025', Peri: '3', JoCo: 'MEM' } },
    });
  });

  it('takes Objects as an array of one-key objects and as an object keyed by name', async ({ skip }) => {
    if (!server) return skip();
    const link = { Element: { Fields: { SfTp: '2', SfId: '000001', ToEm: true } } };
    const attachment = {
      Element: { Fields: { FileName: 'a.txt', FileStream: Buffer.from('hallo').toString('base64') } },
    };
    for (const objects of [
      [{ KnSubjectLink: link }, { KnSubjectAttachment: attachment }],
      { KnSubjectLink: link, KnSubjectAttachment: attachment },
    ]) {
      const response = await server.send('POST', '/connectors/KnSubject', {
        KnSubject: { Element: { Fields: { StId: 1, Ds: 'Met objecten' }, Objects: objects } },
      });
      expect(response.status).toBe(201);
      const id = (await response.json()).results.KnSubject.SbId;
      const rows = await server.rows('Profit_Subjects', `filterfieldids=SubjectId&filtervalues=${id}&operatortypes=1`);
      expect(rows[0]).toMatchObject({ ToEmployee: true });
      const files = await server.rows(
        'Profit_Subject_Attachments',
        `filterfieldids=subject_id&filtervalues=${id}&operatortypes=1`,
      );
      expect(files).toEqual([expect.objectContaining({ file_name: 'a.txt' })]);
    }
  });

  it('reads @Action on the element and inside Fields', async ({ skip }) => {
    if (!server) return skip();
    const created = await server.send('POST', '/connectors/KnSubject', subject({ StId: 1, Ds: 'Actie' }));
    const id = Number((await created.json()).results.KnSubject.SbId);
    const onElement = await server.send('PUT', '/connectors/KnSubject', {
      KnSubject: {
        Element: {
          '@SbId': id,
          Fields: { Ds: 'Actie 2' },
          Objects: {
            KnSubjectAttachment: {
              Element: { '@Action': 'insert', Fields: { FileName: 'x.pdf', FileStream: 'JVBERg==' } },
            },
          },
        },
      },
    });
    expect(onElement.status).toBe(201);
    const files = await server.rows(
      'Profit_Subject_Attachments',
      `filterfieldids=subject_id&filtervalues=${id}&operatortypes=1`,
    );
    expect(files).toHaveLength(1);
    const fileId = files[0]!.file_id as string;
    const inFields = await server.send('PUT', '/connectors/KnSubject', {
      KnSubject: {
        Element: {
          '@SbId': id,
          Objects: [{ KnSubjectAttachment: { Element: { Fields: { '@Action': 'delete', FileId: fileId } } } }],
        },
      },
    });
    expect(inFields.status).toBe(201);
    expect(
      await server.rows('Profit_Subject_Attachments', `filterfieldids=subject_id&filtervalues=${id}&operatortypes=1`),
    ).toEqual([]);
  });

  it('tolerates any Content-Type, none at all, and \\u escapes', async ({ skip }) => {
    if (!server) return skip();
    const text = '{"KnSubject":{"Element":{"Fields":{"StId":1,"Ds":"Caf\\u00e9 \\u20ac \\ud83d\\ude00"}}}}';
    for (const type of [
      'application/json',
      'application/json; charset="utf-8"',
      'text/plain',
      'application/x-www-form-urlencoded',
    ]) {
      const response = await server.send('POST', '/connectors/KnSubject', text, { 'content-type': type });
      expect(response.status, type).toBe(201);
      const id = (await response.json()).results.KnSubject.SbId;
      const rows = await server.rows('Profit_Subjects', `filterfieldids=SubjectId&filtervalues=${id}&operatortypes=1`);
      expect(rows[0]!.Subject).toBe('Café € 😀');
    }
    const bare = await server.call('/connectors/KnSubject', { method: 'POST', body: Buffer.from(text) });
    expect(bare.status).toBe(201);
  });

  it('takes values as strings, numbers and booleans alike, and dates with or without a time', async ({ skip }) => {
    if (!server) return skip();
    const response = await server.send(
      'POST',
      '/connectors/KnSubject',
      subject({
        StId: '1',
        Ds: 'Typen',
        St: 'true',
        SbBl: 0,
        DtFr: '2023-12-01',
        DtTo: '2023-12-31T17:30:00',
        FvF1: '6',
      }),
    );
    expect(response.status).toBe(201);
    const id = (await response.json()).results.KnSubject.SbId;
    const [row] = await server.rows('Profit_Subjects', `filterfieldids=SubjectId&filtervalues=${id}&operatortypes=1`);
    expect(row).toMatchObject({
      Afgehandeld: true,
      StartDate: '2023-12-01T00:00:00Z',
      EndDate: '2023-12-31T17:30:00Z',
      FeV1: 6,
    });
  });

  it('updates the main record and inserts the sub-object on POST /connectors/{id}/{subObject}', async ({ skip }) => {
    if (!server) return skip();
    const created = await server.send('POST', '/connectors/KnSubject', subject({ StId: 1, Ds: 'Hoofd' }));
    const id = (await created.json()).results.KnSubject.SbId;
    const response = await server.send('POST', '/connectors/KnSubject/KnSubjectAttachment', {
      KnSubject: {
        Element: {
          '@SbId': id,
          Fields: { Ds: 'Hoofd bijgewerkt' },
          Objects: [
            { KnSubjectAttachment: { Element: { Fields: { FileName: 'b.png', FileStream: 'iVBORw0KGgo=' } } } },
          ],
        },
      },
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ results: { KnSubject: { SbId: id } } });
    const [row] = await server.rows('Profit_Subjects', `filterfieldids=SubjectId&filtervalues=${id}&operatortypes=1`);
    expect(row!.Subject).toBe('Hoofd bijgewerkt');
    const files = await server.rows(
      'Profit_Subject_Attachments',
      `filterfieldids=subject_id&filtervalues=${id}&operatortypes=1`,
    );
    expect(files.map((f) => f.file_name)).toEqual(['b.png']);
  });

  it('answers 400 saying where the JSON broke', async ({ skip }) => {
    if (!server) return skip();
    const response = await server.send(
      'POST',
      '/connectors/KnSubject',
      '{"KnSubject": {\n  "Element": {"Fields": {"Ds": "x",}}\n}}',
    );
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(Object.keys(body)).toEqual(['externalMessage', 'errorNumber', 'profitLogReference']);
    expect(body.externalMessage).toBe(
      "Invalid json: line 2, column 36 (position 51): expected a property name in double quotes but found '}'",
    );
    expect(response.headers.get('x-profit-error')).toBe(Buffer.from(body.externalMessage).toString('base64'));
    const empty = await server.send('POST', '/connectors/KnSubject', '');
    expect(empty.status).toBe(400);
    expect((await empty.json()).externalMessage).toBe('Invalid json: the body is empty');
    const unterminated = await server.send(
      'PUT',
      '/connectors/KnSubject',
      '{"KnSubject": {"Element": {"Fields": {"Ds": "x',
    );
    expect((await unterminated.json()).externalMessage).toBe(
      'Invalid json: line 1, column 47 (position 46): unterminated string',
    );
  });

  it('answers 400 for a body without the elements it needs', async ({ skip }) => {
    if (!server) return skip();
    const cases: [unknown, string][] = [
      [[], 'Missing element: the body must be {"<root object>": {"Element": ...}}'],
      [{ KnSubject: {} }, 'Missing element: KnSubject.Element'],
      [{ KnSubject: { Element: { Fields: [] } } }, 'Missing element: KnSubject.Element[0].Fields must be an object'],
      [
        { KnSubject: { Element: { Fields: {}, Objects: 5 } } },
        'Missing element: KnSubject.Element[0].Objects must be an array or an object',
      ],
    ];
    for (const [body, message] of cases) {
      const response = await server.send('POST', '/connectors/KnSubject', body);
      expect(response.status).toBe(400);
      expect((await response.json()).externalMessage).toBe(message);
    }
  });

  /** POSTs a body of `size` bytes announced by Content-Length: `head` then spaces, sent in 1 MB pieces. */
  function postSized(size: number, head: string, send: boolean): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(`${server!.base}/connectors/KnSubject`, {
        method: 'POST',
        headers: {
          authorization: server!.auth,
          'accept-language': 'en-us',
          'content-type': 'application/json',
          'content-length': String(size),
        },
      });
      request.on('response', (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => {
          text += chunk;
        });
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, body: text });
          request.destroy();
        });
      });
      request.on('error', reject);
      if (!send) {
        request.flushHeaders();
        return;
      }
      const spaces = Buffer.alloc(1024 * 1024, ' ');
      let left = size - Buffer.byteLength(head);
      request.write(head);
      const pump = () => {
        while (left > 0) {
          const piece = spaces.subarray(0, Math.min(left, spaces.length));
          left -= piece.length;
          if (!request.write(piece)) return void request.once('drain', pump);
        }
        request.end();
      };
      pump();
    });
  }

  it('takes a body of exactly 75 MB and answers 413 to one byte more, judged by its Content-Length', async ({
    skip,
  }) => {
    if (!server) return skip();
    // At the edge: the framework's default (1 MiB) would refuse the first, no limit would take the second.
    const head = JSON.stringify(subject({ StId: 1, Ds: 'Grens van 75 MB' }));
    const atLimit = await postSized(MAX_BODY_BYTES, head, true);
    expect(atLimit.status).toBe(201);
    expect(JSON.parse(atLimit.body).results.KnSubject.SbId).toMatch(/^\d+$/);
    // Announce one byte more and send nothing: the server answers before reading.
    const over = await postSized(MAX_BODY_BYTES + 1, head, false);
    expect(over.status).toBe(413);
    expect(JSON.parse(over.body).externalMessage).toBe(`The request body is larger than ${MAX_BODY_BYTES} bytes.`);
  });

  it('refuses UpdateConnectors that are unknown or not linked, in the caller language', async ({ skip }) => {
    if (!server) return skip();
    const { db, registry } = server.runtime;
    const unknown = await server.send('POST', '/connectors/KnNothing', subject({}));
    expect(unknown.status).toBe(500);
    expect((await unknown.json()).externalMessage).toBe(
      'General message: This UpdateConnector is not supported or the user is not authorized.',
    );
    await unlinkConnectors(db, await findAppConnector(db, 'O12345AA', 'Tests'), 'update', ['KnUser']);
    try {
      const body = { KnUser: { Element: { Fields: { MtCd: '1', UsId: 'x', Nm: 'x' } } } };
      const dutch = await server.send('POST', '/connectors/KnUser', body, { 'accept-language': 'nl-nl' });
      expect(dutch.status).toBe(500);
      expect((await dutch.json()).externalMessage).toBe(
        'General message: Deze UpdateConnector wordt niet ondersteund of de gebruiker is niet geautoriseerd.',
      );
      const remove = await server.send('DELETE', '/connectors/KnUser/KnUser/@UsId/x');
      expect(remove.status).toBe(500);
    } finally {
      await linkConnectors(db, registry, await findAppConnector(db, 'O12345AA', 'Tests'), 'update', ['KnUser']);
    }
  });

  it('refuses a root object the connector does not have', async ({ skip }) => {
    if (!server) return skip();
    const response = await server.send('POST', '/connectors/KnSubject', { KnPerson: { Element: { Fields: {} } } });
    expect(response.status).toBe(500);
    expect((await response.json()).externalMessage).toBe(
      "Object 'KnPerson' does not exist in UpdateConnector 'KnSubject'.",
    );
  });
});
