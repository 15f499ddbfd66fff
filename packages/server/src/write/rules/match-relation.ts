// Rules `match-person` (MatchPer) and `match-organisation` (MatchOga): which stored person or organisation an element
// means, by the catalogue's code tables. They only name columns to match; the executor looks them up under a lock.

import { CodedError } from '@appconnector/protocol';
import type { WriteObject } from '../compile-update.ts';
import type { PlannedRecord } from '../write-plan.ts';
import type { Resolution, Row, WriteRule } from './rule.ts';

/** Matches on these fields; absent ones must be empty on the stored record too. Undefined when nothing is given. */
function matchOn(record: PlannedRecord, object: WriteObject, fieldIds: string[]): Resolution | undefined {
  const where: Row = {};
  let any = false;
  for (const id of fieldIds) {
    const value = record.values.get(id) ?? (record.keys.get(id) as unknown);
    const column = object.byId.get(id)?.column?.name;
    if (!column) continue;
    if (value !== undefined && value !== null) any = true;
    where[column] = value ?? null;
  }
  return any ? { where } : undefined;
}

function matchRule(
  codeField: string,
  codes: Record<string, string[] | 'new' | 'unsupported'>,
  description: string,
): WriteRule {
  const fields = [...new Set(Object.values(codes).flatMap((c) => (Array.isArray(c) ? c : [])))];
  return {
    description,
    requires: { fields: [codeField, ...fields] },
    resolve(record, object) {
      // The internal id an earlier answer gave (BcId) names the record whatever the code says.
      const id = record.values.get('BcId');
      const idColumn = object.byId.get('BcId')?.column?.name;
      if (id !== undefined && id !== null && idColumn) return { where: { [idColumn]: id } };
      const given = record.values.get(codeField);
      // Without a code, Profit's default is the number (BcCo).
      const code = given === undefined || given === null ? '0' : String(given);
      const how = codes[code];
      if (how === 'new') return 'new';
      if (how === 'unsupported' || how === undefined) {
        throw new CodedError('validation', {
          message: `Object '${object.name}': ${codeField} ${code} is not supported by this server; use ${Object.keys(
            codes,
          )
            .filter((c) => codes[c] !== 'unsupported')
            .join(', ')}.`,
        });
      }
      // Nothing to match on: a new record (or, for an update, no record: the executor says so).
      return matchOn(record, object, how) ?? 'new';
    },
    beforeWrite(context) {
      // BcId is Profit's own number: it finds a record, but a client never sets it.
      const idColumn = context.record.object.byId.get('BcId')?.column?.name;
      if (idColumn) delete context.changes[idColumn];
    },
  };
}

const NAME = ['LaNm', 'Is', 'In', 'ViGe'];

export const matchPerson = matchRule(
  'MatchPer',
  {
    '0': ['BcCo'],
    '1': ['SoSe'],
    '2': NAME,
    '3': [...NAME, 'EmAd'],
    '4': [...NAME, 'MbNr'],
    '5': [...NAME, 'TeNr'],
    '6': [...NAME, 'DaBi'],
    '7': 'new',
  },
  'finds the existing person by MatchPer: 0 BcCo, 1 BSN, 2-6 name + prefix + initials + gender (+ e-mail, mobile, phone, birth date), 7 always new',
);

export const matchOrganisation = matchRule(
  'MatchOga',
  { '0': ['BcCo'], '1': ['CcNr'], '2': ['FiNr'], '3': ['Nm'], '4': 'unsupported', '5': 'unsupported', '6': 'new' },
  'finds the existing organisation by MatchOga: 0 BcCo, 1 CoC number, 2 fiscal number, 3 name, 6 always new',
);
