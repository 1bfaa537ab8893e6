import type { Alerter } from '../audit/alerts.js';
import {
  createCdcSubscriber,
  type CdcSubscriber,
  type CdcSubscriberDeps,
  type StreamingConnection,
} from '../cdc/cdc-subscriber.js';
import { withWriteLedger } from '../echo/ledger-writer.js';
import { createWriteLedger, type WriteLedger } from '../echo/write-ledger.js';
import { createGrantApplyHandler, createGrantExpiryHandler } from '../grants/grant-jobs.js';
import { createGrantService, type GrantWorkflow } from '../grants/grant-service.js';
import { createRecentProfileWrites, withRecentProfileWrites } from '../okta/attribute-holders.js';
import { createGrantSweeper, type GrantSweeper } from '../grants/grant-sweeper.js';
import type { OktaUserSnapshot, SyncConfig } from '../mapping/types.js';
import type { JobHandler } from '../queue/worker.js';
import type { InboundEvent, Store } from '../store/types.js';
import type { GuardPort } from './okta-user-sync.js';
import { createAccessEvaluator, type AccessEvaluator } from './salesforce-access-evaluator.js';
import {
  createAccessResolveHandler,
  createAccessSweepHandler,
} from './salesforce-access-fanout.js';
import { createAccessRecomputeHandler } from './salesforce-access-recompute.js';
import {
  createAccountTeamHandler,
  createAccountTeamSweepHandler,
} from './salesforce-account-team.js';
import { createCaseChangeHandler } from './salesforce-case-change.js';
import { createSalesforceContactSyncHandler } from './salesforce-contact-sync.js';
import { SALESFORCE_JOB_KIND } from '../queue/salesforce-job-kinds.js';
import type { OktaGateway } from '../okta/okta-gateway.js';
import type { QueryFn, WriteFn } from '../salesforce/salesforce-reads.js';
import { createRecordOwners, type RecordOwners } from '../cdc/record-owners.js';
import type { Logger } from '../logger.js';

/**
 * The Salesforce → Okta half, assembled: the CDC subscription, the write ledger for echo
 * suppression, the grant service and sweeper, and one job handler per kind. The composition
 * root passes its clients and store, registers `handlers` with the worker, uses `write` (the
 * ledger-wrapped writer) for every Salesforce write, and starts/stops `subscriber` and `sweeper`.
 */

export interface SalesforceToOktaDeps {
  store: Store;
  query: QueryFn;
  /** The plain record writer (`applyWrites`); it is wrapped with the ledger here. */
  write: WriteFn;
  okta: OktaGateway;
  readUsers(ids: readonly string[]): Promise<Map<string, OktaUserSnapshot | null>>;
  config(): SyncConfig;
  guard: GuardPort;
  alerter: Pick<Alerter, 'alert'>;
  salesforce: () => StreamingConnection;
  refreshToken: () => Promise<unknown>;
  reloadConfig: (reason: string) => Promise<unknown>;
  requestReconciliation: (entity: string, reason: string) => void | Promise<void>;
  clientTag: string;
  /** After inbox writes (e.g. `worker.wake()`). */
  wake?: () => void;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  initialReplayId?: number;
  /** Liveness limits of the CDC channels (tests shorten them). */
  cdcLiveness?: CdcSubscriberDeps['liveness'];
  ledgerTtlMs?: number;
  now?: () => Date;
}

export interface SalesforceToOkta {
  subscriber: CdcSubscriber;
  sweeper: GrantSweeper;
  grants: GrantWorkflow;
  handlers: Record<string, JobHandler>;
  /** The ledger-wrapped writer: use it for every Salesforce write of the companion. */
  write: WriteFn;
  ledger: WriteLedger;
  owners: RecordOwners;
  evaluator: AccessEvaluator;
}

export function createSalesforceToOkta(deps: SalesforceToOktaDeps): SalesforceToOkta {
  const now = deps.now ?? (() => new Date());
  const ledger = createWriteLedger({
    ...(deps.ledgerTtlMs ? { ttlMs: deps.ledgerTtlMs } : {}),
    now: () => now().getTime(),
  });
  const write = withWriteLedger(deps.write, ledger);
  // Who was given which profile attribute lately, for the sweep's lagging `search`.
  const recentProfileWrites = createRecentProfileWrites({ now: () => now().getTime() });
  const okta = withRecentProfileWrites(deps.okta, recentProfileWrites);
  const owners = createRecordOwners();
  const evaluator = createAccessEvaluator({ query: deps.query, okta: deps.okta, owners });
  const enqueue = async (events: readonly InboundEvent[]) => {
    const result = await deps.store.inbox.accept(events);
    if (result.accepted > 0) deps.wake?.();
    return result;
  };
  const grants = createGrantService({
    query: deps.query,
    write,
    okta: deps.okta,
    config: deps.config,
    store: deps.store,
    evaluator,
    now,
  });
  const common = { query: deps.query, config: deps.config, audit: deps.store.audit, now };

  const handlers: Record<string, JobHandler> = {
    [SALESFORCE_JOB_KIND.contactSync]: createSalesforceContactSyncHandler({
      ...common,
      write,
      readUsers: deps.readUsers,
      okta,
      baselines: deps.store.syncBaselines,
    }),
    [SALESFORCE_JOB_KIND.accessRecompute]: createAccessRecomputeHandler({
      ...common,
      evaluator,
      okta,
    }),
    [SALESFORCE_JOB_KIND.accessResolve]: createAccessResolveHandler({
      ...common,
      okta: deps.okta,
      owners,
      enqueue,
    }),
    [SALESFORCE_JOB_KIND.accessSweep]: createAccessSweepHandler({
      ...common,
      okta,
      recentProfileWrites,
      owners,
      enqueue,
    }),
    [SALESFORCE_JOB_KIND.caseChange]: createCaseChangeHandler({
      ...common,
      okta: deps.okta,
      grants,
      guard: deps.guard,
    }),
    [SALESFORCE_JOB_KIND.accountTeam]: createAccountTeamHandler({
      ...common,
      write,
      okta: deps.okta,
    }),
    [SALESFORCE_JOB_KIND.accountTeamSweep]: createAccountTeamSweepHandler({ ...common, enqueue }),
    [SALESFORCE_JOB_KIND.grantApply]: createGrantApplyHandler(grants),
    [SALESFORCE_JOB_KIND.grantExpiry]: createGrantExpiryHandler(grants),
  };

  const subscriber = createCdcSubscriber({
    connection: deps.salesforce,
    refreshToken: deps.refreshToken,
    store: deps.store,
    config: deps.config,
    clientTag: deps.clientTag,
    ledger,
    owners,
    requestReconciliation: deps.requestReconciliation,
    alerter: deps.alerter,
    reloadConfig: deps.reloadConfig,
    ...(deps.wake ? { onAccepted: deps.wake } : {}),
    logger: deps.logger,
    ...(deps.initialReplayId !== undefined ? { initialReplayId: deps.initialReplayId } : {}),
    ...(deps.cdcLiveness ? { liveness: deps.cdcLiveness } : {}),
    now,
  });
  const sweeper = createGrantSweeper({
    query: deps.query,
    store: deps.store,
    ...(deps.wake ? { onAccepted: deps.wake } : {}),
    logger: deps.logger,
    now,
  });
  return { subscriber, sweeper, grants, handlers, write, ledger, owners, evaluator };
}
