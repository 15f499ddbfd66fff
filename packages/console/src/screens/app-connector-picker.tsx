// The App Connector a screen works on (tokens, OTP): a select over the environment's App Connectors.

import { get, seg } from '../api.ts';
import type { AppConnector } from '../types.ts';
import { LoadNote, SelectField, useLoad } from '../ui.tsx';

export function useAppConnectors(env: string) {
  return useLoad(() => get<{ appConnectors: AppConnector[] }>(`environments/${seg(env)}/app-connectors`), [env]);
}

export function AppConnectorPicker(props: {
  env: string;
  all: AppConnector[] | undefined;
  value: string;
  onValue(name: string): void;
  loaded: Parameters<typeof LoadNote>[0]['loaded'];
}) {
  return (
    <>
      <LoadNote loaded={props.loaded} what="the App Connectors" />
      <SelectField
        label="App Connector"
        value={props.value}
        onValue={props.onValue}
        options={(props.all ?? []).map((a) => a.name)}
      />
    </>
  );
}
