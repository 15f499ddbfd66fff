// The live request log of the console: every App Connector API call of this process, newest kept, oldest dropped.
// A ring buffer in memory: recording costs one object per call and no database write on the read path.

export interface RequestLogEntry {
  /** Increases by one per call of this process: the cursor of polling and of Server-Sent Events. */
  seq: number;
  at: string;
  environment: string | null;
  appConnector: string | null;
  userId: string | null;
  method: string;
  /** As the client sent it (with the environment prefix and the query). */
  path: string;
  status: number;
  durationMs: number;
  integrationId: string | null;
  traceId: string;
  profitLogReference: string | null;
  /** `console`: made by the console's runner or composer. */
  source: 'client' | 'console';
}

export interface RequestLogFilter {
  /** `200` exactly, `4xx` or `5xx` by class, `error` for any status from 400. */
  status?: string;
  environment?: string;
  appConnector?: string;
  /** Found case-insensitively in path, environment, App Connector, user, IntegrationId, trace id or reference. */
  text?: string;
}

export const DEFAULT_REQUEST_LOG_CAPACITY = 5000;

export class RequestLog {
  private readonly entries: (RequestLogEntry | undefined)[];
  private next = 1;
  private readonly listeners = new Set<(entry: RequestLogEntry) => void>();

  constructor(readonly capacity = DEFAULT_REQUEST_LOG_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('the request log needs a capacity of at least 1');
    this.entries = new Array(capacity);
  }

  add(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    const full = { seq: this.next++, ...entry };
    this.entries[full.seq % this.capacity] = full;
    for (const listener of this.listeners) listener(full);
    return full;
  }

  /** The newest seq handed out (0 before the first call). */
  get last(): number {
    return this.next - 1;
  }

  /** Entries after `after` (oldest first), or the newest `limit` when `after` is absent; filtered. */
  read(filter: RequestLogFilter, options: { after?: number; limit: number }): RequestLogEntry[] {
    const first = Math.max(1, this.next - this.capacity, (options.after ?? 0) + 1);
    const found: RequestLogEntry[] = [];
    // Newest first so that `limit` keeps the newest; reversed at the end.
    for (let seq = this.next - 1; seq >= first && found.length < options.limit; seq--) {
      const entry = this.entries[seq % this.capacity];
      if (entry && entry.seq === seq && matches(entry, filter)) found.push(entry);
    }
    return found.reverse();
  }

  /** Calls `listener` with every entry added from now on; answers the function that stops it. */
  subscribe(listener: (entry: RequestLogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return Math.min(this.capacity, this.next - 1);
  }
}

export function matches(entry: RequestLogEntry, filter: RequestLogFilter): boolean {
  if (filter.status) {
    const s = filter.status.toLowerCase();
    if (
      s === 'error'
        ? entry.status < 400
        : /^\dxx$/.test(s)
          ? String(entry.status)[0] !== s[0]
          : String(entry.status) !== s
    )
      return false;
  }
  if (filter.environment && entry.environment?.toUpperCase() !== filter.environment.toUpperCase()) return false;
  if (filter.appConnector && entry.appConnector !== filter.appConnector) return false;
  if (filter.text) {
    const text = filter.text.toLowerCase();
    const fields = [
      entry.path,
      entry.environment,
      entry.appConnector,
      entry.userId,
      entry.integrationId,
      entry.traceId,
      entry.profitLogReference,
    ];
    if (!fields.some((f) => f?.toLowerCase().includes(text))) return false;
  }
  return true;
}
