// Rule `file-attachment` (KnSubjectAttachment): a file sent as base64 (FileStream) is stored as bytes with its
// size and a MIME type guessed from the file name, so SubjectConnector can serve it back as it came.

import { mimeTypeOf } from '../../files/mime-types.ts';
import type { WriteRule } from './rule.ts';

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
