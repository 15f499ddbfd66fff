// The error log: one row per error answer (its key is the answer's profitLogReference), and its retention. Rows
// are written with text both databases can store; old rows are pruned in batches, off the request path.

import type { Database } from './database.ts';
import { escapeUnstorable } from './storable-text.ts';

export interface ErrorLogEntry {
  reference: string;
  environment: string | null;
  status: number;
  code: string;
  message: string;
  detail: string;
  traceId: string;
  integrationId: string | null;
}

/** How long rows are kept: by age, and by count per environment (so one noisy environment cannot push out another's). */
export interface ErrorLogRetention {
  /** Rows older than this many days are deleted; 0 keeps rows of any age. */
  maxAgeDays: number;
  /** Each environment keeps at most this many of its newest rows; 0 keeps any number. */
  maxRowsPerEnvironment: number;
  /** Prune after every this many rows this process wrote (and once at start). */
  pruneEvery: number;
}

/**
 * A busy server refusing 10 calls a second writes 864,000 rows a day: 30 days or 100,000 rows per environment,
 * whichever is less, keeps the table to tens of megabytes while a month of a normal server's errors stays readable.
 */
export const DEFAULT_RETENTION: ErrorLogRetention = {
  maxAgeDays: 30,
  maxRowsPerEnvironment: 100_000,
  pruneEvery: 1000,
};

/** Rows deleted per statement: short statements, so a prune never holds locks long or blocks the writers. */
const BATCH = 1000;

export class ErrorLog {
  private written = 0;
  private running: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    private readonly retention: ErrorLogRetention = DEFAULT_RETENTION,
    private readonly now: () => Date = () => new Date(),
    private readonly onPruneError: (error: unknown) => void = () => {},
  ) {}

  async write(entry: ErrorLogEntry): Promise<void> {
    await this.db.kysely
      .withSchema(this.db.systemSchema)
      .insertInto('error_log')
      .values({
        reference: entry.reference,
        environment: entry.environment,
        at: this.now().toISOString(),
        status: entry.status,
        code: entry.code,
        // A request may carry NUL (a body value, a path): the answer must still have its row on PostgreSQL.
        message: escapeUnstorable(entry.message),
        detail: escapeUnstorable(entry.detail),
        trace_id: escapeUnstorable(entry.traceId),
        integration_id: entry.integrationId === null ? null : escapeUnstorable(entry.integrationId),
      })
      .execute();
    if (++this.written % this.retention.pruneEvery === 0) this.pruneInBackground();
  }

  /** Starts a prune unless one runs; the caller does not wait (a request never pays for it). */
  pruneInBackground(): void {
    if (this.running) return;
    this.running = this.prune()
      .then(() => undefined, this.onPruneError)
      .finally(() => {
        this.running = undefined;
      });
  }

  /** Resolves when no prune of this process runs. */
  async idle(): Promise<void> {
    await this.running;
  }

  /**
   * Deletes what the retention no longer keeps, answers how many rows. Safe with several replicas: every statement
   * deletes by a condition on the rows themselves, so two processes pruning at once delete each row once between them.
   */
  async prune(): Promise<number> {
    let deleted = 0;
    const { maxAgeDays, maxRowsPerEnvironment } = this.retention;
    if (maxAgeDays > 0) {
      const cutoff = new Date(this.now().getTime() - maxAgeDays * 86_400_000).toISOString();
      deleted += await this.deleteBefore({}, cutoff);
    }
    if (maxRowsPerEnvironment > 0) {
      const k = this.db.kysely.withSchema(this.db.systemSchema);
      const crowded = await k
        .selectFrom('error_log')
        .select('environment')
        .groupBy('environment')
        .having((eb) => eb.fn.countAll(), '>', maxRowsPerEnvironment)
        .execute();
      for (const { environment } of crowded) {
        // The oldest row still kept; everything before it (by time, then reference) in this environment goes.
        const keep = await k
          .selectFrom('error_log')
          .select(['at', 'reference'])
          .where('environment', environment === null ? 'is' : '=', environment)
          .orderBy('at', 'desc')
          .orderBy('reference', 'desc')
          .limit(1)
          .offset(maxRowsPerEnvironment - 1)
          .executeTakeFirst();
        if (keep)
          deleted += await this.deleteBefore({ environment: environment as string | null }, keep.at, keep.reference);
      }
    }
    return deleted;
  }

  /**
   * Deletes rows before (`at`, `reference`) (of one environment, or of all), a batch per statement, until a batch
   * finds nothing: a replica pruning at the same time may take some of a batch, and that is no reason to stop.
   */
  private async deleteBefore(scope: { environment?: string | null }, at: string, reference?: string): Promise<number> {
    const k = this.db.kysely.withSchema(this.db.systemSchema);
    let deleted = 0;
    for (;;) {
      let batch = k
        .selectFrom('error_log')
        .select('reference')
        .where((eb) =>
          reference === undefined
            ? eb('at', '<', at)
            : eb.or([eb('at', '<', at), eb.and([eb('at', '=', at), eb('reference', '<', reference)])]),
        );
      if ('environment' in scope)
        batch = batch.where('environment', scope.environment === null ? 'is' : '=', scope.environment ?? null);
      const result = await k
        .deleteFrom('error_log')
        .where('reference', 'in', batch.orderBy('at').limit(BATCH))
        .executeTakeFirst();
      const count = Number(result.numDeletedRows);
      if (count === 0) return deleted;
      deleted += count;
    }
  }
}
