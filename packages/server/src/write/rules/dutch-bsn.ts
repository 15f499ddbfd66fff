// Rule `dutch-bsn` (KnPerson): a BSN (SoSe) passes the 11-test: nine digits (eight are read with a leading zero),
// 9*d1 + 8*d2 + ... + 2*d8 - d9 divisible by 11, not all zeros. Pure check of the given value.

import { CodedError } from '@appconnector/protocol';
import type { WriteRule } from './rule.ts';

export function passesElevenTest(bsn: string): boolean {
  if (!/^\d{9}$/.test(bsn) || bsn === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(bsn[i]) * (9 - i);
  sum -= Number(bsn[8]);
  return sum % 11 === 0;
}

export const dutchBsn: WriteRule = {
  description: 'a BSN (SoSe) passes the 11-test',
  requires: { fields: ['SoSe'] },
  check(record) {
    const value = record.values.get('SoSe');
    if (typeof value !== 'string' || value.trim() === '') return;
    const digits = value.trim();
    if (!passesElevenTest(digits.length === 8 ? `0${digits}` : digits)) {
      throw new CodedError('valueInvalid', {
        object: record.object.name,
        field: 'SoSe',
        value,
        type: 'BSN (11-test)',
      });
    }
  },
};
