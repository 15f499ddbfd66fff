// GET metainfo/update/{id} and the UpdateConnector list of GET metainfo, rendered from the compiled trees (PROTOCOL.md
// 4): exactly the wire keys, labels in the caller's language. Must not decide rights beyond the principal's links.

import {
  CodedError,
  type Language,
  type UpdateField,
  type UpdateMetainfo,
  type UpdateObjectMetainfo,
} from '@appconnector/protocol';
import type { Registry } from '../definitions/registry.ts';
import type { UpdateMetainfoSource } from '../http/metainfo-routes.ts';
import type { WriteObject } from './compile-update.ts';

const DEFAULT_CONTROL_TYPE = { string: 1, int: 5, decimal: 5, date: 8, boolean: 4, blob: 23 } as const;

function renderObject(object: WriteObject, language: Language): UpdateObjectMetainfo {
  // Keys without a field of their own (`@DaBe`) are listed first, as key fields.
  const keyFields: UpdateField[] = object.keys
    .filter((key) => !key.field)
    .map((key) => ({
      fieldId: key.attribute,
      primaryKey: true,
      dataType: key.dataType,
      label: key.label[language],
      mandatory: key.generate === 'client',
      length: key.dataType === 'string' ? key.length : 0,
      decimals: 0,
      decimalFieldId: '',
      notzero: false,
      controlType: DEFAULT_CONTROL_TYPE[key.dataType],
      values: null,
    }));
  const fields: UpdateField[] = object.fields.map((field) => ({
    fieldId: field.fieldId,
    primaryKey: field.primaryKey,
    dataType: field.dataType,
    label: field.label[language],
    mandatory: field.mandatory || field.requiredOnInsert,
    length: field.length,
    decimals: field.decimals,
    decimalFieldId: '',
    notzero: field.notZero,
    controlType: field.controlType,
    values: field.values ? field.values.map((v) => ({ id: v.id, description: v.description[language] })) : null,
  }));
  return {
    name: object.name,
    fields: [...keyFields, ...fields],
    objects: object.objects.map((child) => renderObject(child, language)),
  };
}

export function updateMetainfoSource(registry: Registry): UpdateMetainfoSource {
  return {
    description: (id, language) => registry.updateConnectors.get(id)?.description[language],
    render(id, language): UpdateMetainfo {
      const connector = registry.updateConnectors.get(id);
      if (!connector) throw new CodedError('updateNotSupported');
      const tree = renderObject(connector.root, language);
      return { id: connector.id, description: connector.description[language], ...tree };
    },
  };
}
