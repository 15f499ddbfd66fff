// The file endpoints over real HTTP on SQLite and PostgreSQL (PROTOCOL.md 7): attachments written through KnSubject
// come back byte-identical from SubjectConnector and FileConnector, person pictures written through KnPerson from
// ImageConnector in three sizes, and missing files and files a token may not read both answer 404.

import { authorizationHeader, ERRORS } from '@appconnector/protocol';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppConnector, linkConnectors } from '../src/admin/app-connectors.ts';
import { createToken } from '../src/admin/tokens.ts';
import { servedDefinitions } from '../src/catalogue/catalogue-definitions.ts';
import { sqliteDialect } from '../src/db/dialect.ts';
import { compileDefinitions } from '../src/definitions/compile.ts';
import { DEMO_DEFINITIONS, DefinitionError, loadDefinitions } from '../src/definitions/load.ts';
import type { DefinitionSet } from '../src/definitions/schema.ts';
import { PORTRAIT_SIDE } from '../src/demo/portraits.ts';
import { loadDemoData } from '../src/demo/setup-demo.ts';
import type { FileConnectorDefinition } from '../src/files/file-schema.ts';
import { sizedImage } from '../src/files/image-sizes.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { startTestServer, type TestServer } from './support/harness.ts';

/** Every byte value, in an order that is not a run: a file that any text or newline conversion would spoil. */
const ATTACHMENT = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 37 + (i >> 8)) % 256));
const ATTACHMENT_NAME = 'Scan Contract.PDF';
const MISSING_ID = '0123456789ABCDEF0123456789ABCDEF';

async function picture(width: number, height: number, format: 'png' | 'jpeg'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 90 } } })
    .toFormat(format)
    .toBuffer();
}

async function dimensions(base64: string): Promise<[number | undefined, number | undefined, string | undefined]> {
  const meta = await sharp(Buffer.from(base64, 'base64')).metadata();
  return [meta.width, meta.height, meta.format];
}

describe('scaled pictures', () => {
  it('are made once per picture and size, also when many are asked at once', async () => {
    const pictures = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => picture(300 + i, 200, 'png')));
    const first = await Promise.all(pictures.map((data) => sizedImage({ data, mime: 'image/png' }, 1)));
    for (const [i, image] of first.entries()) {
      expect(image.mime).toBe('image/png');
      expect(await dimensions(image.data.toString('base64'))).toEqual([64, Math.round((200 * 64) / (301 + i)), 'png']);
    }
    // The same bytes again (another row, another request): the copy made before, not a new decode.
    const again = await sizedImage({ data: Buffer.from(pictures[0]!), mime: 'image/png' }, 1);
    expect(again.data).toBe(first[0]!.data);
    expect((await sizedImage({ data: pictures[0]!, mime: 'image/png' }, 2)).data).not.toBe(first[0]!.data);
  });
});

describe('fileConnectors definitions', () => {
  const demo = servedDefinitions(loadDefinitions(DEMO_DEFINITIONS));
  const image = demo.fileConnectors!.find((f) => f.endpoint === 'image')!;
  const compileWith = (change: Partial<FileConnectorDefinition>) => () =>
    compileDefinitions({ ...demo, fileConnectors: [{ ...image, ...change }] } satisfies DefinitionSet, sqliteDialect);

  it('compiles the demo endpoints: subject, file and image sources with their granting connectors', () => {
    const { files } = compileDefinitions(demo, sqliteDialect);
    expect(files.subject.map((s) => [s.table, s.keys.map((k) => `${k.column}:${k.type}`)])).toEqual([
      ['kn_subject_attachment', ['subject_id:int', 'file_id:string']],
    ]);
    expect(files.file.map((s) => s.name)).toEqual(['file_name']);
    expect(files.image[0]).toMatchObject({ table: 'kn_person', data: 'image_data', mime: 'image_mime' });
    expect(files.image[0]!.grantedBy.update).toContain('KnEmployee');
  });

  it.each([
    [{ table: 'nope' }, "fileConnectors[0] (image, table 'nope'): table 'nope' is not defined"],
    [{ keys: ['image_id', 'bc_id'] }, 'ImageConnector/{id} needs 1 key column, not 2'],
    [{ keys: ['nope'] }, "key column 'nope' is not in the table"],
    [{ keys: ['birth_date'] }, "key column 'birth_date' is a date; it must be int or string"],
    [{ keys: ['first_name'] }, "no index of 'kn_person' serves the key columns first_name: declare one"],
    [{ data: 'image_name' }, "data column 'image_name' is a string; it must be blob"],
    [{ mime: 'image_data' }, "mime column 'image_data' is a blob; it must be string"],
    [{ endpoint: 'file' as const, name: undefined }, 'answers a file name: give the name column'],
    [{ grantedBy: { get: ['Profit_Nope'], update: [] } }, "grantedBy GetConnector 'Profit_Nope' is not defined"],
    [{ grantedBy: { get: [], update: ['KnNope'] } }, "grantedBy UpdateConnector 'KnNope' is not defined"],
  ])('stops start-up on %o', (change, message) => {
    expect(compileWith(change)).toThrow(DefinitionError);
    expect(compileWith(change)).toThrow(message);
  });
});

