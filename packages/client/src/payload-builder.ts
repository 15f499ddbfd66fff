// Builds UpdateConnector bodies in AFAS's nested form: {"Root":{"Element":{"@Key":..,"Fields":{..},"Objects":[..]}}}.
// Must not check values against metainfo: payload-validator does that, on the built payload.

import { formatFilterDate } from './dates.ts';

export type KeyValue = string | number | boolean;
export type FieldValue = string | number | boolean | null;
export type UpdateAction = 'insert' | 'update' | 'delete';

/** One element on the wire. Key attributes start with `@`. */
export interface PayloadElement {
  [key: `@${string}`]: KeyValue | undefined;
  Fields?: Record<string, FieldValue>;
  Objects?: Array<Record<string, { Element: PayloadElement | PayloadElement[] }>>;
}

/** A whole body: one root object, whose Element is one record or several (one transaction). */
export type UpdatePayload = Record<string, { Element: PayloadElement | PayloadElement[] }>;

/** One record as the builder takes it; values may also be Dates (written as Amsterdam local time). */
export interface ElementInput {
  /** Key attributes, without or with the `@`: `{ SbId: 5 }` gives `"@SbId": 5`. */
  keys?: Record<string, KeyValue | Date>;
  fields?: Record<string, FieldValue | Date | undefined>;
  /** Nested objects by name, one record or several each. */
  objects?: Record<string, ElementInput | ElementInput[]>;
  /** Action of a nested record (`@Action` inside Fields, as AFAS documents it now). */
  action?: UpdateAction;
}

function scalar<T>(value: T | Date): T | string {
  return value instanceof Date ? formatFilterDate(value) : value;
}

/** One wire element; undefined field values are left out, so optional inputs can be spread in. */
export function element(input: ElementInput): PayloadElement {
  const out: PayloadElement = {};
  for (const [name, value] of Object.entries(input.keys ?? {})) {
    out[(name.startsWith('@') ? name : `@${name}`) as `@${string}`] = scalar(value);
  }
  const fields: Record<string, FieldValue> = {};
  if (input.action !== undefined) fields['@Action'] = input.action;
  for (const [name, value] of Object.entries(input.fields ?? {})) {
    if (value !== undefined) fields[name] = scalar(value);
  }
  if (Object.keys(fields).length > 0) out.Fields = fields;
  const objects = Object.entries(input.objects ?? {});
  if (objects.length > 0) {
    // The array of one-key objects is the form AFAS's own examples use; nested Element is always a list.
    out.Objects = objects.map(([name, value]) => ({
      [name]: { Element: (Array.isArray(value) ? value : [value]).map(element) },
    }));
  }
  return out;
}

/** The element type of a payload type: `{ Root: { Element: E | E[] } }` gives E. */
type ElementOfPayload<P> = P[keyof P] extends { Element: infer E } ? (E extends readonly (infer X)[] ? X : E) : never;

type ElementOfMember<M> =
  NonNullable<M> extends { Element: infer E } ? (E extends readonly (infer X)[] ? X : E) : never;

/** Field values as the builder takes them: text fields (not code tables) also as Dates. */
type FieldsInput<F> = {
  [K in keyof F as K extends '@Action' ? never : K]: F[K] | (string extends F[K] ? Date : never);
};

type KeysInput<E> = { [K in keyof E as K extends `@${infer N}` ? (N extends 'Action' ? never : N) : never]?: E[K] };

type FieldsPart<E> = E extends { Fields: infer F }
  ? { fields: FieldsInput<F> }
  : E extends { Fields?: infer F }
    ? { fields?: FieldsInput<NonNullable<F>> }
    : { fields?: undefined };

type ObjectsPart<E> = E extends { Objects?: infer O }
  ? Exclude<NonNullable<O>, readonly unknown[]> extends infer Named
    ? { objects?: { [N in keyof Named]?: InputOf<ElementOfMember<Named[N]>> | InputOf<ElementOfMember<Named[N]>>[] } }
    : never
  : { objects?: undefined };

/**
 * The builder's input for an element type that `generateTypes` wrote: keys without `@`, fields (the mandatory ones
 * required in the POST types), nested objects by name. Untyped payloads take any ElementInput.
 */
export type InputOf<E> = PayloadElement extends E
  ? ElementInput
  : { keys?: KeysInput<E>; action?: UpdateAction } & FieldsPart<E> & ObjectsPart<E>;

/** The records `buildPayload` takes for a payload type. */
export type PayloadInput<P> = InputOf<ElementOfPayload<P>>;

/**
 * A body for the root object (the connector's top object, which may differ from the connector id). With a generated
 * payload type, `buildPayload<KnPersonPayload>('KnPerson', { fields: { ... } })` checks field ids, code values and
 * mandatory fields at compile time and returns that type, so `client.insert('KnPerson', …)` takes it without a cast.
 */
export function buildPayload<P extends object = UpdatePayload>(
  rootObject: NoInfer<Extract<keyof P, string>>,
  records: PayloadInput<P> | PayloadInput<P>[],
): P;
export function buildPayload(rootObject: string, records: ElementInput | ElementInput[]): UpdatePayload {
  if (rootObject === '') throw new TypeError('the root object name must not be empty');
  const list = Array.isArray(records) ? records : [records];
  if (list.length === 0) throw new TypeError('a payload needs at least one record');
  return { [rootObject]: { Element: list.length === 1 ? element(list[0]!) : list.map(element) } };
}
