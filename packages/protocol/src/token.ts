// The classic AFAS token: `<token><version>1</version><data>64 hex</data></token>`, sent base64-encoded in
// `Authorization: AfasToken ...`. Encoding, decoding and normalising only; hashing and storage are the server's.

const TOKEN_XML = /^\s*<token>\s*<version>\s*1\s*<\/version>\s*<data>\s*([0-9A-Fa-f]{64})\s*<\/data>\s*<\/token>\s*$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const HEX64 = /^[0-9A-Fa-f]{64}$/;

export function tokenXml(data: string): string {
  if (!HEX64.test(data)) throw new Error('token data must be 64 hexadecimal characters');
  return `<token><version>1</version><data>${data}</data></token>`;
}

/** The 64-hex data of a token XML string, or undefined when it is not of that form. */
export function tokenData(xml: string): string | undefined {
  return TOKEN_XML.exec(xml)?.[1];
}

function toBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

// Decodes each call's Authorization header; fatal: bytes that are not UTF-8 are not a token.
const UTF8 = new TextDecoder('utf-8', { fatal: true });

function fromBase64(text: string): string | undefined {
  if (!BASE64.test(text) || text.length % 4 === 1) return undefined;
  try {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The value of the Authorization header for a token XML. */
export function authorizationHeader(xml: string): string {
  return `AfasToken ${toBase64(xml)}`;
}

export type DecodedAuthorization =
  | { kind: 'token'; data: string }
  /** An OAuth access token: `Bearer` (RFC 6750) or `DPoP` (RFC 9449, with a proof in the DPoP header). */
  | { kind: 'bearer' | 'dpop'; token: string }
  | { kind: 'error'; reason: 'missing' | 'scheme' | 'notBase64' | 'malformed' };

export interface DecodeOptions {
  /** Also take the raw token XML after `AfasToken ` (Profit before 7: `profitBehaviour(version).tokens`). */
  rawXml?: boolean;
}

/** `AfasToken <token>...</token>`: the XML may hold spaces, so it is the rest of the header. */
const RAW_XML_HEADER = /^\s*afastoken\s+(<[\s\S]*>)\s*$/i;

/** Reads an Authorization header as the server must: separates missing, malformed and well-formed credentials. */
export function decodeAuthorization(header: string | undefined, options: DecodeOptions = {}): DecodedAuthorization {
  if (header === undefined || header.trim() === '') return { kind: 'error', reason: 'missing' };
  if (options.rawXml) {
    const raw = RAW_XML_HEADER.exec(header);
    if (raw) {
      const data = tokenData(raw[1]!);
      return data ? { kind: 'token', data: data.toUpperCase() } : { kind: 'error', reason: 'malformed' };
    }
  }
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(header);
  if (!match) return { kind: 'error', reason: 'scheme' };
  const scheme = match[1]!.toLowerCase();
  const credentials = match[2]!;
  if (scheme === 'bearer' || scheme === 'dpop') return { kind: scheme, token: credentials };
  if (scheme !== 'afastoken') return { kind: 'error', reason: 'scheme' };
  if (credentials.startsWith('<') || tokenData(credentials)) return { kind: 'error', reason: 'notBase64' };
  const xml = fromBase64(credentials);
  if (xml === undefined) return { kind: 'error', reason: 'notBase64' };
  const data = tokenData(xml);
  return data ? { kind: 'token', data: data.toUpperCase() } : { kind: 'error', reason: 'malformed' };
}

/**
 * Accepts a token as the XML, as the bare 64-hex data, or as the base64 of the XML, and gives the XML.
 * Clients normalise once with this, so users may paste whatever form they were given.
 */
export function normalizeToken(input: string): string {
  const text = input.trim();
  if (HEX64.test(text)) return tokenXml(text);
  if (tokenData(text)) return text;
  const decoded = fromBase64(text);
  if (decoded !== undefined && tokenData(decoded)) return decoded.trim();
  throw new Error('not a token: expected the token XML, its 64-hex data, or its base64 form');
}
