// The error lookup: the full error_log row of a profitLogReference (the detail the error body does not show), and
// the environment's newest errors.

import { useEffect, useState } from 'preact/hooks';
import { get, seg } from '../api.ts';
import type { ScreenProps } from '../app.tsx';
import { href, navigate } from '../router.ts';
import type { ErrorDetail } from '../types.ts';
import { LoadNote, Table, TextField, useLoad, when } from '../ui.tsx';

export function ErrorLookupScreen({ env, params }: ScreenProps) {
  const asked = params.get('reference') ?? '';
  const [reference, setReference] = useState(asked);
  useEffect(() => setReference(asked), [asked]);
  const found = useLoad(() => (asked ? get<ErrorDetail>(`errors/${seg(asked)}`) : Promise.resolve(undefined)), [asked]);
  const recent = useLoad(() => get<{ errors: ErrorDetail[] }>(`errors?environment=${seg(env)}&limit=20`), [env]);
  return (
    <>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          navigate(href('errors', { reference: reference.trim() }));
        }}
      >
        <div class="row">
          <TextField
            label="profitLogReference"
            value={reference}
            onValue={setReference}
            required
            hint="The reference from an error answer's body."
          />
          <button type="submit">Look up</button>
        </div>
      </form>
      <div aria-live="polite">
        {asked && found.error ? (
          <p role="alert" class="error">
            {found.error}
          </p>
        ) : null}
        {found.data ? <ErrorCard error={found.data} /> : null}
      </div>
      <h2>Newest errors in {env}</h2>
      <LoadNote loaded={recent} what="the errors" />
      <Table
        caption={`Newest errors in ${env}`}
        rows={recent.data?.errors ?? []}
        empty="No errors logged."
        columns={[
          { title: 'Time', cell: (e) => when(e.at) },
          { title: 'Reference', cell: (e) => <a href={href('errors', { reference: e.reference })}>{e.reference}</a> },
          { title: 'Status', cell: (e) => e.status },
          { title: 'Code', cell: (e) => e.code },
          { title: 'Message', cell: (e) => e.message },
        ]}
      />
    </>
  );
}

function ErrorCard({ error }: { error: ErrorDetail }) {
  const rows: [string, string][] = [
    ['Reference', error.reference],
    ['Time', when(error.at)],
    ['Environment', error.environment ?? '—'],
    ['Status', String(error.status)],
    ['Code', error.code],
    ['Message', error.message],
    ['X-Trace-Identifier', error.traceId ?? '—'],
    ['IntegrationId', error.integrationId ?? '—'],
  ];
  return (
    <article aria-labelledby="error-title">
      <h2 id="error-title">Error {error.reference}</h2>
      <dl class="facts">
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <h3>Detail</h3>
      <pre>{typeof error.detail === 'string' ? error.detail : JSON.stringify(error.detail, null, 2)}</pre>
    </article>
  );
}
