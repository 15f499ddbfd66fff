// `appconnector stored` on a real demo server's database (SQLite and PostgreSQL): after real writes through the
// HTTP API, the records come back by field id, nested like the connector's objects, most recently modified first.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../src/output.ts';
import { clearConnectionEnv, cli, type DemoServer, startDemoServer, tempDir } from './support/cli-harness.ts';

const temp = tempDir();
beforeAll(() => clearConnectionEnv());
afterAll(() => temp.remove());

interface Stored {
  object: string;
  keys: Record<string, unknown>;
  fields: Record<string, unknown>;
  audit: Record<string, unknown>;
  objects: Record<string, Stored[]>;
}

const PERSON = {
  KnPerson: {
    Element: {
      Fields: { AutoNum: true, MatchPer: '7', FiNm: 'Fleur', Is: 'van', LaNm: 'Dijk', ViGe: 'V', DaBi: '1990-04-05' },
      Objects: [
        { KnBasicAddressAdr: { Element: { Fields: { CoId: 'NL', Ad: 'Kerkstraat', HmNr: '12', ZpCd: '3511 AB' } } } },
        { KnBankAccount: { Element: { Fields: { CoId: 'NL', Iban: 'NL91ABNA0417164300', IbCk: true } } } },
      ],
    },
  },
};

