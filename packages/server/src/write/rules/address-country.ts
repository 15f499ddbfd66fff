// Rule `address-country` (KnBasicAddressAdr/Pad): an address has a country (CoId): given on insert and never
// emptied by an update. Pure check; that the country exists is the field's reference, checked in the transaction.

import { CodedError } from '@appconnector/protocol';
import type { WriteRule } from './rule.ts';

export const addressCountry: WriteRule = {
  description: 'an address has a country (CoId)',
  requires: { fields: ['CoId'] },
  check(record) {
    const value = record.values.get('CoId');
    const missing = record.action === 'insert' ? value === undefined || value === null : value === null;
    if (missing) throw new CodedError('mandatory', { object: record.object.name, field: 'CoId' });
  },
};
