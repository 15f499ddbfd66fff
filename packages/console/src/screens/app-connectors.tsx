// App Connectors of the chosen environment: create, linked Get- and UpdateConnectors, IP allowlist, authentication
// mode and OAuth clients (a client secret is shown once).

import { useState } from 'preact/hooks';
import { del, get, patch, post, seg } from '../api.ts';
import type { ScreenProps } from '../app.tsx';
import { href } from '../router.ts';
import { SecretOnce } from '../secret.tsx';
import type { AppConnector, ConnectorList, OAuthClientInfo } from '../types.ts';
import { LoadNote, OutcomeNote, SelectField, saying, Table, TextField, useAction, useLoad, when } from '../ui.tsx';

const list = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter(Boolean);

export function AppConnectorsScreen({ env, params }: ScreenProps) {
  const base = `environments/${seg(env)}/app-connectors`;
  const loaded = useLoad(() => get<{ appConnectors: AppConnector[] }>(base), [env]);
  const connectors = useLoad(() => get<ConnectorList>(`environments/${seg(env)}/connectors`), [env]);
  const all = loaded.data?.appConnectors ?? [];
  const [chosen, setChosen] = useState(params.get('name') ?? '');
  const current = all.find((a) => a.name === chosen) ?? all[0];
  return (
    <>
      <LoadNote loaded={loaded} what="the App Connectors" />
      <Table
        caption={`App Connectors of ${env}`}
        rows={all}
        columns={[
          {
            title: 'Name',
            cell: (a) => (
              <button type="button" class="secondary outline small" onClick={() => setChosen(a.name)}>
                {a.name}
              </button>
            ),
          },
          { title: 'Description', cell: (a) => a.description },
          { title: 'Auth mode', cell: (a) => a.authMode },
          { title: 'IP allowlist', cell: (a) => a.ipAllowlist?.join(', ') || 'any address' },
          { title: 'GetConnectors', cell: (a) => a.getConnectors.length },
          { title: 'UpdateConnectors', cell: (a) => a.updateConnectors.length },
          { title: 'OTP', cell: (a) => (a.otp ? 'on' : 'off') },
        ]}
      />
      {current ? (
        <AppConnectorDetail
          key={`${env}/${current.name}`}
          env={env}
          appConnector={current}
          connectors={connectors.data}
          changed={loaded.reload}
        />
      ) : null}
      <CreateAppConnector
        base={base}
        created={(name) => {
          setChosen(name);
          loaded.reload();
        }}
      />
    </>
  );
}

function CreateAppConnector({ base, created }: { base: string; created(name: string): void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [allowlist, setAllowlist] = useState('');
  const [outcome, busy, act] = useAction();
  return (
    <section aria-labelledby="new-ac">
      <h2 id="new-ac">New App Connector</h2>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          const ipAllowlist = list(allowlist);
          const made = await act(
            saying(
              () => post(base, { name, description, ...(ipAllowlist.length ? { ipAllowlist } : {}) }),
              `App Connector ${name} created.`,
            ),
          );
          if (made) {
            created(name);
            setName('');
            setDescription('');
            setAllowlist('');
          }
        }}
      >
        <div class="row">
          <TextField label="Name" required value={name} onValue={setName} />
          <TextField label="Description" value={description} onValue={setDescription} />
          <TextField
            label="IP allowlist"
            value={allowlist}
            onValue={setAllowlist}
            placeholder="10.0.0.0/8, 192.168.1.5"
            hint="Addresses or CIDR ranges, comma-separated; empty allows every address."
          />
        </div>
        <button type="submit" disabled={busy}>
          Create App Connector
        </button>
      </form>
      <OutcomeNote outcome={outcome} />
    </section>
  );
}

