import { randomUUID } from 'node:crypto';
import type { Connection } from 'jsforce';
import { deadLetterAlert, guardTrippedAlert, reconciliationAlert } from './audit/alert-messages.js';
import { createAlerter } from './audit/alerts.js';
import { configProblemEntries } from './audit/config-problem-entries.js';
import { createAuditMirror, type AuditMirror } from './audit/salesforce-mirror.js';
import { createSalesforceNotifier } from './audit/salesforce-notifier.js';
import { createCompanionNotifier } from './notifications/companion-notifier.js';
import { loadNotificationRules } from './notifications/rule-loader.js';
import type { NotificationRule } from './notifications/rule-types.js';
import type { Notifier } from './notifications/notifier.js';
import { createApp } from './app.js';
import { openCompanionStore } from './companion-store.js';
import type { CdcSubscriberDeps } from './cdc/cdc-subscriber.js';
import { createLostEventsReconciler } from './cdc/lost-events-reconciliation.js';
import type { CompanionConfig } from './config.js';
import { listen, type ListeningServer } from './http/listen.js';
import { invalidEventReporter, oktaHookIntake, scimIntake } from './inbound-routes.js';
import {
  createSystemLogPoller,
  SYSTEM_LOG_CURSOR,
  type SystemLogPoller,
} from './intake/system-log-poller.js';
import type { Logger } from './logger.js';
import { loadSyncConfig } from './mapping/config-loader.js';
import { createMetrics, type Metrics } from './metrics.js';
import { createAdminRoles, privilegedRuleGroupProblems } from './okta/admin-roles.js';
import { createOktaClient, type OktaClient } from './okta/client.js';
import { probeOkta, resolveProbeUserId } from './okta/readiness-probe.js';
import { createWorker, type Worker } from './queue/worker.js';
import { connectSalesforce, refreshSalesforceToken } from './salesforce/connection.js';
import { countLinkedContacts } from './salesforce/linked-contacts.js';
import { createQueueIdLookup } from './salesforce/queue-ids.js';
import { probeSalesforce } from './salesforce/readiness-probe.js';
import { startInboxPruning } from './services/inbox-pruning.js';
import { startQueueGauges } from './services/queue-gauges.js';
import { readinessChecks } from './services/readiness.js';
import { cachedFor } from './ttl-cache.js';
import {
  createReconciliationScheduler,
  createReconciliationService,
  type ReconciliationService,
} from './reconciliation/index.js';
import { createOktaGateway } from './okta/okta-gateway.js';
import { createSalesforceToOkta, type SalesforceToOkta } from './workflows/salesforce-to-okta.js';
import { applyWrites, queryAll, type SalesforceWrite } from './salesforce/record-writer.js';
import type { JobWatch, Store } from './store/index.js';
import { instanceLeasePrefix, runWorkerId } from './store/instance-id.js';
import {
  createLeaseLeadership,
  createSingleInstanceLeadership,
  type Leadership,
  type SingletonWork,
} from './leadership/leadership.js';
import { createGuardService, type GuardService } from './workflows/guard-service.js';
import { createOktaWriteLedger, withOktaWriteLedger } from './echo/okta-write-ledger.js';
import { createGroupMembershipHandler } from './workflows/okta-group-membership.js';
import { createGroupDeletedHandler } from './workflows/okta-group-deleted.js';
import { deletedRuleGroups, withoutDeletedGroupRules } from './mapping/deleted-rule-groups.js';
import { createOktaUserSyncHandler, GUARD_HELD } from './workflows/okta-user-sync.js';
import { createSyncConfigSource, type SyncConfigSource } from './workflows/sync-config-source.js';
import { JOB_KIND } from './intake/okta-events.js';
import { withScimUser, withScimUsers } from './services/scim-okta-profile.js';
import { SCIM_JOB_KIND } from './services/scim-events.js';
import {
  createScimGroupLinkHandler,
  createScimUserLinkHandler,
  type ScimLinkDeps,
} from './services/scim-link-jobs.js';

