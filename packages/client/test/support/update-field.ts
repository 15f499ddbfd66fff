// An UpdateConnector metainfo field for tests: a plain optional text field unless `more` says otherwise.

import type { UpdateField } from '@appconnector/protocol';

export function updateField(fieldId: string, more: Partial<UpdateField> = {}): UpdateField {
  return {
    fieldId,
    primaryKey: false,
    dataType: 'string',
    label: fieldId,
    mandatory: false,
    length: 0,
    decimals: 0,
    decimalFieldId: '',
    notzero: false,
    controlType: 1,
    values: null,
    ...more,
  };
}
