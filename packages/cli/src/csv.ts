// CSV text of GetConnector rows (RFC 4180 quoting, UTF-8): one line at a time, so callers can stream. Dialects:
// the standard one (`,`, `\n`) and Dutch Excel's (`;`, CRLF, a BOM, decimal commas), which opens without garbling.
// Must not write files or choose columns: the caller gives the columns (field ids) in the order it wants.

export interface CsvDialect {
  delimiter: ',' | ';' | '\t';
  /** Line end: `\n`, or `\r\n` as Excel writes. */
  newline: '\n' | '\r\n';
  /** A UTF-8 byte order mark first, so Excel reads the file as UTF-8 rather than the Windows code page. */
  bom: boolean;
  /** Numbers with a decimal comma (1234,5), as Excel in a Dutch locale reads them. */
  decimalComma: boolean;
}

export const CSV_DIALECTS = {
  standard: { delimiter: ',', newline: '\n', bom: false, decimalComma: false },
  'excel-nl': { delimiter: ';', newline: '\r\n', bom: true, decimalComma: true },
} as const satisfies Record<string, CsvDialect>;

export type CsvPreset = keyof typeof CSV_DIALECTS;

/** A value as a CSV field: empty for null, `true`/`false`, numbers as JSON writes them, text quoted when needed. */
export function csvField(value: unknown, dialect: CsvDialect = CSV_DIALECTS.standard): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && dialect.decimalComma) return String(value).replace('.', ',');
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  const special = text.includes(dialect.delimiter) || /["\r\n]/.test(text);
  return special ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(columns: readonly string[], dialect: CsvDialect = CSV_DIALECTS.standard): string {
  return `${dialect.bom ? '\uFEFF' : ''}${columns.map((c) => csvField(c, dialect)).join(dialect.delimiter)}${dialect.newline}`;
}

export function csvLine(
  row: Record<string, unknown>,
  columns: readonly string[],
  dialect: CsvDialect = CSV_DIALECTS.standard,
): string {
  let line = '';
  for (let i = 0; i < columns.length; i++) {
    if (i > 0) line += dialect.delimiter;
    line += csvField(row[columns[i]!], dialect);
  }
  return `${line}${dialect.newline}`;
}
