// Group commit for a database whose writes share one connection (SQLite): writes that arrive while another runs
// join its transaction, each in a savepoint of its own, and are answered after the one commit. A commit is most of a
// small write's time on SQLite (writing its pages to the WAL), so under load it is shared instead of paid per write.

import { CompiledQuery, type Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: tables come from definitions at run time, not from TypeScript types
type Executor = Kysely<any>;

/** Writes one transaction takes at most: the first write's answer waits for the last one's work. */
const MAX_GROUP = 16;

interface Unit {
  work: (trx: Executor) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const BEGIN = CompiledQuery.raw('begin immediate');
const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');
const SAVEPOINT = CompiledQuery.raw('savepoint ac_write');
const RELEASE = CompiledQuery.raw('release ac_write');
const ROLLBACK_TO = CompiledQuery.raw('rollback to ac_write');

/**
 * Returns a `writeTransaction` for `kysely`'s single connection. `inTransaction()` says whether that connection is
 * still in a transaction: SQLite rolls the whole transaction back by itself on some errors (a full disk, an I/O
 * error), and the writes done in it before then are run again in the next group instead of being lost.
 *
 * A write's promise settles only after the commit: a write that failed is rolled back to its savepoint and rejected
 * at once; the rest resolve after the commit, or reject with its error if the commit fails (nothing of theirs was
 * written, and a retryable error is retried by their caller as before).
 */
export function groupCommits(kysely: Executor, inTransaction: () => boolean) {
  const queue: Unit[] = [];
  let draining = false;

  async function runGroup(): Promise<void> {
    const done: { unit: Unit; value: unknown }[] = [];
    try {
      await kysely.connection().execute(async (trx) => {
        try {
          await trx.executeQuery(BEGIN);
        } catch (error) {
          // The database is locked past its busy timeout (another process writing): every waiting write is told,
          // as each would have been on its own, and its caller retries it where the error is retryable.
          for (const unit of queue.splice(0)) unit.reject(error);
          return;
        }
        try {
          while (done.length < MAX_GROUP) {
            // A write's statements run without giving the event loop a turn (the driver is synchronous), so calls
            // that arrived meanwhile are only read once it is given one: a turn before the commit lets them join.
            if (queue.length === 0) await new Promise((resolve) => setImmediate(resolve));
            if (queue.length === 0) break;
            const unit = queue.shift()!;
            await trx.executeQuery(SAVEPOINT);
            try {
              const value = await unit.work(trx);
              await trx.executeQuery(RELEASE);
              done.push({ unit, value });
            } catch (error) {
              unit.reject(error);
              if (!inTransaction()) {
                // Rolled back whole by SQLite: the writes before this one were lost with it and run again.
                queue.unshift(...done.map((d) => d.unit));
                done.length = 0;
                return;
              }
              await trx.executeQuery(ROLLBACK_TO);
              await trx.executeQuery(RELEASE);
            }
          }
          await trx.executeQuery(COMMIT);
        } catch (error) {
          if (inTransaction()) await trx.executeQuery(ROLLBACK).catch(() => {});
          throw error;
        }
      });
    } catch (error) {
      for (const { unit } of done) unit.reject(error);
      return;
    }
    for (const { unit, value } of done) unit.resolve(value);
  }

  async function drain(): Promise<void> {
    draining = true;
    try {
      while (queue.length > 0) await runGroup();
    } finally {
      draining = false;
    }
  }

  return function writeTransaction<T>(work: (trx: Executor) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!draining) void drain();
    });
  };
}
