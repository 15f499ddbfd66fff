// Database numbers (identity columns such as kn_basic_contact.bc_id) taken ahead per server process, as a sequence's
// own cache would: a one-record write then knows its base row's number before it inserts, holds both inserts back,
// and on PostgreSQL sends them with `begin` and the commit in one round trip. A **Decision** (ARCHITECTURE.md).

import type { Database } from '../db/database.ts';
import { databaseCache } from '../db/database-cache.ts';
import type { Transaction } from './write-session.ts';

/** Numbers taken per refill: one statement per this many one-record writes of a table. */
export const IDS_AHEAD = 32;

interface Reserve {
  /** Numbers not handed out yet, the largest first (handed out from the end, so in ascending order). */
  ids: number[];
  /** The refill under way: writes that find the reserve empty meanwhile wait for it rather than start another. */
  refill?: Promise<void>;
}

/** Per database and `schema.table.column`; emptied whole past 1000 columns, which only leaves gaps. */
const RESERVES = databaseCache<Reserve>(1000);

function newReserve(db: Database, key: string): Reserve {
  const reserve: Reserve = { ids: [] };
  RESERVES.set(db, key, reserve);
  return reserve;
}

/**
 * The next number of `schema.table.column` from this process's reserve, refilled through `trx` (PostgreSQL's
 * `nextval` is outside transactions: what a rolled-back refill took stays taken, and stays in the reserve). Undefined
 * where the database cannot take numbers ahead (SQLite) or the refill failed: the insert then asks the database.
 * Numbers handed out and not stored are gaps, like the ones a rollback leaves.
 */
export async function takeIdAhead(
  db: Database,
  trx: Transaction,
  schema: string,
  table: string,
  column: string,
): Promise<number | undefined> {
  const key = `${schema}.${table}.${column}`;
  const reserve = RESERVES.get(db, key) ?? newReserve(db, key);
  if (reserve.ids.length === 0) {
    if (!reserve.refill) {
      // Built only here: 31 writes in 32 are served from the reserve without it.
      const statement = db.dialect.takeIdsSql(schema, table, column, IDS_AHEAD);
      if (!statement) return undefined;
      reserve.refill = statement
        .execute(trx)
        .then((result) => {
          reserve.ids = result.rows.map((row) => Number(row.id)).reverse();
        })
        .finally(() => {
          reserve.refill = undefined;
        });
    }
    try {
      await reserve.refill;
    } catch {
      return undefined;
    }
  }
  // Empty still when writes that waited for the same refill took all of it: the insert asks the database.
  return reserve.ids.pop();
}

/**
 * Forgets every number this process holds for `db`. After a write with numbers taken ahead failed: one of them may
 * have been stored meanwhile (a sequence set back, an environment imported), and the next write must not meet it.
 */
export function forgetIdsAhead(db: Database): void {
  RESERVES.clear(db);
}
