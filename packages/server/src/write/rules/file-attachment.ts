// Rule `file-attachment` (KnSubjectAttachment): a file sent as base64 (FileStream) is stored as bytes with its
// size and a MIME type guessed from the file name (the file id when none is given), so SubjectConnector serves it.

import { mimeTypeOf } from '../../files/mime-types.ts';
import type { WriteRule } from './rule.ts';

export const fileAttachment: WriteRule = {
  description: 'stores FileStream (base64) as bytes with file_size and a mime_type from FileName',
  requires: { fields: ['FileName', 'FileStream', 'FileId'], columns: ['file_size', 'mime_type', 'file_name'] },
  // FileName is optional in AFAS's description; a file still needs a name to be served, so it gets its id.
  sets: ['file_name'],
  beforeWrite(context) {
    if (context.action === 'insert' && context.column('file_name') == null)
      context.changes.file_name = String(context.value('FileId') ?? 'bijlage');
    const data = context.record.values.get('FileStream');
    if (context.record.values.has('FileStream')) context.changes.file_size = Buffer.isBuffer(data) ? data.length : null;
    const name = context.value('FileName');
    if (context.record.values.has('FileName') && typeof name === 'string') context.changes.mime_type = mimeTypeOf(name);
  },
};
