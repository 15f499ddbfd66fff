// The live request log of this replica (newest first, Server-Sent Events), with filters; a call that failed links
// to its error by profitLogReference.

import { useEffect, useState } from 'preact/hooks';
import { get } from '../api.ts';
import type { ScreenProps } from '../app.tsx';
import { href } from '../router.ts';
import type { RequestEntry } from '../types.ts';
import { SelectField, Table, TextField } from '../ui.tsx';

/** The UI keeps at most this many entries (the server keeps its own capacity). */
const KEEP = 500;

interface Filters {
  status: string;
  environment: string;
  appConnector: string;
  text: string;
}

export function RequestLogScreen({ environments }: ScreenProps) {
  const [filters, setFilters] = useState<Filters>({ status: '', environment: '', appConnector: '', text: '' });
  const [entries, setEntries] = useState<RequestEntry[]>([]);
  const [paused, setPaused] = useState(false);
  const [error, setError] = useState('');

  // What the server has (newest first), then every call as it ends through Server-Sent Events; EventSource
  // reconnects by itself with Last-Event-ID, and the catch-up read after each (re)open closes any gap. Entries are
  // merged by their sequence number, so one seen twice is shown once.
  useEffect(() => setEntries([]), [filters]);
  useEffect(() => {
    if (paused) return;
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
    let newest = 0;
    const add = (fresh: RequestEntry[]) => {
      if (!fresh.length) return;
      newest = Math.max(newest, ...fresh.map((e) => e.seq));
      setEntries((old) => {
        const bySeq = new Map(old.map((e) => [e.seq, e]));
        for (const entry of fresh) bySeq.set(entry.seq, entry);
        return [...bySeq.values()].sort((a, b) => b.seq - a.seq).slice(0, KEEP);
      });
    };
    const source = new EventSource(`/console/api/requests/stream?${query}`);
    source.addEventListener('request', (event) => add([JSON.parse((event as MessageEvent<string>).data)]));
    source.onopen = () => {
      setError('');
      const since = new URLSearchParams(query);
      if (newest) since.set('after', String(newest));
      get<{ entries: RequestEntry[] }>(`requests?${since}`).then(
        (page) => add(page.entries),
        (failure: Error) => setError(failure.message),
      );
    };
    source.onerror = () => {
      // CLOSED: the server refused the stream (signed out); otherwise EventSource is already reconnecting.
      if (source.readyState === EventSource.CLOSED) get('session').catch(() => undefined);
      else setError('The live log lost its connection; reconnecting…');
    };
    return () => source.close();
  }, [filters, paused]);

  const set = (change: Partial<Filters>) => setFilters({ ...filters, ...change });
  return (
    <>
      <form aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
        <div class="row">
          <SelectField
            label="Status"
            value={filters.status}
            onValue={(status) => set({ status })}
            options={[
              { value: '', label: 'any' },
              { value: '200', label: '200' },
              { value: '4xx', label: '4xx' },
              { value: '5xx', label: '5xx' },
              { value: 'error', label: 'any error' },
            ]}
          />
          <SelectField
            label="Environment"
            value={filters.environment}
            onValue={(environment) => set({ environment })}
            options={[{ value: '', label: 'any' }, ...environments.map((e) => e.name)]}
          />
          <TextField
            label="App Connector"
            value={filters.appConnector}
            onValue={(appConnector) => set({ appConnector })}
          />
          <TextField
            label="Search"
            type="search"
            value={filters.text}
            onValue={(text) => set({ text })}
            hint="Path, user, IntegrationId, trace id or reference."
          />
          <button type="button" class="secondary" aria-pressed={paused} onClick={() => setPaused(!paused)}>
            {paused ? 'Resume' : 'Pause'}
          </button>
        </div>
      </form>
      {error ? (
        <p role="alert" class="error">
          {error}
        </p>
      ) : null}
      <p class="muted" aria-live="polite">
        {entries.length} calls shown{paused ? ' (paused)' : ', newest first, live'}.
      </p>
      <Table
        caption="Request log"
        class="log"
        rows={entries}
        empty="No calls yet."
        columns={[
          { title: 'Time', cell: (e) => new Date(e.at).toLocaleTimeString('en-GB') },
          { title: 'Environment', cell: (e) => e.environment ?? '—' },
          { title: 'App Connector', cell: (e) => e.appConnector ?? '—' },
          { title: 'User', cell: (e) => e.userId ?? '—' },
          { title: 'Method', cell: (e) => e.method },
          { title: 'Path', class: 'path', cell: (e) => <code title={e.path}>{e.path}</code> },
          {
            title: 'Status',
            cell: (e) => <span class={`badge s${String(e.status)[0]}`}>{e.status}</span>,
          },
          { title: 'ms', cell: (e) => e.durationMs.toFixed(1) },
          {
            title: 'IntegrationId',
            class: 'id',
            cell: (e) => <span title={e.integrationId ?? ''}>{e.integrationId}</span>,
          },
          { title: 'X-Trace-Identifier', class: 'id', cell: (e) => <code title={e.traceId}>{e.traceId}</code> },
          {
            title: 'Error',
            class: 'id',
            cell: (e) =>
              e.profitLogReference ? (
                <a href={href('errors', { reference: e.profitLogReference })} title={e.profitLogReference}>
                  {e.profitLogReference}
                </a>
              ) : (
                ''
              ),
          },
        ]}
      />
    </>
  );
}
