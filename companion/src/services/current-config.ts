import { unavailable } from '../errors/domain-errors.js';
import type { SyncConfig } from '../mapping/types.js';
import type { SyncConfigSource } from '../workflows/sync-config-source.js';

/** The loaded sync configuration, or undefined before the first successful load. */
export function configIfLoaded(source: SyncConfigSource): SyncConfig | undefined {
  return source.state().loadedAt === undefined ? undefined : source.current();
}

/** The loaded sync configuration; `unavailable` before the first successful load. */
export function requireConfig(source: SyncConfigSource): SyncConfig {
  const config = configIfLoaded(source);
  if (!config) {
    throw unavailable(
      'The sync configuration has not been loaded from Salesforce yet; try again shortly.',
    );
  }
  return config;
}
