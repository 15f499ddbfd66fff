// The live request log of this replica (newest first), polled every two seconds, with filters; a call that
// failed links to its error by profitLogReference.

import { useEffect, useRef, useState } from 'preact/hooks';
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
  const cursor = useRef<number | undefined>(undefined);

  useEffect(() => {
    cursor.current = undefined;
    setEntries([]);
  }, [filters]);
  useEffect(() => {
    if (paused) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      const query = new URLSearchParams();
      for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
      if (cursor.current !== undefined) query.set('after', String(cursor.current));
      try {
        const page = await get<{ entries: RequestEntry[]; cursor: number }>(`requests?${query}`);
        if (stop) return;
        setError('');
        cursor.current = page.cursor;
        if (page.entries.length) setEntries((old) => [...page.entries.slice().reverse(), ...old].slice(0, KEEP));
      } catch (failure) {
        if (!stop) setError((failure as Error).message);
      }
      if (!stop) timer = setTimeout(poll, 2000);
    };
    poll();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
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
        {entries.length} calls shown{paused ? ' (paused)' : ', newest first, updated every 2 s'}.
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
