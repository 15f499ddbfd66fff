// Kysely's driver for pg, with fewer round trips in transactions: `begin` travels with the transaction's first
// statement, and a statement marked deferrable (an insert nobody reads the result of) is not waited for: it goes out
// with the next statement or the commit. A single-person KnPerson write went from four round trips inside its
// transaction to two. While a transaction runs its client is in pg's pipeline mode, so statements sent together go
// in one write and are answered in order; outside transactions (streamed reads use cursors) it is not.

import { type CompiledQuery, type DatabaseConnection, type Driver, PostgresDialect, type QueryResult } from 'kysely';
import type pg from 'pg';
import { isDeferrable } from './database.ts';

export interface ClientPool {
  connect(): Promise<pg.PoolClient>;
  end(): Promise<void>;
}

/** The parts of pg's client below its typings that pipelining needs (both exist in pg >= 8.23). */
interface PipelineClient {
  pipeline: boolean;
  connection: { stream: { cork(): void; uncork(): void } };
}

function shape(result: pg.QueryResult): QueryResult<unknown> {
  const { command, rowCount, rows } = result;
  const changes = command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE';
  return { numAffectedRows: changes ? BigInt(rowCount ?? 0) : undefined, rows: rows ?? [] };
}

class PipeliningConnection implements DatabaseConnection {
  /** The `begin` statement of a transaction that has not sent anything yet. */
  private beginText: string | undefined;
  private inTransaction = false;
  /** Deferred statements not sent yet: they go out with the next statement, in the same write. */
  private queued: { text: string; parameters: readonly unknown[] }[] = [];
  /** Sent and not yet waited for, in the order sent: a transaction's `begin` and its deferred statements. */
  private unsettled: Promise<pg.QueryResult>[] = [];
  discarded = false;

  constructor(readonly client: pg.PoolClient) {}

  private get pipelined(): PipelineClient {
    return this.client as unknown as PipelineClient;
  }

  begin(text: string): void {
    this.beginText = text;
    this.inTransaction = true;
    this.pipelined.pipeline = true;
  }

  /**
   * Sends a statement after the pending `begin` and the queued deferred statements, all in one write (a write to
   * the socket cost ~40-45 µs of the server's CPU each, measured under single-person writes); answers its promise.
   */
  private send(text: string, parameters: readonly unknown[]): Promise<pg.QueryResult> {
    const { stream } = this.pipelined.connection;
    stream.cork();
    try {
      if (this.beginText !== undefined) {
        this.unsettled.push(this.quiet(this.client.query(this.beginText)));
        this.beginText = undefined;
      }
      for (const deferred of this.queued)
        this.unsettled.push(this.quiet(this.client.query(deferred.text, [...deferred.parameters])));
      this.queued = [];
      return this.quiet(this.client.query(text, [...parameters]));
    } finally {
      stream.uncork();
    }
  }

  /** A promise that is awaited later: its rejection must not count as unhandled meanwhile. */
  private quiet(promise: Promise<pg.QueryResult>): Promise<pg.QueryResult> {
    promise.catch(() => {});
    return promise;
  }

  /**
   * Waits for everything sent before `last`, then for `last`; throws the first failure among them (later ones
   * follow from it). Waits for all, so that nothing is still on the wire when the transaction ends.
   */
  private async settle(last: Promise<pg.QueryResult>): Promise<pg.QueryResult> {
    const pending = [...this.unsettled, last];
    this.unsettled = [];
    let failure: unknown;
    let result: pg.QueryResult | undefined;
    for (const sent of pending) {
      try {
        result = await sent;
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
    return result!;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.discarded) throw new Error('this PostgreSQL connection was discarded after a failure');
    if (this.inTransaction && isDeferrable(query)) {
      this.queued.push({ text: query.sql, parameters: query.parameters });
      return { rows: [] };
    }
    return shape(await this.settle(this.send(query.sql, query.parameters))) as QueryResult<R>;
  }

  async commit(): Promise<void> {
    try {
      // Nothing was run: there is no transaction to end.
      if (this.beginText !== undefined && this.queued.length === 0) return;
      const result = await this.settle(this.send('commit', []));
      // PostgreSQL answers COMMIT with ROLLBACK when a statement of the transaction failed.
      if (result.command === 'ROLLBACK') throw new Error('the transaction failed and was rolled back');
    } finally {
      this.end();
    }
  }

  async rollback(): Promise<void> {
    try {
      // Deferred statements not sent yet are simply dropped.
      this.queued = [];
      if (this.beginText !== undefined) return;
      const sent = this.send('rollback', []);
      // Failures of statements sent before are the transaction's, already thrown or moot now.
      const before = this.unsettled;
      this.unsettled = [];
      await Promise.allSettled(before);
      await sent;
    } catch (error) {
      this.discarded = true;
      throw error;
    } finally {
      this.end();
    }
  }

  private end(): void {
    this.beginText = undefined;
    this.inTransaction = false;
    this.queued = [];
    this.unsettled = [];
    this.pipelined.pipeline = false;
  }

  // biome-ignore lint/correctness/useYield: streamed reads use db.stream (cursors), never Kysely's stream
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming through Kysely is not supported here: use Database.stream');
  }
}

export class PipeliningPostgresDriver implements Driver {
  private readonly connections = new WeakMap<pg.PoolClient, PipeliningConnection>();

  constructor(private readonly pool: ClientPool) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const client = await this.pool.connect();
    let connection = this.connections.get(client);
    if (!connection || connection.discarded) {
      connection = new PipeliningConnection(client);
      this.connections.set(client, connection);
    }
    return connection;
  }

  async beginTransaction(
    connection: DatabaseConnection,
    settings: { isolationLevel?: string; accessMode?: string },
  ): Promise<void> {
    const parts = ['start transaction'];
    if (settings.isolationLevel) parts.push(`isolation level ${settings.isolationLevel}`);
    if (settings.accessMode) parts.push(settings.accessMode);
    (connection as PipeliningConnection).begin(parts.join(' '));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PipeliningConnection).commit();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PipeliningConnection).rollback();
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const pipelining = connection as PipeliningConnection;
    pipelining.client.release(pipelining.discarded);
  }

  async destroy(): Promise<void> {
    await this.pool.end();
  }
}

/** PostgreSQL's SQL, adapter and introspection from Kysely; the driver above. */
export class PipeliningPostgresDialect extends PostgresDialect {
  constructor(private readonly clients: ClientPool) {
    super({ pool: clients });
  }

  override createDriver(): Driver {
    return new PipeliningPostgresDriver(this.clients);
  }
}
