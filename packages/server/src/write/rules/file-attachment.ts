// Rule `file-attachment` (KnSubjectAttachment): a file sent as base64 (FileStream) is stored as bytes with its
// size and a MIME type guessed from the file name, so SubjectConnector can serve it back as it came.

import { extname } from 'node:path';
import type { WriteRule } from './rule.ts';

const MIME_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
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

export function mimeTypeOf(fileName: string): string {
  return MIME_TYPES[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

export const fileAttachment: WriteRule = {
  description: 'stores FileStream (base64) as bytes with file_size and a mime_type from FileName',
  requires: { fields: ['FileName', 'FileStream'], columns: ['file_size', 'mime_type'] },
  beforeWrite(context) {
    const data = context.record.values.get('FileStream');
    if (context.record.values.has('FileStream')) context.changes.file_size = Buffer.isBuffer(data) ? data.length : null;
    const name = context.value('FileName');
    if (context.record.values.has('FileName') && typeof name === 'string') context.changes.mime_type = mimeTypeOf(name);
  },
};
