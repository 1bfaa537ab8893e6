import { Hono } from 'hono';
import { AppError } from '../../http/app-error.js';
import type { Logger } from '../../logger.js';
import type { SyncConfigSource } from '../../workflows/sync-config-source.js';
import type { ApiEnv } from './api-env.js';

export interface ConfigRouteDeps {
  syncConfig: SyncConfigSource;
  logger: Logger;
}

/** `config/reload`: re-reads mappings, rules and settings from Salesforce now. */
export function configRoutes(deps: ConfigRouteDeps) {
  return new Hono<ApiEnv>().post('/reload', async (c) => {
    try {
      await deps.syncConfig.reload('api');
    } catch {
      // Logged by the config source; nothing was ever loaded.
    }
    const state = deps.syncConfig.state();
    if (state.lastError !== undefined) {
      throw AppError.unavailable(
        state.loadedAt === undefined
          ? 'The configuration could not be read from Salesforce.'
          : 'The configuration could not be read from Salesforce; the last good configuration stays in use.',
        { loadedAt: state.loadedAt ?? null, lastError: state.lastError },
      );
    }
    return c.json({ loadedAt: state.loadedAt ?? null, problems: state.problems });
  });
}
