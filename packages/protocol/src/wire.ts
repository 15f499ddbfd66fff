// Wire shapes of ProfitRestServices responses and requests (PROTOCOL.md sections 3-5, 7).
// Key order in these interfaces is the key order on the wire.

export type DataType = 'string' | 'int' | 'decimal' | 'date' | 'boolean' | 'blob';
export const DATA_TYPES: readonly DataType[] = ['string', 'int', 'decimal', 'date', 'boolean', 'blob'];

export type EnvironmentType = 'production' | 'test' | 'accept' | 'cursus';
export const ENVIRONMENT_TYPES: readonly EnvironmentType[] = ['production', 'test', 'accept', 'cursus'];

/** Host label of each environment type: `{n}.rest{label}.afas.online`. */
export const HOST_LABELS: Record<EnvironmentType, string> = {
  production: 'rest',
  test: 'resttest',
  accept: 'restaccept',
  cursus: 'restcursus',
};

/** The type letter that starts an environment name (`O12345AA`, `T12345AA`, `A12345AA`, `C12345AA`). */
export const ENVIRONMENT_LETTERS: Record<EnvironmentType, string> = {
  production: 'O',
  test: 'T',
  accept: 'A',
  cursus: 'C',
};

export type RowValue = string | number | boolean | null;
export type Row = Record<string, RowValue>;

export interface GetResponse<R = Row> {
  skip: number;
  take: number;
  rows: R[];
}

export interface MetainfoList {
  updateConnectors: { id: string; description: string }[];
  getConnectors: { id: string; description: string }[];
  info: { envid: string; appName: string; group: string; tokenExpiry: string };
}

export interface GetField {
  id: string;
  fieldId: string;
  dataType: DataType;
  label: string;
  length: number;
  controlType: number;
  decimals: number;
  decimalsFieldId: string;
}

export interface GetMetainfo {
  name: string;
  description: string;
  fields: GetField[];
}

export interface CodeValue {
  id: string;
  description: string;
}

export interface UpdateField {
  fieldId: string;
  primaryKey: boolean;
  dataType: DataType;
  label: string;
  mandatory: boolean;
  length: number;
  decimals: number;
  decimalFieldId: string;
  notzero: boolean;
  controlType: number;
  values: CodeValue[] | null;
}

export interface UpdateObjectMetainfo {
  name: string;
  fields: UpdateField[];
  objects: UpdateObjectMetainfo[];
}

export interface UpdateMetainfo extends UpdateObjectMetainfo {
  id: string;
  description: string;
}

/** 201 answer of an UpdateConnector: keys of what was written, values as strings. */
export interface UpdateResults {
  results: Record<string, Record<string, string> | Record<string, string>[]>;
}

export interface FileResponse {
  filename: string;
  mimetype: string;
  filedata: string;
}

export interface ProfitVersion {
  version: string;
}

/** Defaults of a GetConnector call without skip/take. */
export const DEFAULT_SKIP = 0;
export const DEFAULT_TAKE = 100;
/** The part of the URL from `?` on may be at most this long; longer answers 404. */
export const MAX_QUERY_LENGTH = 2049;
/** One call may be at most 75 MB; larger answers 413. */
export const MAX_BODY_BYTES = 75 * 1024 * 1024;
