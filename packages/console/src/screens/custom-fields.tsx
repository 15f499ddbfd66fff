// Custom fields (U + 32 hex) of the chosen environment's own definitions: the list and a new one.

import { DATA_TYPES } from '@appconnector/protocol';
import type { CustomFieldInfo } from '@appconnector/server';
import { useState } from 'preact/hooks';
import { get, post, seg } from '../api.ts';
import type { ScreenProps } from '../app.tsx';
import { LoadNote, OutcomeNote, SelectField, Table, TextField, useAction, useLoad } from '../ui.tsx';

const split = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

export function CustomFieldsScreen({ env }: ScreenProps) {
  const path = `environments/${seg(env)}/custom-fields`;
  const loaded = useLoad(() => get<{ fields: CustomFieldInfo[] }>(path), [env]);
  const [object, setObject] = useState('');
  const [label, setLabel] = useState('');
  const [labelNl, setLabelNl] = useState('');
  const [type, setType] = useState('string');
  const [length, setLength] = useState('');
  const [decimals, setDecimals] = useState('');
  const [gets, setGets] = useState('');
  const [updates, setUpdates] = useState('');
  const [changes, setChanges] = useState<string[]>([]);
  const [outcome, busy, act] = useAction();
  return (
    <>
      <LoadNote loaded={loaded} what="the custom fields" />
      <Table
        caption={`Custom fields of ${env}`}
        rows={loaded.data?.fields ?? []}
        empty="No custom fields in this environment."
        columns={[
          { title: 'Field id', cell: (f) => <code>{f.fieldId}</code> },
          { title: 'Label', cell: (f) => f.label },
          { title: 'Type', cell: (f) => f.type },
          { title: 'Table.column', cell: (f) => `${f.table}.${f.column}` },
          { title: 'GetConnectors', cell: (f) => f.getConnectors.join(', ') },
          { title: 'Update objects', cell: (f) => f.updateObjects.join(', ') },
        ]}
      />
      <section aria-labelledby="new-field">
        <h2 id="new-field">New custom field</h2>
        <form
          onSubmit={async (event) => {
            event.preventDefault();
            await act(async () => {
              const made = await post<{ fieldId: string; changes: string[] }>(path, {
                object,
                label,
                ...(labelNl ? { labelNl } : {}),
                type,
                ...(length ? { length: Number(length) } : {}),
                ...(decimals ? { decimals: Number(decimals) } : {}),
                ...(gets ? { get: split(gets) } : {}),
                ...(updates ? { update: split(updates) } : {}),
              });
              setChanges(made.changes ?? []);
              loaded.reload();
              return `Field ${made.fieldId} added to ${env}.`;
            });
          }}
        >
          <div class="row">
            <TextField
              label="Table or collection"
              required
              value={object}
              onValue={setObject}
              hint="Where the field is stored, e.g. the employees table or its data collection."
            />
            <TextField label="Label (English)" required value={label} onValue={setLabel} />
            <TextField label="Label (Dutch)" value={labelNl} onValue={setLabelNl} />
          </div>
          <div class="row">
            <SelectField label="Type" value={type} onValue={setType} options={DATA_TYPES} />
            <TextField label="Length" type="number" min={1} value={length} onValue={setLength} />
            <TextField label="Decimals" type="number" min={0} value={decimals} onValue={setDecimals} />
          </div>
          <div class="row">
            <TextField label="In GetConnectors" value={gets} onValue={setGets} hint="Ids, comma-separated." />
            <TextField
              label="In update objects"
              value={updates}
              onValue={setUpdates}
              placeholder="KnEmployee/AfasEmployee"
              hint="Connector/object, comma-separated."
            />
          </div>
          <button type="submit" disabled={busy}>
            Add field
          </button>
        </form>
        <OutcomeNote outcome={outcome} />
        {changes.length ? (
          <>
            <h3>Changes to the definitions</h3>
            <pre>{changes.join('\n')}</pre>
          </>
        ) : null}
      </section>
    </>
  );
}
