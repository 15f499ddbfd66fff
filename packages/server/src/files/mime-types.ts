// MIME types of stored files: from a file name's extension, or from an image's first bytes. Shared by the write
// rules that store files and the endpoints that serve them; must not read files or decode images.

import { extname } from 'node:path';

const BY_EXTENSION: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.xml': 'application/xml',
  '.json': 'application/json',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.zip': 'application/zip',
};

export const UNKNOWN_MIME_TYPE = 'application/octet-stream';

export function mimeTypeOf(fileName: string): string {
  return BY_EXTENSION[extname(fileName).toLowerCase()] ?? UNKNOWN_MIME_TYPE;
}

const startsWith = (bytes: Uint8Array, at: number, signature: readonly number[]) =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);

/**
 * The type of an image by its signature, undefined for anything else. Clients often send a picture without a name
 * or under a wrong one (`foto.jpg` holding a PNG); the bytes are what a browser will go by.
 */
export function imageMimeOf(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, 0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, 0, [0x47, 0x49, 0x46, 0x38])) return 'image/gif';
  if (startsWith(bytes, 0, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, 8, [0x57, 0x45, 0x42, 0x50]))
    return 'image/webp';
  if (startsWith(bytes, 0, [0x42, 0x4d])) return 'image/bmp';
  return undefined;
}
