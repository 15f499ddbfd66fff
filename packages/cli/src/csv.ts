// CSV text of GetConnector rows (RFC 4180 quoting, `\n` line ends, UTF-8): one line at a time, so callers can stream.
// Must not write files or choose columns: the caller gives the columns (field ids) in the order it wants.

/** A value as a CSV field: empty for null, `true`/`false`, numbers as JSON writes them, text quoted when needed. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(columns: readonly string[]): string {
  return `${columns.map(csvField).join(',')}\n`;
}

export function csvLine(row: Record<string, unknown>, columns: readonly string[]): string {
  let line = '';
  for (let i = 0; i < columns.length; i++) {
    if (i > 0) line += ',';
    line += csvField(row[columns[i]!]);
  }
  return `${line}\n`;
}
