// Rule `person-image` (KnPerson, also nested in KnEmployee and KnOrganisation): a picture sent as FileStream gets a
// new image id and its MIME type, so ImageConnector can serve it; clearing FileStream removes the picture.

import { imageMimeOf, mimeTypeOf, UNKNOWN_MIME_TYPE } from '../../files/mime-types.ts';
import { newFileId } from '../write-clock.ts';
import type { WriteRule } from './rule.ts';

export const personImage: WriteRule = {
  description: 'gives a written FileStream (a picture) a new image_id and an image_mime; a cleared one clears both',
  requires: { fields: ['FileName', 'FileStream'], columns: ['image_id', 'image_mime', 'image_name'] },
  beforeWrite(context) {
    if (!context.record.values.has('FileStream')) return;
    const data = context.record.values.get('FileStream');
    if (!Buffer.isBuffer(data) || data.length === 0) {
      context.changes.image_id = null;
      context.changes.image_mime = null;
      if (!context.record.values.has('FileName')) context.changes.image_name = null;
      return;
    }
    // A new id for new bytes: an id a client saw never starts to mean another picture (and caches stay right).
    context.changes.image_id = newFileId();
    // New bytes without a name must not keep the name of the picture they replace.
    if (!context.record.values.has('FileName')) context.changes.image_name = null;
    const name = context.value('FileName');
    const byName = typeof name === 'string' ? mimeTypeOf(name) : UNKNOWN_MIME_TYPE;
    context.changes.image_mime = imageMimeOf(data) ?? byName;
  },
};