describe.each(DATABASE_KINDS)('file endpoints on %s', (kind) => {
  let server: TestServer | undefined;
  /** Tokens of other App Connectors: one linked to no granting connector, one to Profit_Subject_Attachments only. */
  let outsider = '';
  let attachmentReader = '';
  /** Linked to Profit_Employees and Profit_OrgPer, which show no picture ids. */
  let employeeReader = '';

  beforeAll(async () => {
    server = await startTestServer(kind, {
      definitionsDir: DEMO_DEFINITIONS,
      get: ['Profit_Subject_Attachments', 'Profit_Person_Images'],
      update: ['KnSubject', 'KnPerson'],
    });
    if (!server) return;
    const { runtime } = server;
    await loadDemoData(runtime, 'O12345AA', { employees: 20, seed: 3 });
    const tokenOf = async (name: string, get: string[], update: string[]) => {
      let app = await createAppConnector(runtime.db, { environment: 'O12345AA', name });
      app = await linkConnectors(runtime.db, runtime.registry, app, 'get', get);
      if (update.length > 0) app = await linkConnectors(runtime.db, runtime.registry, app, 'update', update);
      return authorizationHeader((await createToken(runtime.db, app, { userId: name })).xml);
    };
    outsider = await tokenOf('Elsewhere', ['Profit_Address'], ['FiEntries']);
    attachmentReader = await tokenOf('Attachments', ['Profit_Subject_Attachments'], []);
    employeeReader = await tokenOf('Employees', ['Profit_Employees', 'Profit_OrgPer'], []);
  });
  afterAll(async () => server?.close());

  async function post(connector: string, body: unknown, method = 'POST') {
    const response = await server!.call(`/connectors/${connector}`, {
      method,
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    const text = await response.text();
    expect(response.status, text).toBe(201);
    return JSON.parse(text).results;
  }
  async function rows(connector: string, query: string) {
    const response = await server!.call(`/connectors/${connector}?skip=-1&take=-1&${query}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { rows: Record<string, unknown>[] }).rows;
  }
  async function json(path: string, auth?: string) {
    const response = await server!.call(path, auth ? { headers: { authorization: auth } } : {});
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    return { status: response.status, headers: response.headers, body: await response.json() };
  }
  async function expectNotFound(path: string, auth?: string) {
    const { status, headers, body } = await json(path, auth);
    expect(status, path).toBe(404);
    expect(Object.keys(body)).toEqual(['externalMessage', 'errorNumber', 'profitLogReference']);
    expect(body.errorNumber).toBe(ERRORS.fileNotFound.errorNumber);
    expect(body.externalMessage).toBe(ERRORS.fileNotFound.en);
    expect(Buffer.from(headers.get('x-profit-error') ?? '', 'base64').toString('utf8')).toBe(body.externalMessage);
  }

  /** A dossier item with one attachment, written as a client would: base64 in FileStream. */
  async function writeAttachment(name = ATTACHMENT_NAME): Promise<{ subjectId: string; fileId: string }> {
    const { KnSubject } = await post('KnSubject', {
      KnSubject: {
        Element: {
          Fields: { StId: 1, Ds: 'Met bijlage' },
          Objects: [
            {
              KnSubjectAttachment: {
                Element: { Fields: { FileName: name, FileStream: ATTACHMENT.toString('base64') } },
              },
            },
          ],
        },
      },
    });
    const files = await rows(
      'Profit_Subject_Attachments',
      `filterfieldids=subject_id&filtervalues=${KnSubject.SbId}&operatortypes=1`,
    );
    expect(files).toHaveLength(1);
    return { subjectId: KnSubject.SbId, fileId: files[0]!.file_id as string };
  }

  /** A new person with a picture; answers the person's BcCo and the picture's id (Profit_Person_Images). */
  async function writePerson(fields: Record<string, unknown>): Promise<{ bcCo: string; imageId: string | undefined }> {
    const { KnPerson } = await post('KnPerson', {
      KnPerson: {
        Element: { Fields: { AutoNum: true, MatchPer: '7', FiNm: 'Sanne', LaNm: 'Bakker', ViGe: 'V', ...fields } },
      },
    });
    return { bcCo: KnPerson.BcCo, imageId: await imageIdOf(KnPerson.BcCo) };
  }
  async function imageIdOf(bcCo: string): Promise<string | undefined> {
    const [row] = await rows('Profit_Person_Images', `filterfieldids=BcCo&filtervalues=${bcCo}&operatortypes=1`);
    return row?.ImageId as string | undefined;
  }

  it('SubjectConnector serves a written attachment byte for byte, in path and query form', async ({ skip }) => {
    if (!server) return skip();
    const { subjectId, fileId } = await writeAttachment();
    expect(fileId).toMatch(/^[0-9A-F]{32}$/);
    for (const path of [
      `/SubjectConnector/${subjectId}/${fileId}`,
      `/subjectconnector/${subjectId}/${fileId}`,
      `/SubjectConnector?subjectid=${subjectId}&fileid=${fileId}`,
      `/SubjectConnector?SubjectId=${subjectId}&FILEID=${fileId}`,
    ]) {
      const { status, body } = await json(path);
      expect(status, path).toBe(200);
      expect(Object.keys(body)).toEqual(['filename', 'mimetype', 'filedata']);
      expect(body).toMatchObject({ filename: ATTACHMENT_NAME, mimetype: 'application/pdf' });
      expect(Buffer.from(body.filedata, 'base64').equals(ATTACHMENT), path).toBe(true);
    }
  });

  it('FileConnector finds the file by id and name, the name in any case', async ({ skip }) => {
    if (!server) return skip();
    const { fileId } = await writeAttachment();
    for (const path of [
      `/FileConnector/${fileId}/${encodeURIComponent(ATTACHMENT_NAME)}`,
      `/FileConnector/${fileId}/${encodeURIComponent(ATTACHMENT_NAME.toLowerCase())}`,
      `/fileconnector?FileId=${fileId}&filename=${encodeURIComponent('SCAN CONTRACT.pdf')}`,
    ]) {
      const { status, body } = await json(path);
      expect(status, path).toBe(200);
      expect(Object.keys(body)).toEqual(['filename', 'mimetype', 'filedata']);
      expect(body).toMatchObject({ filename: ATTACHMENT_NAME, mimetype: 'application/pdf' });
      expect(Buffer.from(body.filedata, 'base64').equals(ATTACHMENT), path).toBe(true);
    }
  });

  it('answers 404 with the error body for a wrong id, a wrong name or a wrong dossier item', async ({ skip }) => {
    if (!server) return skip();
    const { subjectId, fileId } = await writeAttachment();
    await expectNotFound(`/SubjectConnector/${subjectId}/${MISSING_ID}`);
    await expectNotFound(`/SubjectConnector/${Number(subjectId) + 100000}/${fileId}`);
    await expectNotFound(`/SubjectConnector/not-a-number/${fileId}`);
    await expectNotFound(`/SubjectConnector?subjectid=${subjectId}`);
    await expectNotFound(`/FileConnector/${MISSING_ID}/${encodeURIComponent(ATTACHMENT_NAME)}`);
    await expectNotFound(`/FileConnector/${fileId}/other.pdf`);
    await expectNotFound(`/FileConnector?fileid=${fileId}`);
    // Hostile ids are values, never SQL: the file is simply not found and the table is still there.
    await expectNotFound(`/FileConnector/${encodeURIComponent("x' or '1'='1")}/${encodeURIComponent("a' --")}`);
    expect((await json(`/SubjectConnector/${subjectId}/${fileId}`)).status).toBe(200);
  });

  it('answers 404 to a token whose App Connector is linked to no connector that grants the files', async ({ skip }) => {
    if (!server) return skip();
    const { subjectId, fileId } = await writeAttachment();
    const { imageId } = await writePerson({
      FileName: 'pasfoto.png',
      FileStream: (await picture(20, 10, 'png')).toString('base64'),
    });
    await expectNotFound(`/SubjectConnector/${subjectId}/${fileId}`, outsider);
    await expectNotFound(`/FileConnector/${fileId}/${encodeURIComponent(ATTACHMENT_NAME)}`, outsider);
    await expectNotFound(`/ImageConnector/${imageId}`, outsider);
    // A GetConnector grants too: Profit_Subject_Attachments opens the attachments, not the pictures.
    expect((await json(`/SubjectConnector/${subjectId}/${fileId}`, attachmentReader)).status).toBe(200);
    expect(
      (await json(`/FileConnector/${fileId}/${encodeURIComponent(ATTACHMENT_NAME)}`, attachmentReader)).status,
    ).toBe(200);
    await expectNotFound(`/ImageConnector/${imageId}`, attachmentReader);
    await expectNotFound(`/ImageConnector/${imageId}`, employeeReader);
    await expectNotFound(`/ImageConnector/${imageId}?format=7`, employeeReader);
    expect((await json(`/ImageConnector/${imageId}`)).status).toBe(200);
  });

  it('ImageConnector serves a picture written through KnPerson as original, thumbnail and medium', async ({ skip }) => {
    if (!server) return skip();
    const original = await picture(400, 300, 'png');
    const { imageId } = await writePerson({ FileName: 'pasfoto.png', FileStream: original.toString('base64') });
    expect(imageId).toMatch(/^[0-9A-F]{32}$/);
    for (const path of [
      `/ImageConnector/${imageId}`,
      `/ImageConnector/${imageId}?format=0`,
      `/imageconnector/${imageId}?FORMAT=0`,
    ]) {
      const { status, body } = await json(path);
      expect(status, path).toBe(200);
      expect(Object.keys(body)).toEqual(['filedata', 'mimetype']);
      expect(body.mimetype).toBe('image/png');
      expect(Buffer.from(body.filedata, 'base64').equals(original), path).toBe(true);
    }
    const thumbnail = await json(`/ImageConnector/${imageId}?format=1`);
    expect(thumbnail.body.mimetype).toBe('image/png');
    expect(await dimensions(thumbnail.body.filedata)).toEqual([64, 48, 'png']);
    const medium = await json(`/ImageConnector/${imageId}?format=2`);
    expect(medium.body.mimetype).toBe('image/png');
    expect(await dimensions(medium.body.filedata)).toEqual([256, 192, 'png']);
    expect((await json(`/ImageConnector/${imageId}?format=7`)).status).toBe(500);
  });

  it('keeps photos JPEG, never enlarges a small picture, and answers non-images as stored', async ({ skip }) => {
    if (!server) return skip();
    const photo = await writePerson({
      FileName: 'foto.jpg',
      FileStream: (await picture(800, 600, 'jpeg')).toString('base64'),
    });
    const medium = await json(`/ImageConnector/${photo.imageId}?format=2`);
    expect(medium.body.mimetype).toBe('image/jpeg');
    expect(await dimensions(medium.body.filedata)).toEqual([256, 192, 'jpeg']);

    const small = await picture(40, 30, 'png');
    const icon = await writePerson({ FileName: 'icoon.png', FileStream: small.toString('base64') });
    expect(await dimensions((await json(`/ImageConnector/${icon.imageId}?format=2`)).body.filedata)).toEqual([
      40,
      30,
      'png',
    ]);

    const text = Buffer.from('geen foto\n');
    const notes = await writePerson({ FileName: 'notitie.txt', FileStream: text.toString('base64') });
    const { body } = await json(`/ImageConnector/${notes.imageId}?format=1`);
    expect(body.mimetype).toBe('text/plain');
    expect(Buffer.from(body.filedata, 'base64').equals(text)).toBe(true);
  });

  it('gives a new picture a new id and a cleared picture none; 404 for a missing image', async ({ skip }) => {
    if (!server) return skip();
    const first = await writePerson({
      FileName: 'a.png',
      FileStream: (await picture(10, 10, 'png')).toString('base64'),
    });
    await post(
      'KnPerson',
      {
        KnPerson: {
          Element: {
            Fields: { MatchPer: '0', BcCo: first.bcCo, FileStream: (await picture(12, 12, 'png')).toString('base64') },
          },
        },
      },
      'PUT',
    );
    const second = await imageIdOf(first.bcCo);
    expect(second).toMatch(/^[0-9A-F]{32}$/);
    expect(second).not.toBe(first.imageId);
    // New bytes without a FileName do not keep the old picture's name.
    const [renamed] = await rows(
      'Profit_Person_Images',
      `filterfieldids=BcCo&filtervalues=${first.bcCo}&operatortypes=1`,
    );
    expect(renamed?.FileName).toBeNull();
    await expectNotFound(`/ImageConnector/${first.imageId}`);
    expect(await dimensions((await json(`/ImageConnector/${second}`)).body.filedata)).toEqual([12, 12, 'png']);
    await post(
      'KnPerson',
      { KnPerson: { Element: { Fields: { MatchPer: '0', BcCo: first.bcCo, FileStream: '' } } } },
      'PUT',
    );
    expect(await imageIdOf(first.bcCo)).toBeUndefined();
    await expectNotFound(`/ImageConnector/${second}`);
    await expectNotFound(`/ImageConnector/${MISSING_ID}?format=1`);
  });

  it('serves the pictures of the generated demo employees', async ({ skip }) => {
    if (!server) return skip();
    const pictures = await rows('Profit_Person_Images', '');
    const demo = pictures.filter((row) => String(row.FileName).startsWith('foto-'));
    expect(demo.length).toBeGreaterThan(0);
    const { body } = await json(`/ImageConnector/${demo[0]!.ImageId}?format=1`);
    expect(body.mimetype).toBe('image/png');
    expect(await dimensions(body.filedata)).toEqual([64, 64, 'png']);
    const original = await json(`/ImageConnector/${demo[0]!.ImageId}`);
    expect(await dimensions(original.body.filedata)).toEqual([PORTRAIT_SIDE, PORTRAIT_SIDE, 'png']);
  });

  it('FileConnector reads `_5f` as `_` in the name, in path and query forms, and takes the plain `_` too', async () => {
    if (!server) return;
    const { fileId } = await writeAttachment('Invoice_nr3734.pdf');
    for (const path of [
      `/FileConnector/${fileId}/Invoice_5fnr3734.pdf`,
      `/FileConnector/${fileId}/Invoice_5Fnr3734.pdf`,
      `/FileConnector/${fileId}/Invoice_nr3734.pdf`,
      `/FileConnector?fileid=${fileId}&filename=Invoice_5fnr3734.pdf`,
      `/FileConnector?fileid=${fileId}&filename=Invoice_nr3734.pdf`,
    ]) {
      const { status, body } = await json(path);
      expect(status, path).toBe(200);
      expect(body.filename).toBe('Invoice_nr3734.pdf');
      expect(Buffer.from(body.filedata, 'base64').equals(ATTACHMENT), path).toBe(true);
    }
    await expectNotFound(`/FileConnector/${fileId}/Invoice_5fnr3735.pdf`);
    await expectNotFound(`/FileConnector/${fileId}/Invoice5fnr3734.pdf`);
    // A name that holds `_5f` itself: asked for encoded (`_5f5f`) or as stored.
    const literal = await writeAttachment('Rapport_5f.pdf');
    for (const name of ['Rapport_5f5f.pdf', 'Rapport_5f.pdf'])
      expect((await json(`/FileConnector/${literal.fileId}/${name}`)).status, name).toBe(200);
    await expectNotFound(`/FileConnector/${literal.fileId}/Rapport_.pdf`);
  });

  it('SubjectConnector reads `_5f` as `_` in the file id, in path and query forms', async () => {
    if (!server) return;
    const { subjectId, fileId } = await writeAttachment();
    // Profit's file ids may hold `_`; ours are hex, so one is given a stored id that has one (of the same length).
    const stored = `Scan_${fileId.slice(5)}`;
    const { db } = server.runtime;
    await db.kysely
      .withSchema(await db.environmentSchema('O12345AA'))
      .updateTable('kn_subject_attachment')
      .set({ file_id: stored })
      .where('file_id', '=', fileId)
      .execute();
    for (const path of [
      `/SubjectConnector/${subjectId}/${stored.replace('_', '_5f')}`,
      `/SubjectConnector/${subjectId}/${stored}`,
      `/SubjectConnector?subjectid=${subjectId}&fileid=${stored.replace('_', '_5F')}`,
      `/SubjectConnector?subjectid=${subjectId}&fileid=${stored}`,
    ]) {
      const { status, body } = await json(path);
      expect(status, path).toBe(200);
      expect(Buffer.from(body.filedata, 'base64').equals(ATTACHMENT), path).toBe(true);
    }
    await expectNotFound(`/SubjectConnector/${subjectId}/${stored.replace('_', '5f')}`);
    await expectNotFound(`/SubjectConnector/${subjectId}/${fileId}`);
  });

  /** The same URL as JSON and with `SendFileAsBinary: 1`: the bytes must be the JSON form's, with its type. */
  async function expectBinary(path: string, disposition: string) {
    const { body } = await json(path);
    const response = await server!.call(path, { headers: { SendFileAsBinary: '1' } });
    expect(response.status, path).toBe(200);
    expect(response.headers.get('content-type')).toBe(body.mimetype);
    expect(response.headers.get('content-disposition')).toBe(disposition);
    expect(response.headers.get('x-trace-identifier')).toMatch(/^[0-9a-f]{32}$/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.equals(Buffer.from(body.filedata, 'base64')), path).toBe(true);
    expect(Number(response.headers.get('content-length'))).toBe(bytes.length);
    // `0` is the JSON shape, as no header.
    const zero = await server!.call(path, { headers: { SendFileAsBinary: '0' } });
    expect(zero.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await zero.json()).toEqual(body);
  }

  it('answers the bytes themselves with SendFileAsBinary: 1 on FileConnector, SubjectConnector and ImageConnector', async () => {
    if (!server) return;
    const plain = await writeAttachment();
    await expectBinary(
      `/SubjectConnector/${plain.subjectId}/${plain.fileId}`,
      'attachment; filename="Scan Contract.PDF"',
    );
    await expectBinary(
      `/FileConnector/${plain.fileId}/${encodeURIComponent(ATTACHMENT_NAME)}`,
      'attachment; filename="Scan Contract.PDF"',
    );
    // A name beyond ASCII: an ASCII fallback and the exact name in RFC 5987's filename*.
    const accented = await writeAttachment('Offerte café "ü".pdf');
    await expectBinary(
      `/FileConnector/${accented.fileId}/${encodeURIComponent('Offerte café "ü".pdf')}`,
      `attachment; filename="Offerte cafe \\"u\\".pdf"; filename*=UTF-8''Offerte%20caf%C3%A9%20%22%C3%BC%22.pdf`,
    );
    // A stored name with a path keeps only its last part.
    const pathed = await writeAttachment('../../etc/passwd');
    await expectBinary(`/SubjectConnector/${pathed.subjectId}/${pathed.fileId}`, 'attachment; filename=passwd');
    const original = await picture(300, 200, 'png');
    const { imageId } = await writePerson({ FileName: 'pasfoto.png', FileStream: original.toString('base64') });
    await expectBinary(`/ImageConnector/${imageId}`, 'attachment; filename=pasfoto.png');
    await expectBinary(`/ImageConnector/${imageId}?format=1`, 'attachment; filename=pasfoto.png');
    const photo = await writePerson({ FileStream: (await picture(300, 200, 'jpeg')).toString('base64') });
    await expectBinary(`/ImageConnector/${photo.imageId}?format=2`, `attachment; filename=image-${photo.imageId}.jpg`);
    // Missing and not allowed stay the JSON error, whatever the header asks.
    const missing = await server!.call(`/FileConnector/${MISSING_ID}/x.pdf`, { headers: { SendFileAsBinary: '1' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect((await missing.json()).errorNumber).toBe(ERRORS.fileNotFound.errorNumber);
  });
});
