// The connector choice the runner and the composer open with: a list of the environment's Get- or UpdateConnectors
// (the one named in the URL first), and the screen's body for the chosen one, made anew when the choice changes.

import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { LoadNote, SelectField } from '../ui.tsx';
import { useConnectors } from './connector-data.ts';

interface ConnectorPickerProps {
  env: string;
  params: URLSearchParams;
  kind: 'GetConnector' | 'UpdateConnector';
  children: (connector: string) => ComponentChildren;
}

export function ConnectorPicker({ env, params, kind, children }: ConnectorPickerProps) {
  const connectors = useConnectors(env);
  const ids = (kind === 'GetConnector' ? connectors.data?.getConnectors : connectors.data?.updateConnectors) ?? [];
  const [id, setId] = useState(params.get('connector') ?? '');
  const connector = ids.find((c) => c.id === id)?.id ?? ids[0]?.id ?? '';
  return (
    <>
      <LoadNote loaded={connectors} what={`the ${kind}s`} />
      <SelectField
        label={kind}
        value={connector}
        onValue={setId}
        options={ids.map((c) => ({ value: c.id, label: `${c.id}${c.description ? ` · ${c.description}` : ''}` }))}
      />
      {connector ? children(connector) : null}
    </>
  );
}
