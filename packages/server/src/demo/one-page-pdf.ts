// A real one-page PDF with one line of text (a correct xref table, a few hundred bytes): the demo's dossier scans
// and the anonymiser's placeholder for a replaced PDF. Deterministic; knows nothing of tables.

/** The page in points (A4 is 595 x 842) and where its one line of Helvetica stands. */
export interface PdfPage {
  width: number;
  height: number;
  fontSize: number;
  x: number;
  y: number;
}

/** `text` must be ASCII without parentheses or backslashes: characters are bytes, so the xref offsets hold. */
export function onePagePdf(text: string, page: PdfPage): Uint8Array {
  const content = `BT /F1 ${page.fontSize} Tf ${page.x} ${page.y} Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${page.width} ${page.height}] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>`,
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}
