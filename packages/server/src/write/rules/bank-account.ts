// Rule `bank-account` (KnBankAccount): Profit knows a relation's account by its IBAN, or by its account number
// when that is not an IBAN (BaAc); neither is required, so an account without them is always a new one.

import type { WriteRule } from './rule.ts';

export const bankAccount: WriteRule = {
  description: 'finds the existing account of the relation by Iban, else by BaAc; neither given: a new account',
  requires: { fields: ['Iban', 'BaAc'], columns: ['iban', 'account_number'] },
  resolve(record) {
    const iban = record.values.get('Iban');
    if (typeof iban === 'string' && iban !== '') return { where: { iban } };
    const number = record.values.get('BaAc');
    if (typeof number === 'string' && number !== '') return { where: { account_number: number } };
    return 'new';
  },
};