/**
 * The composition root: builds every dependency from the configuration, wires the
 * intake, the queue and the workflows, and listens. Nothing else creates clients.
 */

export interface RunningCompanion {
  url: string;
  store: Store;
  okta: OktaClient;
  salesforce: Connection;
  metrics: Metrics;
  worker: Worker;
  poller: SystemLogPoller;
  syncConfig: SyncConfigSource;
  guard: GuardService;
  auditMirror: AuditMirror;
  notifier: Notifier;
  salesforceToOkta: SalesforceToOkta;
  reconciliation: ReconciliationService;
  /** This instance and whether it leads (runs the poller, CDC, schedules, the mirror). */
  leadership: Leadership;
  server: ListeningServer;
  stop(): Promise<void>;
}

export interface StartOptions {
  logger: Logger;
  /** Start background loops (worker, poller, CDC, sweeper, mirror, schedules). Default true. */
  background?: boolean;
  now?: () => Date;
  /** Liveness limits of the CDC channels (default: Salesforce's long-poll timeout + 30 s). */
  cdcLiveness?: CdcSubscriberDeps['liveness'];
}

export async function startCompanion(
  config: CompanionConfig,
  options: StartOptions,
): Promise<RunningCompanion> {
  if (config.role === 'intake') {
    throw new Error('the intake role is started by startIntake (src/intake-service.ts)');
  }
  const { logger } = options;
  const background = options.background ?? true;
  const now = options.now ?? (() => new Date());
  const metrics = createMetrics();
  const opened = await openCompanionStore(config, now);
  const { store, instanceId } = opened;
  // Leases are owned per instance and run: what this instance's previous run (e.g. a killed
  // process) still held is released now instead of blocking its subjects until it expires.
  const workerId = runWorkerId(instanceId);
  const released = await store.jobs.releaseLeases(instanceLeasePrefix(instanceId), workerId);
  if (released > 0) {
    logger.warn(
      { released, instanceId },
      "released the queue leases of this instance's previous run",
    );
  }
  const okta = createOktaClient(config.okta, {
    onResponse: (info) => metrics.apiCalls.inc({ system: 'okta', operation: info.family }),
  });
  const adminRoles = createAdminRoles(okta);
  const oktaGateway = createOktaGateway(okta, {
    adminRoles,
    identityWrites: new Set(config.identityWrites),
  });
  const salesforce = await connectSalesforce(config.salesforce);
  const probeUserId = await resolveProbeUserId(oktaGateway, config.okta.auth, logger);
  // What the companion writes to Okta profiles, so their echoes do not flow back to Salesforce.
  // Okta events are never dropped because of their actor: the account that owns the companion's
  // credentials may be a person in the Admin Console.
  const oktaWrites = createOktaWriteLedger({
    now: () => now().getTime(),
    store: store.oktaWrites,
  });

  const countSalesforceCall = (operation: string) =>
    metrics.apiCalls.inc({ system: 'salesforce', operation });
  const query = <T extends Record<string, unknown>>(soql: string) =>
    queryAll<T>(salesforce, soql, countSalesforceCall);
  const plainWrite = async (writes: readonly SalesforceWrite[]) => {
    if (writes.length === 0) return [];
    return applyWrites(salesforce, writes, countSalesforceCall);
  };

  // Called after every configuration load: the reconciliation schedule re-reads its expression.
  const configLoaded: (() => void)[] = [];
  let notificationRules: readonly NotificationRule[] = [];
  const syncConfig = createSyncConfigSource({
    load: async () => {
      const loaded = await loadSyncConfig({
        query: (soql) => query(soql),
        describe: (name) => salesforce.describe(name),
        identityWrites: new Set(config.identityWrites),
      });
      // A rule whose Okta group was deleted is suspended until someone edits it.
      const active = withoutDeletedGroupRules({
        rules: loaded.accessRules,
        deletedGroupIds: await deletedRuleGroups(
          loaded.accessRules,
          async (groupId) => (await oktaGateway.getGroup(groupId)) !== null,
        ),
      });
      const privileged = await privilegedRuleGroupProblems(active.accessRules, (groupId) =>
        adminRoles.ofGroup(groupId),
      );
      const notices = await loadNotificationRules({
        query: (soql) => query(soql),
        describe: (name) => salesforce.describe(name),
      });
      notificationRules = notices.rules;
      return {
        ...loaded,
        accessRules: active.accessRules,
        suspendedRules: active.suspendedRules,
        problems: [...loaded.problems, ...active.problems, ...privileged, ...notices.problems],
      };
    },
    logger,
    onLoaded: () => {
      for (const listener of configLoaded) listener();
    },
    // A record that was skipped is reported in health (/readyz, /api/v1/health) and here.
    onProblems: async (problems) => {
      for (const entry of configProblemEntries({ problems, at: now(), newId: randomUUID }))
        await store.audit.record(entry);
    },
  });
  await syncConfig.reload('start');

  const alerter = createAlerter({
    logger,
    webhookUrl: config.alerts.webhookUrl,
    salesforce: createSalesforceNotifier({
      query,
      invokeNotificationAction: (body) =>
        salesforce.requestPost(
          `/services/data/v${salesforce.version}/actions/standard/customNotificationAction`,
          body,
        ),
    }),
    recipientId: () => syncConfig.current().settings.alertRecipientId,
  });

  const guard = createGuardService({
    cursors: store.cursors,
    exclusive: (fn) => store.transaction((tx) => fn(tx.cursors)),
    countLinkedContacts: () => countLinkedContacts(salesforce),
    onTrip: (info) => {
      metrics.guardTripped.set(1);
      void alerter.alert(guardTrippedAlert(info));
    },
    onRelease: async () => {
      metrics.guardTripped.set(0);
      await store.jobs.releaseWaiting(GUARD_HELD);
      worker.wake();
    },
    now,
  });

  // Salesforce → Okta: CDC subscription, access workflows, temporary grants. Its writer
  // remembers what the companion wrote, so change events that only echo it are dropped.
  const salesforceToOkta = createSalesforceToOkta({
    store,
    query,
    write: plainWrite,
    okta: withOktaWriteLedger(oktaGateway, oktaWrites),
    readUsers: (ids) => oktaGateway.readUsers(ids),
    config: () => syncConfig.current(),
    guard,
    alerter,
    salesforce: () => salesforce,
    refreshToken: () => refreshSalesforceToken(salesforce, config.salesforce),
    reloadConfig: (reason) => syncConfig.reload(reason),
    requestReconciliation: (entity, reason) => void lostEvents.request(entity, reason),
    clientTag: config.salesforce.clientTag,
    wake: () => worker.wake(),
    ...(options.cdcLiveness ? { cdcLiveness: options.cdcLiveness } : {}),
    logger,
    now,
  });
  const write = salesforceToOkta.write;

  const reconciliation = await createReconciliationService({
    okta,
    // An app user Okta unassigned over SCIM stays deprovisioned in a reconciliation too.
    adjustUsers: async (users) => {
      const scim = await store.scim.usersByOktaUserId(users.map((u) => u.id));
      return users.map((user) => withScimUser(user, scim.get(user.id)) ?? user);
    },
    salesforce,
    store: store.reconciliations,
    config: () => syncConfig.current(),
    logger,
    now,
    write,
    audit: store.audit,
    onSettled: (run) => {
      const alert = reconciliationAlert(run);
      if (alert) void alerter.alert(alert);
    },
  });
  // Lost Contact change events (replay window passed, overflow) lead to a reconciliation.
  const lostEvents = createLostEventsReconciler({
    reconciliation: () => reconciliation,
    audit: store.audit,
    logger,
    now,
  });
  const reconciliationScheduler = createReconciliationScheduler({
    service: reconciliation,
    cron: () => syncConfig.current().settings.reconciliationCron,
    logger,
    now,
  });
  configLoaded.push(() => reconciliationScheduler.refresh());

  // SCIM resources pushed without their Okta id are linked by login or group name first.
  const scimLinks: ScimLinkDeps = {
    store,
    audit: store.audit,
    findOktaUser: async (login) => (await oktaGateway.getUser(login))?.id,
    findOktaGroup: (name) => oktaGateway.findGroupIdByName(name),
    onAccepted: (result) => {
      if (result.accepted > 0) worker.wake();
    },
    now,
  };

  const worker = createWorker({
    store,
    logger,
    workerId,
    concurrency: config.worker.concurrency,
    maxAttempts: config.worker.maxAttempts,
    // A batch of users is read with one Okta list call per 100 and written in collections
    // of 200: larger batches mean fewer API calls per event in a burst.
    batchSize: 200,
    now,
    handlers: {
      [JOB_KIND.oktaUserSync]: createOktaUserSyncHandler({
        // With SCIM on, an unassigned app user (active: false) is deprovisioned too.
        readUsers: withScimUsers((ids) => oktaGateway.readUsers(ids), store.scim),
        query,
        write,
        config: () => syncConfig.current(),
        audit: store.audit,
        guard,
        queueId: createQueueIdLookup(query),
        accountCache: new Map(),
        ownWrites: oktaWrites,
        baselines: store.syncBaselines,
        now,
      }),
      [JOB_KIND.oktaGroupDeleted]: createGroupDeletedHandler({
        config: () => syncConfig.current(),
        reloadConfig: (reason) => syncConfig.reload(reason),
        endGroupGrants: async (groupId, reason) =>
          (await salesforceToOkta.grants.endGroupGrants(groupId, reason)).length,
        alert: (alert) => alerter.alert(alert),
        audit: store.audit,
      }),
      [JOB_KIND.oktaGroupMembership]: createGroupMembershipHandler({
        readUsers: (ids) => oktaGateway.readUsers(ids),
        groupsOf: async (userId) => new Set(await oktaGateway.listGroupIds(userId)),
        query,
        write,
        config: () => syncConfig.current(),
        audit: store.audit,
        now,
      }),
      ...salesforceToOkta.handlers,
      [SCIM_JOB_KIND.userLink]: createScimUserLinkHandler(scimLinks),
      [SCIM_JOB_KIND.groupLink]: createScimGroupLinkHandler(scimLinks),
    },
    onDeadLetter: (job, error) => alerter.alert(deadLetterAlert(job, error)),
    onJobFinished: (kind, outcome) => metrics.jobs.inc({ kind, outcome }),
    onBatchRun: (kind, seconds) => metrics.jobDuration.observe({ kind }, seconds),
  });

  const reportInvalid = invalidEventReporter({ metrics, now });

  const poller = createSystemLogPoller({
    okta,
    readCursor: () => store.cursors.get(SYSTEM_LOG_CURSOR),
    commitPage: (events, cursor, invalid) =>
      store.transaction(async (tx) => {
        const result = await tx.inbox.accept(events);
        await reportInvalid(tx.audit, 'okta-log', invalid, `okta-log:${cursor}`);
        await tx.cursors.set(SYSTEM_LOG_CURSOR, cursor);
        if (result.accepted > 0) worker.wake();
        return result;
      }),
    lookbackMinutes: config.systemLog.lookbackMinutes,
    logger,
    now,
  });

  const mirror = createAuditMirror({ journal: store.audit, write, logger });
  const notifier = createCompanionNotifier({
    store,
    salesforce,
    query,
    okta: oktaGateway,
    webhookUrl: config.alerts.webhookUrl,
    rules: () => notificationRules,
    logger,
    now,
  });

  // Singleton work runs on the leader only: on SQLite the single instance, on PostgreSQL the
  // instance holding the leader lease. The notifier is one: each journal entry is told once.
  const singletonWork: SingletonWork = {
    start() {
      poller.start(config.systemLog.pollSeconds * 1000);
      mirror.start(5_000);
      notifier.start(5_000);
      salesforceToOkta.subscriber.start();
      salesforceToOkta.sweeper.start(30_000);
      reconciliationScheduler.start();
    },
    async stop() {
      reconciliationScheduler.stop();
      await Promise.all([
        poller.stop(),
        salesforceToOkta.subscriber.stop(),
        salesforceToOkta.sweeper.stop(),
        mirror.stop(),
        notifier.stop(),
      ]);
    },
  };
  const leadership: Leadership = opened.leaderLease
    ? createLeaseLeadership({
        instanceId,
        lease: opened.leaderLease,
        work: singletonWork,
        onSilentLeasesExpired: () => worker.wake(),
        logger,
        now,
      })
    : createSingleInstanceLeadership({ instanceId, work: singletonWork, now });

  const readiness = readinessChecks({
    store: () => store.healthCheck(),
    okta: cachedFor(30_000, () => probeOkta(oktaGateway, probeUserId)),
    salesforce: cachedFor(30_000, () => probeSalesforce(salesforce)),
    cdcChannels: () => salesforceToOkta.subscriber.state(),
    cdcRequired: () => background && leadership.isLeader(),
    leadership: () => leadership.view(),
    schedule: () => reconciliationScheduler.view(),
    syncConfig,
  });

  // A worker process leaves Okta's hooks and SCIM to the intake processes.
  const inbound =
    config.role === 'worker'
      ? undefined
      : { config, store, metrics, logger, now, wake: () => worker.wake() };
  const scim = inbound ? scimIntake(inbound) : undefined;

  const app = createApp({
    logger,
    readiness,
    metrics,
    ...(scim ? { scim } : {}),
    ...(inbound ? { oktaHooks: oktaHookIntake(inbound) } : {}),
    api: {
      secrets: config.api.secrets,
      okta: oktaGateway,
      store,
      syncConfig,
      guard,
      grants: salesforceToOkta.grants,
      reconciliations: reconciliation,
      querySalesforce: (soql) => query(soql),
      wake: () => worker.wake(),
      pollerState: () => poller.lastPoll(),
      channelStates: () => salesforceToOkta.subscriber.state(),
      leadership: () => leadership.view(),
      reconciliationSchedule: () => reconciliationScheduler.view(),
      linkedContacts: () => countLinkedContacts(salesforce),
      describeObject: (name) => salesforce.describe(name),
      now,
      logger,
    },
  });
  const server = await listen(app, { host: config.http.host, port: config.http.port });

  const gauges = startQueueGauges(
    { metrics, jobs: store.jobs, guardTripped: async () => (await guard.state()).tripped },
    5_000,
  );
  const inboxPruning = startInboxPruning({ inbox: store.inbox, now }, 3600_000);

  // Jobs queued by another process (an intake, the reconcile command) or instance.
  let jobWatch: JobWatch | undefined;
  if (background) {
    jobWatch = store.watchJobs(() => worker.wake());
    worker.start();
    syncConfig.start(config.configReloadSeconds * 1000);
    leadership.start();
  }
  logger.info(
    { url: server.url, mode: config.mode, role: config.role, instanceId, store: opened.backend },
    'companion listening',
  );

  let stopping: Promise<void> | undefined;
  return {
    url: server.url,
    store,
    okta,
    salesforce,
    metrics,
    worker,
    poller,
    syncConfig,
    guard,
    auditMirror: mirror,
    notifier,
    salesforceToOkta,
    reconciliation,
    leadership,
    server,
    stop() {
      stopping ??= (async () => {
        gauges.stop();
        inboxPruning.stop();
        syncConfig.stop();
        // A single instance always mirrors; of several, the leader.
        const leader = leadership.isLeader() || opened.leaderLease === undefined;
        await server.close(config.shutdownGraceSeconds * 1000);
        await jobWatch?.stop();
        await leadership.stop();
        // Also what a caller started by hand without the background loops (tests do).
        await singletonWork.stop();
        await worker.stop({ drain: true });
        // The leader mirrors what the drained jobs journaled, then hands the lease on.
        if (leader) {
          await mirror
            .flush()
            .catch((error: unknown) => logger.warn({ err: error }, 'final audit mirror failed'));
        }
        await leadership.release();
        await store.close();
        logger.info('companion stopped');
      })();
      return stopping;
    },
  };
}
