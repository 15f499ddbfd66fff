// Rule `postal-address` (KnPerson, KnOrganisation, KnContact): `PadAdr` true means the postal address is the
// visiting address, so the record's postal address points at the same address row when no postal address is sent.

import type { WriteRule } from './rule.ts';

export const postalAddress: WriteRule = {
  description: 'PadAdr true: the postal address (postal_address_id) is the visiting address (address_id)',
  requires: { fields: ['PadAdr'], columns: ['address_id', 'postal_address_id'] },
  beforeWrite(context) {
    if (context.record.values.get('PadAdr') !== true) return;
    const postalSent = context.record.children.some((child) =>
      child.object.link?.pairs.some((pair) => pair.parent === 'postal_address_id'),
    );
    if (postalSent) return;
    const address = context.column('address_id');
    if (address !== undefined && address !== null) context.changes.postal_address_id = address;
  },
};
