import type { Logger } from '../logger.js';
import type { ConfigProblem, SyncConfig } from '../mapping/types.js';

/**
 * Holds the mapping, rules and settings read from Salesforce Custom Metadata. Reloaded
 * when Okta_Config_Changed__e arrives and on an interval as a fallback. A failed reload
 * keeps the last good configuration.
 */
export interface SyncConfigSource {
  current(): SyncConfig;
  reload(reason: string): Promise<SyncConfig>;
  start(intervalMs: number): void;
  stop(): void;
  state(): {
    loadedAt: string | undefined;
    problems: readonly ConfigProblem[];
    lastError: string | undefined;
  };
}

export function createSyncConfigSource(deps: {
  load: () => Promise<SyncConfig>;
  logger: Logger;
  onProblems?: (problems: readonly ConfigProblem[]) => void | Promise<void>;
  /** After every successful load (what depends on the settings re-reads them). */
  onLoaded?: (config: SyncConfig) => void;
  now?: () => Date;
}): SyncConfigSource {
  const now = deps.now ?? (() => new Date());
  let config: SyncConfig | undefined;
  let loadedAt: string | undefined;
  let lastError: string | undefined;
  let inFlight: Promise<SyncConfig> | undefined;
  let timer: NodeJS.Timeout | undefined;

  async function load(reason: string): Promise<SyncConfig> {
    try {
      const next = await deps.load();
      config = next;
      loadedAt = now().toISOString();
      lastError = undefined;
      deps.logger.info(
        {
          reason,
          mappings: next.mappings.length,
          rules: next.accessRules.length,
          problems: next.problems.length,
        },
        'sync configuration loaded',
      );
      if (next.problems.length > 0) {
        deps.logger.warn({ problems: next.problems }, 'some configuration records were skipped');
        await deps.onProblems?.(next.problems);
      }
      deps.onLoaded?.(next);
      return next;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
      deps.logger.error({ err: error, reason }, 'could not load the sync configuration');
      if (config) return config;
      throw error;
    }
  }

  return {
    current() {
      if (!config) throw new Error('The sync configuration has not been loaded yet.');
      return config;
    },
    reload(reason) {
      inFlight ??= load(reason).finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    start(intervalMs) {
      timer = setInterval(() => {
        this.reload('interval').catch(() => undefined);
      }, intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
    },
    state: () => ({ loadedAt, problems: config?.problems ?? [], lastError }),
  };
}
