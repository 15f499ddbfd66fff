// Loading what the explore screens need: the environment's connectors and one connector's metainfo.

import type { GetMetainfo, UpdateMetainfo } from '@appconnector/protocol';
import { get, seg } from '../api.ts';
import type { ConnectorList } from '../types.ts';
import { useLoad } from '../ui.tsx';

export function useConnectors(env: string) {
  return useLoad(() => get<ConnectorList>(`environments/${seg(env)}/connectors`), [env]);
}

export function useGetMetainfo(env: string, id: string) {
  return useLoad(
    () => (id ? get<GetMetainfo>(`environments/${seg(env)}/metainfo/get/${seg(id)}`) : Promise.resolve(undefined)),
    [env, id],
  );
}

export function useUpdateMetainfo(env: string, id: string) {
  return useLoad(
    () =>
      id ? get<UpdateMetainfo>(`environments/${seg(env)}/metainfo/update/${seg(id)}`) : Promise.resolve(undefined),
    [env, id],
  );
}
