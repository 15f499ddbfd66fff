// Environments: the list, a new one, and the chosen one's language, Profit version and maintenance mode.

import { useEffect, useState } from 'preact/hooks';
import { del, patch, post, put, seg } from '../api.ts';
import type { ScreenProps } from '../app.tsx';
import type { Environment } from '../types.ts';
import { CheckField, OutcomeNote, SelectField, saying, Table, TextField, useAction } from '../ui.tsx';

const LANGUAGES = [
  { value: 'nl', label: 'Dutch (nl)' },
  { value: 'en', label: 'English (en)' },
];

export function EnvironmentsScreen({ env, environments, reloadEnvironments }: ScreenProps) {
  const current = environments.find((e) => e.name === env);
  return (
    <>
      <Table
        caption="Environments"
        rows={environments}
        columns={[
          { title: 'Name', cell: (e) => <strong>{e.name}</strong> },
          { title: 'Type', cell: (e) => e.type },
          { title: 'Language', cell: (e) => e.language },
          { title: 'Profit version', cell: (e) => e.profitVersion },
          { title: 'Default', cell: (e) => (e.isDefault ? 'yes' : '') },
          { title: 'Definitions', cell: (e) => e.definitions },
          {
            title: 'Maintenance',
            cell: (e) =>
              e.maintenance ? `on: “${e.maintenance.message}”, retry after ${e.maintenance.retryAfter} s` : 'off',
          },
        ]}
      />
      {current ? <EditEnvironment key={current.name} environment={current} changed={reloadEnvironments} /> : null}
      <CreateEnvironment changed={reloadEnvironments} />
    </>
  );
}

function EditEnvironment({ environment, changed }: { environment: Environment; changed(): void }) {
  const [language, setLanguage] = useState<string>(environment.language);
  const [version, setVersion] = useState(environment.profitVersion);
  const [message, setMessage] = useState(environment.maintenance?.message ?? 'Maintenance: back soon.');
  const [retryAfter, setRetryAfter] = useState(String(environment.maintenance?.retryAfter ?? 3600));
  const [outcome, busy, act] = useAction();
  useEffect(() => setLanguage(environment.language), [environment.language]);
  const path = `environments/${seg(environment.name)}`;
  return (
    <section aria-labelledby="edit-env">
      <h2 id="edit-env">{environment.name}</h2>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          if (await act(saying(() => patch(path, { language, profitVersion: version }), `${environment.name} saved.`)))
            changed();
        }}
      >
        <div class="row">
          <SelectField label="Language" value={language} onValue={setLanguage} options={LANGUAGES} />
          <TextField label="Profit version" value={version} onValue={setVersion} placeholder="8.0.0" />
          <button type="submit" disabled={busy}>
            Save
          </button>
        </div>
      </form>
      <fieldset class="group">
        <legend>Maintenance mode</legend>
        <p class="muted">Every call to this environment answers 503 with the message and retry time below.</p>
        <div class="row">
          <TextField label="Message" value={message} onValue={setMessage} />
          <TextField
            class="narrow"
            label="Retry after (seconds)"
            type="number"
            min={0}
            value={retryAfter}
            onValue={setRetryAfter}
          />
        </div>
        <div class="actions">
          <button
            type="button"
            disabled={busy}
            onClick={async () => {
              if (
                await act(
                  saying(
                    () => put(`${path}/maintenance`, { message, retryAfter: Number(retryAfter) }),
                    `${environment.name} is in maintenance.`,
                  ),
                )
              )
                changed();
            }}
          >
            {environment.maintenance ? 'Update maintenance' : 'Start maintenance'}
          </button>
          {environment.maintenance ? (
            <button
              type="button"
              class="secondary"
              disabled={busy}
              onClick={async () => {
                if (await act(saying(() => del(`${path}/maintenance`), `${environment.name} is out of maintenance.`)))
                  changed();
              }}
            >
              End maintenance
            </button>
          ) : null}
        </div>
      </fieldset>
      <OutcomeNote outcome={outcome} />
    </section>
  );
}

function CreateEnvironment({ changed }: { changed(): void }) {
  const [name, setName] = useState('');
  const [language, setLanguage] = useState('nl');
  const [version, setVersion] = useState('');
  const [isDefault, setIsDefault] = useState(false);
  const [outcome, busy, act] = useAction();
  return (
    <section aria-labelledby="new-env">
      <h2 id="new-env">New environment</h2>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          const made = await act(
            saying(
              () => post(`environments`, { name, language, isDefault, ...(version ? { profitVersion: version } : {}) }),
              `Environment ${name} created.`,
            ),
          );
          if (made) {
            setName('');
            changed();
          }
        }}
      >
        <div class="row">
          <TextField
            label="Name"
            required
            value={name}
            onValue={setName}
            placeholder="T12345AA"
            hint="A type letter (O, T, A, C), the participant number and two letters."
          />
          <SelectField label="Language" value={language} onValue={setLanguage} options={LANGUAGES} />
          <TextField label="Profit version" value={version} onValue={setVersion} placeholder="8.0.0" />
        </div>
        <CheckField label="Default environment" checked={isDefault} onValue={setIsDefault} />
        <button type="submit" disabled={busy}>
          Create environment
        </button>
      </form>
      <OutcomeNote outcome={outcome} />
    </section>
  );
}
