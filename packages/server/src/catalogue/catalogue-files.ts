// Reads the copy of AFAS's published catalogue inside the project (catalogue/published/update/*.json): the facts of
// every UpdateConnector AFAS documents, validated for shape. Pure reading; what to build from them is elsewhere.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The published UpdateConnector descriptions shipped with the server. */
export const CATALOGUE_UPDATE_DIR = fileURLToPath(new URL('../../catalogue/published/update', import.meta.url));

const catalogueFieldSchema = z.object({
  fieldId: z.string().regex(/^[A-Za-z0-9_-]+$/),
  dataType: z.enum(['string', 'int', 'decimal', 'date', 'boolean', 'blob']),
  label: z.string(),
  labelNl: z.string().optional(),
  /** The descriptions' "required" (on POST); a hint: some of these Profit fills itself. */
  mandatory: z.boolean(),
  length: z.number().int().positive().optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  /** 0.01: two decimals. */
  multipleOf: z.number().positive().optional(),
  enum: z.array(z.union([z.string(), z.number()])).optional(),
  values: z
    .array(z.object({ id: z.union([z.string(), z.number()]).transform(String), description: z.string() }))
    .optional(),
});

const catalogueObjectSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9_-]+$/),
  elementArray: z.boolean(),
  keyAttributes: z.array(z.string()).default([]),
  fields: z.array(catalogueFieldSchema),
  // Typed by hand: inferring a recursive getter depends on the order the checker meets files in.
  get objects(): z.ZodDefault<z.ZodArray<typeof catalogueObjectSchema>> {
    return z.array(catalogueObjectSchema).default([]);
  },
});

export const catalogueConnectorSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_]+$/),
  description: z.string(),
  descriptionNl: z.string().optional(),
  rootObject: z.string(),
  verbs: z.array(z.enum(['post', 'put'])),
  subObjectUrls: z.array(z.string()).default([]),
  /** `/connectors/X/X/@A,@B/{A},{B}`, possibly with further object/keys/values levels. */
  deleteUrls: z.array(z.string()).default([]),
  /** Per object path (`KnPerson/KnBasicAddressAdr`): the fields a PUT requires. */
  mandatoryOnPut: z.record(z.string(), z.array(z.string())).optional(),
  tree: catalogueObjectSchema,
});

export type CatalogueField = z.infer<typeof catalogueFieldSchema>;
export type CatalogueObject = z.infer<typeof catalogueObjectSchema>;
export type CatalogueConnector = z.infer<typeof catalogueConnectorSchema>;

/**
 * The parsed shipped catalogue (~4 MB of heap), held weakly: boot and the compile of an environment's set read it
 * several times in a row, but a server at rest needs only what the compiled registries took from it.
 */
// WeakRef<object>: WeakRef<CatalogueConnector[]> makes tsc check the recursive schema type too early.
let cached: WeakRef<object> | undefined;

/** What the schema's defaults would add: the files leave out empty `objects`. */
function withDefaults(connector: CatalogueConnector): CatalogueConnector {
  const fill = (object: CatalogueObject): void => {
    object.objects ??= [];
    object.keyAttributes ??= [];
    object.objects.forEach(fill);
  };
  fill(connector.tree);
  connector.subObjectUrls ??= [];
  connector.deleteUrls ??= [];
  return connector;
}

/**
 * Every UpdateConnector of the catalogue, by file name order, read again only after the last reader let go of it.
 * The shipped copy is trusted at start (a test checks every file against the schema, which costs more than the rest of the generation); another
 * directory is checked.
 */
export function readCatalogueUpdateConnectors(dir = CATALOGUE_UPDATE_DIR): CatalogueConnector[] {
  const kept = dir === CATALOGUE_UPDATE_DIR ? (cached?.deref() as CatalogueConnector[] | undefined) : undefined;
  if (kept) return kept;
  const validate = dir !== CATALOGUE_UPDATE_DIR;
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.json') && !name.startsWith('_'))
    .sort();
  const connectors = files.map((name) => {
    const json: unknown = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    if (!validate) return withDefaults(json as CatalogueConnector);
    const parsed = catalogueConnectorSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`catalogue ${name}: ${issue.path.join('.')}: ${issue.message}`);
    }
    return parsed.data;
  });
  if (dir === CATALOGUE_UPDATE_DIR) cached = new WeakRef(connectors);
  return connectors;
}
