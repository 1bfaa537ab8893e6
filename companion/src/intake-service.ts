import { createApp } from './app.js';
import { openCompanionStore } from './companion-store.js';
import type { CompanionConfig } from './config.js';
import { listen, type ListeningServer } from './http/listen.js';
import { oktaHookIntake, scimIntake } from './inbound-routes.js';
import type { Logger } from './logger.js';
import { createMetrics, type Metrics } from './metrics.js';
import type { Store } from './store/index.js';

/**
 * The `intake` role: Okta's event hooks and SCIM, health and metrics, nothing else. It opens
 * no connection to Okta or Salesforce and runs no loop, so an acknowledgement costs a check and
 * one transaction whatever the workers are doing, and it keeps accepting while Salesforce or
 * Okta is unreachable. Workers learn of the jobs from the store (`Store.watchJobs`).
 */

export interface RunningIntake {
  url: string;
  store: Store;
  metrics: Metrics;
  server: ListeningServer;
  stop(): Promise<void>;
}

export async function startIntake(
  config: CompanionConfig,
  options: { logger: Logger; now?: () => Date },
): Promise<RunningIntake> {
  const { logger } = options;
  const now = options.now ?? (() => new Date());
  const metrics = createMetrics();
  const opened = await openCompanionStore(config, now);
  const { store } = opened;
  // Workers in other processes are told by the store itself (data version, NOTIFY).
  const inbound = { config, store, metrics, logger, now, wake: () => undefined };
  const scim = scimIntake(inbound);
  const app = createApp({
    logger,
    metrics,
    readiness: [{ name: 'store', check: () => store.healthCheck() }],
    oktaHooks: oktaHookIntake(inbound),
    ...(scim ? { scim } : {}),
  });
  const server = await listen(app, { host: config.http.host, port: config.http.port });
  logger.info(
    {
      url: server.url,
      mode: config.mode,
      role: 'intake',
      instanceId: opened.instanceId,
      store: opened.backend,
    },
    'companion intake listening',
  );
  let stopping: Promise<void> | undefined;
  return {
    url: server.url,
    store,
    metrics,
    server,
    stop() {
      stopping ??= (async () => {
        await server.close(config.shutdownGraceSeconds * 1000);
        await store.close();
        logger.info('companion intake stopped');
      })();
      return stopping;
    },
  };
}
