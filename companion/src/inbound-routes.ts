import { randomUUID } from 'node:crypto';
import type { CompanionConfig } from './config.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { OktaHookDeps } from './routes/okta-hooks.js';
import type { ScimDeps } from './routes/scim/index.js';
import type { Secret } from './secret.js';
import { createScimGroupService } from './services/scim-groups.js';
import { createScimUserService, type ScimServiceDeps } from './services/scim-users.js';
import type { AuditJournal, Store } from './store/types.js';
import { invalidEventAuditEntries } from './intake/invalid-event-report.js';
import type { InvalidOktaEvent, OktaEventSource } from './intake/okta-events.js';

/**
 * What Okta sends the companion — event hook deliveries and SCIM requests — wired to the
 * store. Both the `intake` role and the `all` role serve them this way: a request is checked,
 * its events stored in one transaction, and answered; the worker takes it from there.
 */

export interface InboundDeps {
  config: Pick<CompanionConfig, 'okta' | 'scim' | 'http'>;
  store: Store;
  metrics: Metrics;
  logger: Logger;
  now: () => Date;
  /** Tells a worker in this process that jobs were queued (others learn from the store). */
  wake: () => void;
}

/** Okta events that cannot be read are counted and journaled, never stored as events. */
export function invalidEventReporter(deps: Pick<InboundDeps, 'metrics' | 'now'>) {
  return async (
    journal: AuditJournal,
    source: OktaEventSource,
    invalid: readonly InvalidOktaEvent[],
    batchId: string,
  ): Promise<void> => {
    if (invalid.length === 0) return;
    deps.metrics.eventsReceived.inc({ source, fate: 'invalid' }, invalid.length);
    const entries = invalidEventAuditEntries({
      source,
      invalid,
      batchId,
      at: deps.now(),
      newId: randomUUID,
    });
    for (const entry of entries) await journal.record(entry);
  };
}

export function oktaHookIntake(deps: InboundDeps): OktaHookDeps {
  const { config, store, metrics } = deps;
  const reportInvalid = invalidEventReporter(deps);
  return {
    hookSecrets: [config.okta.hookSecret, config.okta.hookSecretPrevious].filter(
      (secret): secret is Secret => secret !== undefined,
    ),
    maxBodyBytes: config.http.hookMaxBodyBytes,
    accept: async (events) => {
      const result = await store.inbox.accept(events);
      if (result.accepted > 0) deps.wake();
      return result;
    },
    onAnswered: (seconds) => metrics.hookAck.observe(seconds),
    onReceived: async (summary) => {
      metrics.eventsReceived.inc({ source: 'okta-hook', fate: 'accepted' }, summary.accepted);
      metrics.eventsReceived.inc({ source: 'okta-hook', fate: 'duplicate' }, summary.duplicates);
      metrics.eventsReceived.inc({ source: 'okta-hook', fate: 'ignored' }, summary.skipped.length);
      await reportInvalid(
        store.audit,
        'okta-hook',
        summary.invalid,
        `okta-hook:${summary.deliveryId}`,
      );
    },
  };
}

/** Okta provisioning over SCIM: stored and answered at once, applied through the queue. */
export function scimIntake(deps: InboundDeps): ScimDeps | undefined {
  const { config } = deps;
  if (!config.scim) return undefined;
  const services: ScimServiceDeps = {
    store: deps.store,
    now: deps.now,
    newId: randomUUID,
    onAccepted: (result) => {
      deps.metrics.eventsReceived.inc({ source: 'okta-scim', fate: 'accepted' }, result.accepted);
      if (result.accepted > 0) deps.wake();
    },
  };
  return {
    tokens: config.scim.tokens,
    users: createScimUserService(services),
    groups: createScimGroupService(services),
    logger: deps.logger,
    baseUrl: config.http.publicUrl ? `${config.http.publicUrl}/scim/v2` : undefined,
  };
}