describe.each(['sqlite', 'postgres'] as const)('appconnector stored on %s', (kind) => {
  let demo: DemoServer | undefined;
  let bcCo: string;
  beforeAll(async () => {
    demo = await startDemoServer(kind);
  });
  afterAll(async () => demo?.close());

  const stored = (...args: string[]) => cli('stored', ...args, '--db', demo!.db);

  async function write(verb: 'insert' | 'update', connector: string, payload: unknown): Promise<string> {
    const file = join(temp.dir, `${kind}-${verb}-${connector}.json`);
    writeFileSync(file, JSON.stringify(payload));
    const result = await cli(verb, connector, '--file', file, '--json', ...demo!.connection);
    expect(result.code, result.err).toBe(0);
    return result.out;
  }

  it('shows a written person by field id, with its address and bank account nested', async () => {
    if (!demo) return;
    bcCo = JSON.parse(await write('insert', 'KnPerson', PERSON)).results.KnPerson.BcCo;
    const result = await stored('KnPerson', '--key', `@BcCo=${bcCo}`, '--json');
    expect(result.code, result.err).toBe(0);
    const { connector, environment, records } = JSON.parse(result.out) as { records: Stored[] } & Record<
      string,
      string
    >;
    expect([connector, environment, records.length]).toEqual(['KnPerson', 'O12345AA', 1]);
    const [person] = records;
    expect(person!.object).toBe('KnPerson');
    expect(person!.keys).toEqual({ BcCo: bcCo });
    expect(person!.fields).toMatchObject({
      FiNm: 'Fleur',
      Is: 'van',
      LaNm: 'Dijk',
      ViGe: 'V',
      DaBi: '1990-04-05T00:00:00',
    });
    // Field ids only: no column name of kn_person shows.
    expect(Object.keys(person!.fields)).not.toContain('last_name');
    expect(Object.keys(person!.fields)).toContain('SoSe');
    expect(person!.audit).toMatchObject({ createdBy: 'demo', modifiedBy: 'demo' });
    expect(String(person!.audit.modifiedAt)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
    expect(Object.keys(person!.objects)).toEqual(['KnBankAccount', 'KnBasicAddressAdr']);
    const [account] = person!.objects.KnBankAccount!;
    // A bank account is found by its Iban (or BaAc) through a rule, not by a key attribute (AFAS documents none).
    expect(account).toMatchObject({ object: 'KnBankAccount', keys: {} });
    expect(account!.fields).toMatchObject({ CoId: 'NL', IbCk: true, Iban: 'NL91ABNA0417164300' });
    const [address] = person!.objects.KnBasicAddressAdr!;
    expect(address!.fields).toMatchObject({ CoId: 'NL', Ad: 'Kerkstraat', HmNr: 12, ZpCd: '3511 AB', PbAd: false });
  });

  it('lists the most recently modified first, as indented text', async () => {
    if (!demo) return;
    const first = await stored('KnPerson', '--last', '1');
    expect(first.code, first.err).toBe(0);
    expect(first.out.split('\n')[0]).toMatch(new RegExp(`^KnPerson @BcCo=${bcCo}  \\(modified \\S+ by demo`));
    expect(first.out).toMatch(/\n {2}LaNm: +Dijk\n/);
    expect(first.out).toMatch(/\n {2}KnBankAccount\b/);
    expect(first.out).toMatch(/\n {4}Iban: +NL91ABNA0417164300\n/);
    expect(first.out).toMatch(/\n {4}Ad: +Kerkstraat\n/);

    // An update of an older demo person makes it the most recent.
    const older = JSON.parse((await stored('KnPerson', '--last', '3', '--json')).out).records as Stored[];
    const other = older.find((r) => r.keys.BcCo !== bcCo)!.keys.BcCo as string;
    await write('update', 'KnPerson', {
      KnPerson: { Element: { Fields: { BcCo: other, MatchPer: '0', LaNm: 'Bakker' } } },
    });
    const now = JSON.parse((await stored('KnPerson', '--last', '2', '--json')).out).records as Stored[];
    expect(now.map((r) => [r.keys.BcCo, r.fields.LaNm])).toEqual([
      [other, 'Bakker'],
      [bcCo, 'Dijk'],
    ]);
  });

  it('nests an order with its lines in order, each line by its key', async () => {
    if (!demo) return;
    const article = (await demo.client.get('Profit_Article', { take: 1 })).rows[0] as { ItemCode: string };
    const written = await write('insert', 'FbSales', {
      FbSales: {
        Element: {
          Fields: { DbId: '10001', OrDa: '2026-03-01', RfCs: 'PO-stored' },
          Objects: {
            FbSalesLines: {
              Element: [
                { Fields: { VaIt: '2', ItCd: article.ItemCode, BiUn: 'stk', QuUn: 2 } },
                { Fields: { VaIt: '2', ItCd: article.ItemCode, BiUn: 'stk', QuUn: 1, Upri: 10 } },
              ],
            },
          },
        },
      },
    });
    const orNu = JSON.parse(written).results.FbSales.OrNu as string;
    const result = await stored('FbSales', '--key', `OrNu=${orNu}`, '--json');
    const [order] = JSON.parse(result.out).records as Stored[];
    expect(order!.fields).toMatchObject({ DbId: '10001', OrDa: '2026-03-01T00:00:00', RfCs: 'PO-stored' });
    expect(order!.objects.FbSalesLines!.map((l) => [l.keys.SeNo, l.fields.ItCd, l.fields.QuUn, l.fields.Upri])).toEqual(
      [
        [1, article.ItemCode, 2, expect.any(Number)],
        [2, article.ItemCode, 1, 10],
      ],
    );
  });

  it('names what is wrong, with the exit codes of the other administration commands', async () => {
    if (!demo) return;
    expect(await stored('KnPersn')).toMatchObject({
      code: EXIT.notFound,
      err: "error: UpdateConnector 'KnPersn' is not defined; did you mean 'KnPerson'?\n",
    });
    expect((await stored('KnPerson', '--env', 'O12345AB')).err).toBe(
      "error: environment O12345AB does not exist; did you mean 'O12345AA'?\n",
    );
    expect(await stored('KnPerson', '--key', '@BcC=1')).toMatchObject({
      code: EXIT.notFound,
      err: "error: object 'KnPerson' has no key or stored field 'BcC'; did you mean 'BcCo' or 'BcId'?\n",
    });
    expect(await stored('KnPerson', '--key', 'DaBi=yesterday')).toMatchObject({
      code: EXIT.usage,
      err: "error: 'yesterday' is not a valid date for DaBi\n",
    });
    expect(await stored('KnPerson', '--key', '@BcCo=no-such-person')).toMatchObject({
      code: EXIT.notFound,
      out: '(none)\n',
      err: 'error: no KnPerson record in O12345AA with @BcCo=no-such-person\n',
    });
    expect((await stored('KnPerson', '--last', '0')).code).toBe(EXIT.usage);
    expect((await stored('KnPerson', '--key', 'BcCo')).code).toBe(EXIT.usage);
    const help = await cli('stored', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/Usage: appconnector stored \[options\] <connector>/);
    expect(help.out).toMatch(/--key <Name=value>/);
  });
});