function AppConnectorDetail(props: {
  env: string;
  appConnector: AppConnector;
  connectors: ConnectorList | undefined;
  changed(): void;
}) {
  const { env, appConnector: ac, connectors, changed } = props;
  const path = `environments/${seg(env)}/app-connectors/${seg(ac.name)}`;
  const [allowlist, setAllowlist] = useState((ac.ipAllowlist ?? []).join(', '));
  const [mode, setMode] = useState<string>(ac.authMode);
  const [description, setDescription] = useState(ac.description);
  const [getIds, setGetIds] = useState('');
  const [updateIds, setUpdateIds] = useState('');
  const [outcome, busy, act] = useAction();
  // Says what was done and shows the App Connector again; false when it failed (the form keeps what was typed).
  const run = async (work: () => Promise<unknown>, said: string) => {
    const done = await act(saying(work, said));
    if (done) changed();
    return done;
  };
  return (
    <section aria-labelledby="ac-detail">
      <h2 id="ac-detail">App Connector {ac.name}</h2>
      <p>
        <a href={href('tokens', { appConnector: ac.name })}>Tokens of {ac.name}</a> ·{' '}
        <a href={href('otp', { appConnector: ac.name })}>OTP of {ac.name}</a>
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const ips = list(allowlist);
          run(
            () => patch(path, { description, authMode: mode, ipAllowlist: ips.length ? ips : null }),
            `${ac.name} saved.`,
          );
        }}
      >
        <div class="row">
          <TextField label="Description" value={description} onValue={setDescription} />
          <TextField
            label="IP allowlist"
            value={allowlist}
            onValue={setAllowlist}
            hint="Comma-separated addresses or CIDR ranges; empty allows every address."
          />
          <SelectField
            label="Authentication mode"
            value={mode}
            onValue={setMode}
            options={[
              { value: 'classic', label: 'classic (AfasToken)' },
              { value: 'hybrid', label: 'hybrid (AfasToken and OAuth)' },
              { value: 'oauth', label: 'oauth (OAuth only)' },
            ]}
          />
          <button type="submit" disabled={busy}>
            Save {ac.name}
          </button>
        </div>
      </form>
      <div class="columns">
        <LinkedList
          title="Linked GetConnectors"
          ids={ac.getConnectors}
          unlink={(id) => run(() => post(`${path}/unlink`, { get: [id] }), `${id} unlinked.`)}
        />
        <LinkedList
          title="Linked UpdateConnectors"
          ids={ac.updateConnectors}
          unlink={(id) => run(() => post(`${path}/unlink`, { update: [id] }), `${id} unlinked.`)}
        />
      </div>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const get = list(getIds);
          const update = list(updateIds);
          run(() => post(`${path}/link`, { get, update }), `Linked ${[...get, ...update].join(', ')}.`).then((done) => {
            if (!done) return;
            setGetIds('');
            setUpdateIds('');
          });
        }}
      >
        <datalist id="get-ids">
          {connectors?.getConnectors.map((c) => (
            <option key={c.id} value={c.id}>
              {c.description}
            </option>
          ))}
        </datalist>
        <datalist id="update-ids">
          {connectors?.updateConnectors.map((c) => (
            <option key={c.id} value={c.id}>
              {c.description}
            </option>
          ))}
        </datalist>
        <div class="row">
          <TextField
            label="Link GetConnectors"
            list="get-ids"
            value={getIds}
            onValue={setGetIds}
            placeholder="Profit_Employees"
            hint="Ids, comma-separated."
          />
          <TextField
            label="Link UpdateConnectors"
            list="update-ids"
            value={updateIds}
            onValue={setUpdateIds}
            placeholder="KnEmployee"
            hint="Ids, comma-separated."
          />
          <button type="submit" disabled={busy}>
            Link
          </button>
        </div>
      </form>
      <OutcomeNote outcome={outcome} />
      <OAuthClients env={env} path={path} appConnector={ac.name} />
    </section>
  );
}

function LinkedList({ title, ids, unlink }: { title: string; ids: string[]; unlink(id: string): void }) {
  return (
    <div>
      <h3>
        {title} ({ids.length})
      </h3>
      {ids.length === 0 ? <p class="muted">None.</p> : null}
      <ul class="linked">
        {ids.map((id) => (
          <li key={id}>
            {id}{' '}
            <button type="button" class="secondary outline small" onClick={() => unlink(id)}>
              Unlink {id}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function OAuthClients({ env, path, appConnector }: { env: string; path: string; appConnector: string }) {
  const loaded = useLoad(() => get<{ clients: OAuthClientInfo[] }>(`${path}/oauth-clients`), [path]);
  const [name, setName] = useState('');
  const [type, setType] = useState('public');
  const [userId, setUserId] = useState('');
  const [redirects, setRedirects] = useState('');
  const [secret, setSecret] = useState<{ id: string; secret: string }>();
  const [outcome, busy, act] = useAction();
  return (
    <section aria-labelledby="oauth-clients">
      <h3 id="oauth-clients">OAuth clients of {appConnector}</h3>
      <LoadNote loaded={loaded} what="the OAuth clients" />
      <Table
        caption={`OAuth clients of ${appConnector}`}
        rows={loaded.data?.clients ?? []}
        empty="No OAuth clients."
        columns={[
          { title: 'Client id', cell: (c) => <code>{c.clientId}</code> },
          { title: 'Name', cell: (c) => c.name },
          { title: 'Type', cell: (c) => c.type },
          { title: 'User', cell: (c) => c.userId ?? '—' },
          { title: 'Redirect URIs', cell: (c) => c.redirectUris.join(' ') },
          { title: 'Created', cell: (c) => when(c.createdAt) },
          {
            title: 'Actions',
            cell: (c) => (
              <button
                type="button"
                class="secondary outline small"
                onClick={async () => {
                  if (
                    await act(
                      saying(
                        () => del(`environments/${seg(env)}/oauth-clients/${seg(c.clientId)}`),
                        `Client ${c.name} deleted.`,
                      ),
                    )
                  )
                    loaded.reload();
                }}
              >
                Delete {c.name}
              </button>
            ),
          },
        ]}
      />
      {secret ? (
        <SecretOnce
          title={`Secret of client ${secret.id}`}
          secrets={[{ label: 'Client secret', value: secret.secret }]}
          onClose={() => setSecret(undefined)}
        />
      ) : null}
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          const redirectUris = list(redirects);
          await act(async () => {
            const made = await post<{ client: OAuthClientInfo; clientSecret: string | null }>(`${path}/oauth-clients`, {
              name,
              type,
              ...(userId ? { userId } : {}),
              ...(redirectUris.length ? { redirectUris } : {}),
            });
            if (made.clientSecret) setSecret({ id: made.client.clientId, secret: made.clientSecret });
            loaded.reload();
            setName('');
            return `Client ${made.client.clientId} created.`;
          });
        }}
      >
        <div class="row">
          <TextField label="Client name" required value={name} onValue={setName} />
          <SelectField label="Client type" value={type} onValue={setType} options={['public', 'confidential']} />
          <TextField label="User (client credentials)" value={userId} onValue={setUserId} />
          <TextField
            label="Redirect URIs"
            value={redirects}
            onValue={setRedirects}
            placeholder="http://127.0.0.1/callback"
          />
          <button type="submit" disabled={busy}>
            Add OAuth client
          </button>
        </div>
      </form>
      <OutcomeNote outcome={outcome} />
    </section>
  );
}
