// Renders metainfo from the compiled registry (PROTOCOL.md 4), in the caller's language, keys in wire order.
// The same registry serves the endpoints, so what metainfo says is what the connectors do.

import { CodedError, type GetMetainfo, type Language, type MetainfoList } from '@appconnector/protocol';
import type { Principal } from '../auth/authenticate.ts';
import type { Registry } from '../definitions/registry.ts';

export interface UpdateDescriber {
  description(id: string, language: Language): string | undefined;
}

export function renderMetainfoList(
  registry: Registry,
  principal: Principal,
  language: Language,
  updates: UpdateDescriber,
): MetainfoList {
  const updateConnectors = principal.appConnector.updateConnectors.flatMap((id) => {
    const description = updates.description(id, language);
    return description === undefined ? [] : [{ id, description }];
  });
  const getConnectors = principal.appConnector.getConnectors.flatMap((id) => {
    const connector = registry.getConnectors.get(id);
    return connector ? [{ id, description: connector.description[language] }] : [];
  });
  return {
    updateConnectors,
    getConnectors,
    info: {
      envid: principal.environment.name,
      appName: principal.appConnector.name,
      group: `${principal.appConnector.name} (${profitUser(principal.environment.participant, principal.userId)})`,
      tokenExpiry: principal.tokenExpiry ?? '0',
    },
  };
}

export function renderGetMetainfo(
  registry: Registry,
  principal: Principal,
  id: string,
  language: Language,
): GetMetainfo {
  const connector = registry.getConnectors.get(id);
  if (!connector || !principal.canGet(id)) throw new CodedError('getNotSupported');
  return {
    name: connector.id,
    description: connector.description[language],
    fields: connector.fields.map((field) => ({
      id: field.id,
      fieldId: field.fieldId,
      dataType: field.dataType,
      label: field.label[language],
      length: field.length,
      controlType: field.controlType,
      decimals: field.decimals,
      decimalsFieldId: '',
    })),
  };
}

/**
 * A Profit user as Profit shows it: `{participant}.{USER}`. OTP users already carry the participant
 * (`12345.jan`), so it is not put in front a second time (`12345.12345.JAN`).
 */
export function profitUser(participant: string, userId: string): string {
  const prefix = `${participant}.`;
  const own = userId.startsWith(prefix) ? userId.slice(prefix.length) : userId;
  return `${prefix}${own.toUpperCase()}`;
}
