// The connector rules by the names definitions use (`rules: [balanced-entries]`). One map: a rule exists when it
// is listed here, and compile-update.ts rejects any other name at start.

import { addressCountry } from './address-country.ts';
import { balancedEntries } from './balanced-entries.ts';
import { currentEmployment } from './current-employment.ts';
import { dutchBsn } from './dutch-bsn.ts';
import { fileAttachment } from './file-attachment.ts';
import { matchOrganisation, matchPerson } from './match-relation.ts';
import { personImage } from './person-image.ts';
import { personName } from './person-name.ts';
import { postalAddress } from './postal-address.ts';
import { repeatableKeys } from './repeatable-keys.ts';
import type { WriteRule } from './rule.ts';
import { salesOrderLine, salesOrderTotals } from './sales-order.ts';
import { subjectDestination } from './subject-destination.ts';
import { userMutation } from './user-mutation.ts';

export const RULES: Readonly<Record<string, WriteRule>> = {
  'address-country': addressCountry,
  'balanced-entries': balancedEntries,
  'current-employment': currentEmployment,
  'dutch-bsn': dutchBsn,
  'file-attachment': fileAttachment,
  'match-organisation': matchOrganisation,
  'match-person': matchPerson,
  'person-image': personImage,
  'person-name': personName,
  'postal-address': postalAddress,
  'repeatable-keys': repeatableKeys,
  'sales-order-line': salesOrderLine,
  'sales-order-totals': salesOrderTotals,
  'subject-destination': subjectDestination,
  'user-mutation': userMutation,
};
