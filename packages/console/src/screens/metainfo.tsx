// Every connector's metainfo as a client gets it (in the environment's language), linked or not.

import type { GetMetainfo, MetainfoList, UpdateMetainfo, UpdateObjectMetainfo } from '@appconnector/protocol';
import { useState } from 'preact/hooks';
import { get, seg } from '../api.ts';
import type { ScreenProps } from '../app.tsx';
import { href } from '../router.ts';
import { LoadNote, Table, useLoad } from '../ui.tsx';

export function MetainfoScreen({ env, params }: ScreenProps) {
  const list = useLoad(() => get<MetainfoList>(`environments/${seg(env)}/metainfo`), [env]);
  const [chosen, setChosen] = useState(params.get('connector') ?? '');
  const gets = list.data?.getConnectors ?? [];
  const updates = list.data?.updateConnectors ?? [];
  const value = chosen || (gets[0] ? `get/${gets[0].id}` : '');
  const [kind, id] = value.split('/', 2) as ['get' | 'update', string];
  return (
    <>
      <LoadNote loaded={list} what="the connectors" />
      <label>
        Connector
        <select value={value} onChange={(e) => setChosen((e.target as HTMLSelectElement).value)}>
          <optgroup label="GetConnectors">
            {gets.map((c) => (
              <option key={c.id} value={`get/${c.id}`}>
                {c.id} · {c.description}
              </option>
            ))}
          </optgroup>
          <optgroup label="UpdateConnectors">
            {updates.map((c) => (
              <option key={c.id} value={`update/${c.id}`}>
                {c.id} · {c.description}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      {id ? <Detail key={value} env={env} kind={kind} id={id} /> : null}
    </>
  );
}

function Detail({ env, kind, id }: { env: string; kind: 'get' | 'update'; id: string }) {
  const meta = useLoad(
    () => get<GetMetainfo | UpdateMetainfo>(`environments/${seg(env)}/metainfo/${kind}/${seg(id)}`),
    [env, kind, id],
  );
  return (
    <section aria-labelledby="meta-title">
      <h2 id="meta-title">
        {id} <span class="muted">{meta.data?.description}</span>
      </h2>
      <LoadNote loaded={meta} what="the metainfo" />
      <p>
        {kind === 'get' ? (
          <a href={href('runner', { connector: id })}>Run {id}</a>
        ) : (
          <a href={href('composer', { connector: id })}>Compose a write to {id}</a>
        )}
      </p>
      {meta.data && kind === 'get' ? (
        <Table
          caption={`Fields of ${id}`}
          rows={(meta.data as GetMetainfo).fields}
          columns={[
            { title: 'Id', cell: (f) => <code>{f.id}</code> },
            { title: 'Label', cell: (f) => f.label },
            { title: 'Type', cell: (f) => f.dataType },
            { title: 'Length', cell: (f) => f.length },
            { title: 'Decimals', cell: (f) => f.decimals },
            { title: 'Control type', cell: (f) => f.controlType },
          ]}
        />
      ) : null}
      {meta.data && kind === 'update' ? <UpdateObject object={meta.data as UpdateMetainfo} /> : null}
    </section>
  );
}

function UpdateObject({ object }: { object: UpdateObjectMetainfo }) {
  return (
    <>
      <h3>Object {object.name}</h3>
      <Table
        caption={`Fields of ${object.name}`}
        rows={object.fields}
        columns={[
          { title: 'Field id', cell: (f) => <code>{f.fieldId}</code> },
          { title: 'Label', cell: (f) => f.label },
          { title: 'Type', cell: (f) => f.dataType },
          { title: 'Length', cell: (f) => f.length },
          { title: 'Key', cell: (f) => (f.primaryKey ? 'yes' : '') },
          { title: 'Mandatory', cell: (f) => (f.mandatory ? 'yes' : '') },
          { title: 'Not zero', cell: (f) => (f.notzero ? 'yes' : '') },
          {
            title: 'Code table',
            cell: (f) => (f.values ? f.values.map((v) => `${v.id} ${v.description}`).join('; ') : ''),
          },
        ]}
      />
      {object.objects.map((child) => (
        <UpdateObject key={child.name} object={child} />
      ))}
    </>
  );
}
