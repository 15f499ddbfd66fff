// Tokens of an App Connector's users: create (the token is shown once, with a copy button), list, revoke, expiry.

import { useState } from 'preact/hooks';
import { get, patch, post, seg } from '../api.ts';
import type { ScreenProps } from '../app.tsx';
import { SecretOnce } from '../secret.tsx';
import type { Token } from '../types.ts';
import { LoadNote, OutcomeNote, saying, Table, TextField, useAction, useLoad, when } from '../ui.tsx';
import { AppConnectorPicker, useAppConnectors } from './app-connector-picker.tsx';

/** `datetime-local` text (local time) as ISO, or null for none. */
const isoOrNull = (local: string) => (local ? new Date(local).toISOString() : null);

export function TokensScreen({ env, params }: ScreenProps) {
  const appConnectors = useAppConnectors(env);
  const all = appConnectors.data?.appConnectors;
  const [chosen, setChosen] = useState(params.get('appConnector') ?? '');
  const name = all?.find((a) => a.name === chosen)?.name ?? all?.[0]?.name;
  return (
    <>
      <AppConnectorPicker env={env} all={all} value={name ?? ''} onValue={setChosen} loaded={appConnectors} />
      {name ? (
        <Tokens key={`${env}/${name}`} path={`environments/${seg(env)}/app-connectors/${seg(name)}`} name={name} />
      ) : null}
    </>
  );
}

function Tokens({ path, name }: { path: string; name: string }) {
  const loaded = useLoad(() => get<{ tokens: Token[] }>(`${path}/tokens`), [path]);
  const [userId, setUserId] = useState('');
  const [description, setDescription] = useState('');
  const [expires, setExpires] = useState('');
  const [created, setCreated] = useState<{ user: string; xml: string; authorization: string }>();
  const [outcome, busy, act] = useAction();
  const [expiryOf, setExpiryOf] = useState<{ id: number; value: string }>();
  return (
    <>
      {created ? (
        <SecretOnce
          title={`Token of ${created.user}`}
          secrets={[
            { label: 'Token', value: created.xml },
            { label: 'Authorization header', value: created.authorization },
          ]}
          onClose={() => setCreated(undefined)}
        />
      ) : null}
      <section aria-labelledby="new-token">
        <h2 id="new-token">New token for {name}</h2>
        <form
          onSubmit={async (event) => {
            event.preventDefault();
            await act(async () => {
              const made = await post<{ token: Token; xml: string; authorization: string }>(`${path}/tokens`, {
                userId,
                description,
                expiresAt: isoOrNull(expires),
              });
              setCreated({ user: made.token.userId, xml: made.xml, authorization: made.authorization });
              setUserId('');
              setDescription('');
              loaded.reload();
              return `Token ${made.token.id} created for ${made.token.userId}.`;
            });
          }}
        >
          <div class="row">
            <TextField label="User" required value={userId} onValue={setUserId} />
            <TextField label="Description" value={description} onValue={setDescription} />
            <TextField
              label="Expires"
              type="datetime-local"
              value={expires}
              onValue={setExpires}
              hint="Empty: never."
            />
            <button type="submit" disabled={busy}>
              Create token
            </button>
          </div>
        </form>
        <OutcomeNote outcome={outcome} />
      </section>
      <h2>Tokens of {name}</h2>
      <LoadNote loaded={loaded} what="the tokens" />
      {expiryOf ? (
        <form
          onSubmit={async (event) => {
            event.preventDefault();
            if (
              await act(
                saying(
                  () => patch(`${path}/tokens/${expiryOf.id}`, { expiresAt: isoOrNull(expiryOf.value) }),
                  `Expiry of token ${expiryOf.id} saved.`,
                ),
              )
            ) {
              setExpiryOf(undefined);
              loaded.reload();
            }
          }}
        >
          <div class="row">
            <TextField
              label={`New expiry of token ${expiryOf.id}`}
              type="datetime-local"
              value={expiryOf.value}
              onValue={(value) => setExpiryOf({ ...expiryOf, value })}
              hint="Empty: never."
              autoFocus
            />
            <div class="actions">
              <button type="submit">Save expiry</button>
              <button type="button" class="secondary" onClick={() => setExpiryOf(undefined)}>
                Cancel
              </button>
            </div>
          </div>
        </form>
      ) : null}
      <Table
        caption={`Tokens of ${name}`}
        rows={loaded.data?.tokens ?? []}
        empty="No tokens."
        columns={[
          { title: 'Id', cell: (t) => t.id },
          { title: 'User', cell: (t) => t.userId },
          { title: 'Description', cell: (t) => t.description },
          { title: 'Created', cell: (t) => when(t.createdAt) },
          { title: 'Expires', cell: (t) => (t.expiresAt ? when(t.expiresAt) : 'never') },
          { title: 'State', cell: (t) => (t.revokedAt ? `revoked ${when(t.revokedAt)}` : 'active') },
          {
            title: 'Actions',
            cell: (t) =>
              t.revokedAt ? null : (
                <span class="actions">
                  <button
                    type="button"
                    class="secondary outline small"
                    onClick={() => setExpiryOf({ id: t.id, value: '' })}
                  >
                    Expiry of token {t.id}
                  </button>
                  <button
                    type="button"
                    class="secondary outline small"
                    onClick={async () => {
                      if (
                        await act(
                          saying(() => post(`${path}/tokens/${t.id}/revoke`), `Token ${t.id} of ${t.userId} revoked.`),
                        )
                      )
                        loaded.reload();
                    }}
                  >
                    Revoke token {t.id}
                  </button>
                </span>
              ),
          },
        ]}
      />
    </>
  );
}
