// OTP: new credentials for an App Connector (the apiToken is shown once) and the emulated outbox of sent codes.

import { useState } from 'preact/hooks';
import { get, post, seg } from '../api.ts';
import type { ScreenProps } from '../app.tsx';
import { SecretOnce } from '../secret.tsx';
import { LoadNote, OutcomeNote, Table, TextField, useAction, useLoad, when } from '../ui.tsx';
import { AppConnectorPicker, useAppConnectors } from './app-connector-picker.tsx';

interface Mail {
  userId: string;
  code: string;
  sentAt: string;
}

export function OtpScreen({ env, params }: ScreenProps) {
  const appConnectors = useAppConnectors(env);
  const all = appConnectors.data?.appConnectors;
  const [chosen, setChosen] = useState(params.get('appConnector') ?? '');
  const current = all?.find((a) => a.name === chosen) ?? all?.[0];
  const [credentials, setCredentials] = useState<{ apiKey: string; apiToken: string }>();
  const [outcome, busy, act] = useAction();
  return (
    <>
      <section aria-labelledby="otp-credentials">
        <h2 id="otp-credentials">Credentials</h2>
        <div class="row">
          <AppConnectorPicker
            env={env}
            all={all}
            value={current?.name ?? ''}
            onValue={setChosen}
            loaded={appConnectors}
          />
          {current ? (
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                act(async () => {
                  const made = await post<{ apiKey: string; apiToken: string }>(
                    `environments/${seg(env)}/app-connectors/${seg(current.name)}/otp`,
                  );
                  setCredentials(made);
                  appConnectors.reload();
                  return `New OTP credentials for ${current.name}; the old ones no longer work.`;
                })
              }
            >
              {current.otp ? 'Replace OTP credentials' : 'Enable OTP'}
            </button>
          ) : null}
        </div>
        {current ? (
          <p>
            OTP for {current.name} is {current.otp ? 'on' : 'off'}.
          </p>
        ) : null}
        {credentials ? (
          <SecretOnce
            title="OTP credentials"
            secrets={[
              { label: 'apiKey', value: credentials.apiKey },
              { label: 'apiToken', value: credentials.apiToken },
            ]}
            onClose={() => setCredentials(undefined)}
          />
        ) : null}
        <OutcomeNote outcome={outcome} />
      </section>
      <Outbox env={env} />
    </>
  );
}

function Outbox({ env }: { env: string }) {
  const [user, setUser] = useState('');
  const [asked, setAsked] = useState('');
  const loaded = useLoad(
    () => get<{ mails: Mail[] }>(`environments/${seg(env)}/otp-outbox${asked ? `?user=${seg(asked)}` : ''}`),
    [env, asked],
  );
  return (
    <section aria-labelledby="otp-outbox">
      <h2 id="otp-outbox">Outbox</h2>
      <p class="muted">The codes the server “e-mailed” to users (an emulated mailbox), newest first.</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setAsked(user);
          loaded.reload();
        }}
      >
        <div class="row">
          <TextField label="User" value={user} onValue={setUser} hint="Empty: every user." />
          <button type="submit">Show mails</button>
        </div>
      </form>
      <LoadNote loaded={loaded} what="the outbox" />
      <Table
        caption="OTP outbox"
        rows={loaded.data?.mails ?? []}
        empty="No mails."
        columns={[
          { title: 'Sent', cell: (m) => when(m.sentAt) },
          { title: 'User', cell: (m) => m.userId },
          { title: 'Code', cell: (m) => <code>{m.code}</code> },
        ]}
      />
    </section>
  );
}
