import type { CommonConfig } from './config.js';
import { openConfiguredStore, type ConfiguredStore } from './store/open-configured-store.js';

/** The store a companion process's configuration names, opened for its role. */
export function openCompanionStore(
  config: Pick<CommonConfig, 'store' | 'http' | 'role'>,
  now: () => Date,
): Promise<ConfiguredStore> {
  return openConfiguredStore(
    {
      path: config.store.path,
      databaseUrl: config.store.databaseUrl?.reveal(),
      instanceId: config.store.instanceId,
      intake: config.role === 'intake',
    },
    { now, port: config.http.port },
  );
}
