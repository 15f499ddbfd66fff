// Render stage of ReportConnector: the rows of a report as a paginated PDF table (pdfkit, DejaVu Sans embedded so
// every Dutch and other European character prints), its title and creation date in the document's metadata.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Language } from '@appconnector/protocol';
import type PDFKit from 'pdfkit';
import type { CompiledReport } from './report-compile.ts';
import { alignmentOf, cellFormatter } from './report-values.ts';

export interface RenderOptions {
  language: Language;
  /** Printed on the first page and stored as the document's CreationDate. */
  createdAt: Date;
  /** More rows matched than the report's row limit; the first page says so. */
  truncated: boolean;
}

const MARGIN = 36;
const FONT_SIZE = 8;
const ROW_HEIGHT = 13;
const PADDING = 3;
/** A cell shows one line: longer text is cut with an ellipsis, and measured only up to this many characters. */
const MEASURED_CHARS = 200;

const TEXTS = {
  nl: {
    created: 'Aangemaakt op',
    rows: (n: number) => `${n} ${n === 1 ? 'regel' : 'regels'}`,
    truncated: (n: number) => `Alleen de eerste ${n} regels: verfijn het filter voor de rest.`,
    none: 'Geen regels.',
    page: (n: number, of: number) => `Pagina ${n} van ${of}`,
  },
  en: {
    created: 'Created on',
    rows: (n: number) => `${n} ${n === 1 ? 'row' : 'rows'}`,
    truncated: (n: number) => `Only the first ${n} rows: narrow the filter for the rest.`,
    none: 'No rows.',
    page: (n: number, of: number) => `Page ${n} of ${of}`,
  },
} as const;

interface Loaded {
  PDFDocument: typeof PDFKit;
  regular: Buffer;
  bold: Buffer;
}

let loading: Promise<Loaded> | undefined;

