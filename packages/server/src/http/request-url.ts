// The raw pieces of a request URL the framework does not keep as sent: the query string exactly as the client
// wrote it (for the 2049-character rule and for our own case-insensitive parameter parsing).

export function rawQuery(url: string): string {
  const at = url.indexOf('?');
  return at === -1 ? '' : url.slice(at + 1);
}
