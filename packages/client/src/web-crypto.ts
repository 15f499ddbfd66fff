// The bits of WebCrypto the OAuth parts share: base64 (url), random text and SHA-256, on `globalThis.crypto` only.
// Must not import node: modules: the SDK runs in browsers, where a page needs a secure context for crypto.subtle.

const UTF8 = new TextEncoder();

/** `crypto.subtle`, or an error that says why it is missing (a browser page served over plain http). */
export function subtle(): SubtleCrypto {
  const found = globalThis.crypto?.subtle;
  if (!found) {
    throw new TypeError('WebCrypto (crypto.subtle) is not available here: a browser page needs https or localhost');
  }
  return found;
}

/** RFC 4648 section 4 of a text's UTF-8 bytes, or of bytes: `btoa` takes only Latin-1 text. */
export function base64(data: Uint8Array | ArrayBuffer | string): string {
  const bytes = typeof data === 'string' ? UTF8.encode(data) : data instanceof Uint8Array ? data : new Uint8Array(data);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** RFC 4648 section 5, without padding (what JWS, PKCE and DPoP use). */
export function base64url(data: Uint8Array | ArrayBuffer | string): string {
  return base64(data).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** `bytes` random bytes as base64url text (32 bytes: 43 characters, 256 bits). */
export function randomText(bytes = 32): string {
  return base64url(globalThis.crypto.getRandomValues(new Uint8Array(bytes)));
}

/** base64url of the SHA-256 of a text's UTF-8 bytes. */
export async function sha256(text: string): Promise<string> {
  return base64url(await subtle().digest('SHA-256', UTF8.encode(text)));
}