/** pdfkit and the fonts load on the first report, so that a server that prints none does not start slower. */
function load(): Promise<Loaded> {
  loading ??= (async () => {
    const { default: PDFDocument } = await import('pdfkit');
    const require = createRequire(import.meta.url);
    const font = (name: string) => readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${name}`));
    return { PDFDocument, regular: font('DejaVuSans.ttf'), bold: font('DejaVuSans-Bold.ttf') };
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** The text cut to fit the width, with an ellipsis; whole characters only (never half a surrogate pair). */
function fit(doc: PDFKit.PDFDocument, text: string, width: number): string {
  const short = text.length > MEASURED_CHARS ? text.slice(0, MEASURED_CHARS) : text;
  if (short === text && doc.widthOfString(text) <= width) return text;
  const chars = Array.from(short);
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (doc.widthOfString(`${chars.slice(0, middle).join('')}…`) <= width) low = middle;
    else high = middle - 1;
  }
  return `${chars.slice(0, low).join('')}…`;
}

/** When the report was made, to the minute (also at midnight, which a date cell would leave out), in UTC. */
function createdText(at: Date, language: Language): string {
  const iso = at.toISOString();
  const date = language === 'nl' ? `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}` : iso.slice(0, 10);
  return `${date} ${iso.slice(11, 16)}`;
}

/** The narrowest a column may be, in points: a date or number whole, its heading whole up to a point. */
function minimumWidth(doc: PDFKit.PDFDocument, column: CompiledReport['columns'][number], language: Language): number {
  const sample = { date: '00-00-0000', int: '000000', decimal: '000.000,00', boolean: 'Nee' }[
    column.field.dataType as 'date' | 'int' | 'decimal' | 'boolean'
  ];
  const value = sample === undefined ? 0 : doc.font('regular').fontSize(FONT_SIZE).widthOfString(sample);
  const heading = Math.min(doc.font('bold').fontSize(FONT_SIZE).widthOfString(column.label[language]), 90);
  return Math.max(value, heading) + 2 * PADDING + 1;
}

/**
 * Widths in points: shares of the table by the columns' weights, except that no column is narrower than its
 * minimum; the others share what is left by their weights (a few rounds settle it).
 */
function columnWidths(doc: PDFKit.PDFDocument, report: CompiledReport, tableWidth: number, language: Language) {
  const minimums = report.columns.map((column) => minimumWidth(doc, column, language));
  const fixed = new Set<number>();
  let widths: number[] = [];
  for (let round = 0; round <= report.columns.length; round++) {
    const free = tableWidth - [...fixed].reduce((sum, i) => sum + minimums[i]!, 0);
    const weight = report.columns.reduce((sum, column, i) => (fixed.has(i) ? sum : sum + column.width), 0);
    widths = report.columns.map((column, i) =>
      fixed.has(i) ? minimums[i]! : (Math.max(free, 0) * column.width) / weight,
    );
    const narrow = widths.findIndex((width, i) => !fixed.has(i) && width < minimums[i]!);
    if (narrow === -1 || fixed.size === report.columns.length - 1) break;
    fixed.add(narrow);
  }
  // Many narrow-minded columns may still not fit: then all of them shrink alike, rather than leave the page.
  const total = widths.reduce((sum, width) => sum + width, 0);
  return total > tableWidth ? widths.map((width) => (width * tableWidth) / total) : widths;
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The report as PDF bytes. Yields to the event loop after each page, so a long report does not hold up other calls. */
export async function renderReportPdf(
  report: CompiledReport,
  rows: readonly (readonly unknown[])[],
  options: RenderOptions,
): Promise<Buffer> {
  const { PDFDocument, regular, bold } = await load();
  const { language } = options;
  const texts = TEXTS[language];
  const title = report.title[language];
  const doc = new PDFDocument({
    size: 'A4',
    layout: report.orientation,
    margin: MARGIN,
    lang: language === 'nl' ? 'nl-NL' : 'en-GB',
    displayTitle: true,
    info: {
      Title: title,
      Subject: report.description[language],
      Author: 'appconnector',
      Creator: `appconnector ReportConnector ${report.id}`,
      CreationDate: options.createdAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);

  const left = MARGIN;
  const tableWidth = doc.page.width - 2 * MARGIN;
  const bottom = doc.page.height - MARGIN - ROW_HEIGHT; // the footer's line stays free
  const widths = columnWidths(doc, report, tableWidth, language);
  let x = left;
  const columns = report.columns.map((column, index) => {
    const width = widths[index]!;
    const placed = {
      ...column,
      x,
      width,
      align: alignmentOf(column.field.dataType),
      format: cellFormatter(column.field, language),
    };
    x += width;
    return placed;
  });
  const groupFormat = report.groupBy ? cellFormatter(report.groupBy.field, language) : undefined;

  const cell = (text: string, column: (typeof columns)[number], y: number) => {
    const inner = column.width - 2 * PADDING;
    doc.text(fit(doc, text, inner), column.x + PADDING, y + 3, { width: inner, align: column.align, lineBreak: false });
  };
  const tableHead = (y: number): number => {
    doc.rect(left, y, tableWidth, ROW_HEIGHT + 2).fill('#e4e8ee');
    doc.fillColor('#000000').font('bold').fontSize(FONT_SIZE);
    for (const column of columns) cell(column.label[language], column, y + 1);
    doc.font('regular');
    return y + ROW_HEIGHT + 4;
  };

  // First page: the title, when it was made and how many rows, then the table.
  doc.font('bold').fontSize(15).text(title, left, MARGIN, { width: tableWidth });
  const created = createdText(options.createdAt, language);
  doc
    .font('regular')
    .fontSize(FONT_SIZE + 1)
    .fillColor('#444444')
    .text(`${texts.created} ${created} UTC · ${texts.rows(rows.length)}`, { width: tableWidth });
  if (options.truncated) doc.text(texts.truncated(report.rowLimit), { width: tableWidth });
  doc.fillColor('#000000');
  let y = tableHead(doc.y + 8);
  if (rows.length === 0) doc.fontSize(FONT_SIZE).text(texts.none, left + PADDING, y + 3, { lineBreak: false });

  // Which rows open a group, and each group's heading with its number of rows.
  const headings: (string | undefined)[] = rows.map(() => undefined);
  if (report.groupBy && groupFormat) {
    const { field, index: at } = report.groupBy;
    const values = rows.map((row) => groupFormat(row[at]));
    const counts = new Map<string, number>();
    for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
    values.forEach((value, index) => {
      if (index === 0 || value !== values[index - 1])
        headings[index] = `${field.label[language]}: ${value === '' ? '-' : value} (${counts.get(value)})`;
    });
  }

  // The pages are laid out before anything is drawn, so that each page gets its number and the count as it is made
  // and pdfkit writes it out when the next begins. Numbering buffered pages at the end kept every page of a long
  // report in memory and wrote them all in one block (over a second of blocked event loop at 10,000 rows).
  const tableTop = MARGIN + ROW_HEIGHT + 4;
  const breaks = new Set<number>();
  let laidOut = y;
  headings.forEach((heading, index) => {
    // A group's heading never stands alone at the foot of a page.
    const needed = heading === undefined ? ROW_HEIGHT : 2 * ROW_HEIGHT + 4;
    if (laidOut + needed > bottom) {
      breaks.add(index);
      laidOut = tableTop;
    }
    laidOut += needed;
  });
  const pageCount = breaks.size + 1;
  let page = 1;
  const footer = () => {
    const at = doc.page.height - MARGIN;
    // Below the bottom margin, where pdfkit would otherwise begin a new page for the text.
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(FONT_SIZE - 1)
      .fillColor('#666666');
    doc.text(fit(doc, title, tableWidth / 2 - PADDING), left, at, { width: tableWidth / 2, lineBreak: false });
    const number = texts.page(page, pageCount);
    doc.text(number, left + tableWidth / 2, at, { width: tableWidth / 2, align: 'right', lineBreak: false });
    doc.fillColor('#000000');
  };
  footer();

  for (const [index, row] of rows.entries()) {
    if (breaks.has(index)) {
      doc.addPage();
      page++;
      await nextTick();
      footer();
      y = tableHead(MARGIN);
    }
    const heading = headings[index];
    if (heading !== undefined) {
      doc.font('bold').fontSize(FONT_SIZE + 0.5);
      doc.text(fit(doc, heading, tableWidth - 2 * PADDING), left + PADDING, y + 5, { lineBreak: false });
      doc.font('regular');
      y += ROW_HEIGHT + 4;
    }
    doc.fontSize(FONT_SIZE);
    if (index % 2 === 1) doc.rect(left, y, tableWidth, ROW_HEIGHT).fill('#f5f6f8').fillColor('#000000');
    for (const column of columns) cell(column.format(row[column.index]), column, y);
    y += ROW_HEIGHT;
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
