// How File- and SubjectConnector URLs spell file names and ids: AFAS tells callers to write `_` as `_5f`
// (`Invoice_nr3734.pdf` is asked for as `Invoice_5fnr3734.pdf`), and clients also send the plain `_`. Text only.

const ESCAPED_UNDERSCORE = /_5f/gi;

/**
 * The values a name or id from the URL may stand for: `_5f` decoded to `_`, and the text as sent (a stored name
 * may itself hold `_5f`). One spelling when they are the same.
 */
export function fileNameSpellings(raw: string): string[] {
  const decoded = raw.replace(ESCAPED_UNDERSCORE, '_');
  return decoded === raw ? [raw] : [decoded, raw];
}
