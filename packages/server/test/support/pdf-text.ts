// Reads a PDF back for tests with PDF.js (the parser browsers use): its pages' text items and its metadata, so that a
// test checks what a reader of the document sees, whatever the generator compressed or how it encoded the fonts.

import { getDocument, PDFDateString } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface ReadPdf {
  /** Each page's text items (one per drawn string: a cell, a heading, a footer), in drawing order. */
  pages: string[][];
  title: string | undefined;
  creationDate: Date | undefined;
}

export async function readPdf(bytes: Uint8Array): Promise<ReadPdf> {
  const document = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false })
    .promise;
  try {
    const pages: string[][] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      pages.push(content.items.flatMap((item) => ('str' in item && item.str.trim() !== '' ? [item.str] : [])));
    }
    const info = (await document.getMetadata()).info as Record<string, unknown>;
    const created = typeof info.CreationDate === 'string' ? PDFDateString.toDateObject(info.CreationDate) : null;
    return {
      pages,
      title: typeof info.Title === 'string' ? info.Title : undefined,
      creationDate: created ?? undefined,
    };
  } finally {
    await document.destroy();
  }
}
