// The PDF renderer on its own: any stored text (control characters, lone surrogates, scripts DejaVu lacks, memo
// lengths) renders into a PDF that PDF.js reads back, and text it can print comes back as it was stored.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { servedDefinitions } from '../src/catalogue/catalogue-definitions.ts';
import { sqliteDialect } from '../src/db/dialect.ts';
import { compileDefinitions } from '../src/definitions/compile.ts';
import { DEMO_DEFINITIONS, loadDefinitions } from '../src/definitions/load.ts';
import { renderReportPdf } from '../src/report/render-pdf.ts';
import { cellFormatter } from '../src/report/report-values.ts';
import { readPdf } from './support/pdf-text.ts';

// The demo's Debtor_list reads Profit_Debtor, a GetConnector generated from the catalogue.
const registry = compileDefinitions(servedDefinitions(loadDefinitions(DEMO_DEFINITIONS)), sqliteDialect);
const debtors = registry.reports.get('Debtor_list')!;
const connector = registry.getConnectors.get(debtors.getConnector)!;

/** A Profit_Debtor row (in the GetConnector's field order) with these texts as name and e-mail. */
function debtorRow(id: string, name: string, email: string): unknown[] {
  const row: unknown[] = connector.fields.map(() => null);
  row[connector.fields.indexOf(connector.byId.get('DebtorId')!)] = id;
  row[connector.fields.indexOf(connector.byId.get('DebtorName')!)] = name;
  row[connector.fields.indexOf(connector.byId.get('Email')!)] = email;
  row[connector.fields.indexOf(connector.byId.get('CreditLimit')!)] = 12345.5;
  row[connector.fields.indexOf(connector.byId.get('Blocked')!)] = true;
  return row;
}

const options = { language: 'nl' as const, createdAt: new Date('2026-03-01T08:30:00Z'), truncated: false };

describe('renderReportPdf', () => {
  it('prints Dutch and other European text as stored, numbers and booleans in the language', async () => {
    const names = ['Café De Gouden Leeuw', 'Noëlle Ĳsselstein', 'Łukasz Żółć', 'Øystein Ærø', 'Ελένη', 'Дмитрий'];
    const rows = names.map((name, i) => debtorRow(String(10000 + i), name, `${i}@voorbeeld.nl`));
    const pdf = await readPdf(await renderReportPdf(debtors, rows, options));
    const items = pdf.pages.flat();
    for (const name of names) expect(items).toContain(name);
    expect(items).toContain('12.345,50');
    expect(items).toContain('Ja');
    expect(items).toContain('Aangemaakt op 01-03-2026 08:30 UTC · 6 regels');
    expect(pdf.title).toBe('Debiteuren');
    expect(pdf.creationDate).toEqual(options.createdAt);
  });

  it('cuts text wider than its column with an ellipsis, and prints an empty report', async () => {
    const long = 'Zeer lange naam '.repeat(40);
    const pdf = await readPdf(await renderReportPdf(debtors, [debtorRow('1', long, 'a@b.nl')], options));
    const cut = pdf.pages.flat().find((item) => item.startsWith('Zeer lange naam'));
    expect(cut).toMatch(/^Zeer lange naam .*…$/);
    expect(cut!.length).toBeLessThan(long.length);
    const empty = await readPdf(await renderReportPdf(debtors, [], options));
    expect(empty.pages).toHaveLength(1);
    expect(empty.pages[0]).toContain('Geen regels.');
  });

  it('renders any text into a PDF that reads back, with every row id on its pages', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 40 })),
          {
            maxLength: 80,
          },
        ),
        async (texts) => {
          const rows = texts.map(([name, email], i) => debtorRow(`R${String(i).padStart(4, '0')}`, name, email));
          const bytes = await renderReportPdf(debtors, rows, options);
          const pdf = await readPdf(bytes);
          const ids = pdf.pages.flat().filter((item) => /^R\d{4}$/.test(item));
          expect(ids).toEqual(rows.map((row) => row[connector.fields.indexOf(connector.byId.get('DebtorId')!)]));
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe('cell formats', () => {
  it.each([
    ['date', 0, 'nl', '2026-03-01T00:00:00', '01-03-2026'],
    ['date', 0, 'en', '2026-03-01T14:05:00', '2026-03-01 14:05'],
    ['decimal', 2, 'nl', 1234.5, '1.234,50'],
    ['decimal', 2, 'en', '1234.5', '1,234.50'],
    ['int', 0, 'nl', 123456, '123456'],
    ['boolean', 0, 'en', 0, 'No'],
    ['string', 0, 'nl', 'a\r\nb\tc', 'a b c'],
    ['string', 0, 'nl', null, ''],
  ] as const)('%s (%i decimals, %s): %j -> %j', (dataType, decimals, language, value, text) => {
    expect(cellFormatter({ dataType, decimals }, language)(value)).toBe(text);
  });
});
