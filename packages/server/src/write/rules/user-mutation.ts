// Rule `user-mutation` (KnUser): the mutation code MtCd says what happens to the user: 0 and 2 block, 6 unblocks,
// 4 renames the user code to UsIdNew; 1, 3 and 5 add or change the user as given (groups and passwords are not kept).

import { CodedError } from '@appconnector/protocol';
import type { WriteRule } from './rule.ts';

export const userMutation: WriteRule = {
  description: 'MtCd: 0/2 block the user, 6 unblocks, 4 renames it to UsIdNew',
  requires: { fields: ['MtCd', 'UsIdNew'], columns: ['blocked', 'user_id'] },
  check(record) {
    const code = record.values.get('MtCd');
    const renamed = record.values.get('UsIdNew');
    if (code === '4' && (renamed === undefined || renamed === null))
      throw new CodedError('mandatory', { object: record.object.name, field: 'UsIdNew' });
  },
  async beforeWrite(context) {
    const code = context.record.values.get('MtCd');
    if (code === '0' || code === '2') context.changes.blocked = true;
    if (code === '6') context.changes.blocked = false;
    if (code === '4') {
      const renamed = context.record.values.get('UsIdNew') as string;
      if (renamed !== context.column('user_id')) {
        const taken = await context.queries.find('kn_user', { user_id: renamed }, 1);
        if (taken.length > 0)
          throw new CodedError('recordExists', { object: context.record.object.name, key: `UsId = ${renamed}` });
        context.changes.user_id = renamed;
      }
    }
  },
};
