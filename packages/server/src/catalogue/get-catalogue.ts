// The standard GetConnectors of AFAS's published catalogue (catalogue/published/get, the project's copy): their
// row fields in order, and the type each field is served as (dates where the name says so). Reads files only.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DataType } from '@appconnector/protocol';

export const GET_CATALOGUE_DIR = fileURLToPath(new URL('../../catalogue/published/get/', import.meta.url));

export interface CatalogueGetField {
  id: string;
  type: 'string' | 'int' | 'decimal' | 'boolean';
  label: string;
  labelNl?: string;
}

export interface CatalogueGetConnector {
  id: string;
  description: string;
  specFile?: string;
  fields: CatalogueGetField[];
}

/** Every GetConnector of the catalogue, sorted by id. */
export function readGetCatalogue(dir = GET_CATALOGUE_DIR): CatalogueGetConnector[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json') && !file.startsWith('_'))
    .sort()
    .map((file) => JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as CatalogueGetConnector);
}

// The catalogue lists every date as a string; these names say the field holds a date (or date-time). A capital
// `Date` anywhere or `date`/`datum` at the start (so `mandateReference` is not one), and the short codes of dates.
const DATE_NAME = /^date|Date|^datum|Datum|^Created$|^Modified$|^Gewijzigd_op|^validFrom$|^Da(Se|St|Ti)$|^DtGw$|Until$/;

/** The type a catalogue field is served as: its own, except strings whose name says date. */
export function servedType(field: Pick<CatalogueGetField, 'id' | 'type'>): DataType {
  return field.type === 'string' && DATE_NAME.test(field.id) ? 'date' : field.type;
}
