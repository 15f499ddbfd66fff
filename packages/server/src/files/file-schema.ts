// The shape of `fileConnectors:` in definition files: which table each file endpoint (SubjectConnector,
// FileConnector, ImageConnector) reads, by which columns, and which connectors grant a token access. Shape only.

import { z } from 'zod';
import { connectorId, identifier } from '../definitions/names.ts';

export const FILE_ENDPOINTS = ['subject', 'file', 'image'] as const;
export type FileEndpoint = (typeof FILE_ENDPOINTS)[number];

export const fileConnectorSchema = z.object({
  /** subject: /SubjectConnector/{subjectId}/{fileId}; file: /FileConnector/{fileId}/{fileName}; image: /ImageConnector/{id}. */
  endpoint: z.enum(FILE_ENDPOINTS),
  table: identifier,
  /** The columns the URL's ids must equal, in URL order: subject two (dossier item, file), file and image one. */
  keys: z.array(identifier).min(1),
  /** The file name (FileConnector matches it case-insensitively); needed by subject and file. */
  name: identifier.optional(),
  /** The MIME type; absent or empty, it is derived from the name (or the image's bytes). */
  mime: identifier.optional(),
  /** The bytes (a blob column). */
  data: identifier,
  /** A token may read these files when its App Connector is linked to one of these connectors. */
  grantedBy: z
    .object({ get: z.array(connectorId).default([]), update: z.array(connectorId).default([]) })
    .refine((g) => g.get.length + g.update.length > 0, { message: 'name at least one connector' }),
});

export type FileConnectorDefinition = z.infer<typeof fileConnectorSchema>;
