import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../../http/app-error.js';
import type { GrantService } from '../../grants/types.js';
import type { Logger } from '../../logger.js';
import type { OktaGateway } from '../../okta/okta-gateway.js';
import type { ScheduleView } from '../../reconciliation/scheduler.js';
import type { ReconciliationService } from '../../reconciliation/types.js';
import type { Secret } from '../../secret.js';
import type { ChannelState, InstanceView, LastPoll } from '../../services/health-snapshot.js';
import type { DescribeObject, QuerySalesforce } from '../../services/mapping-preview.js';
import { countHeldChanges } from '../../services/held-changes.js';
import type { Store } from '../../store/types.js';
import type { GuardService } from '../../workflows/guard-service.js';
import type { SyncConfigSource } from '../../workflows/sync-config-source.js';
import { apiAuth, salesforceActor } from './api-auth.js';
import type { ApiEnv } from './api-env.js';
import { auditRoutes } from './audit.js';
import { configRoutes } from './config.js';
import { contactRoutes } from './contacts.js';
import { deadLetterRoutes } from './dead-letters.js';
import { grantRoutes, groupRoutes } from './grants.js';
import { guardRoutes } from './guard.js';
import { healthRoutes } from './health.js';
import { jsonBodies } from './json-body.js';
import { mappingRoutes } from './mappings.js';
import { oktaGroupRoutes } from './okta-groups.js';
import { oktaProfileRoutes } from './okta-profile.js';
import { reconciliationRoutes } from './reconciliations.js';
import { userRoutes } from './users.js';

export type { ApiEnv } from './api-env.js';

export interface ApiDeps {
  /** The accepted API secrets: current and previous (rotation). Empty refuses every request. */
  secrets: readonly Secret[];
  okta: OktaGateway;
  store: Store;
  syncConfig: SyncConfigSource;
  guard: GuardService;
  grants: GrantService;
  reconciliations: ReconciliationService;
  /** SOQL query returning every record (all pages). */
  querySalesforce: QuerySalesforce;
  /** Tells the worker there is work now. */
  wake: () => void;
  /** The System Log poller's last poll (`poller.lastPoll()`). */
  pollerState: () => LastPoll;
  /** The reconciliation schedule and its next run (`scheduler.view()`). */
  reconciliationSchedule?: (() => ScheduleView) | undefined;
  /** Streaming channels (CDC) by name; none by default. */
  channelStates?: (() => Record<string, ChannelState>) | undefined;
  /** This instance and the leader of the instances sharing the store. */
  leadership?: (() => InstanceView) | undefined;
  /** The last accepted events, for health; feed it where the inbox accepts events. */
  /** Linked Contacts, for the guard threshold shown in health and guard answers. */
  linkedContacts?: (() => Promise<number>) | undefined;
  /** Describes objects that proposed mappings target but the loaded config has not described. */
  describeObject?: DescribeObject | undefined;
  now?: (() => Date) | undefined;
  logger: Logger;
  /** Largest accepted request body; default 1 MiB. */
  maxBodyBytes?: number | undefined;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * The API Salesforce calls through its Named Credential (mount at `/api/v1`). Every route needs
 * the bearer secret; `X-Salesforce-User-Id` names the acting user in the audit journal.
 */
export function apiRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const now = deps.now ?? (() => new Date());
  const maxBodyBytes = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const journal = deps.store.audit;
  const guardDeps = {
    guard: deps.guard,
    syncConfig: deps.syncConfig,
    journal,
    linkedContacts: deps.linkedContacts,
    heldChanges: () => countHeldChanges(deps.store.jobs),
    jobs: deps.store.jobs,
    okta: deps.okta,
    logger: deps.logger,
    now,
  };

  const app = new Hono<ApiEnv>();
  app.use(apiAuth(deps.secrets));
  app.use(salesforceActor());
  app.use(
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: () => {
        throw new AppError(413, 'PAYLOAD_TOO_LARGE', `The body exceeds ${maxBodyBytes} bytes.`);
      },
    }),
  );
  app.use(jsonBodies());

  app.route(
    '/users',
    userRoutes({
      okta: deps.okta,
      journal,
      syncConfig: deps.syncConfig,
      querySalesforce: deps.querySalesforce,
      now,
    }),
  );
  app.route('/groups', groupRoutes({ grants: deps.grants }));
  app.route('/grants', grantRoutes({ grants: deps.grants, syncConfig: deps.syncConfig }));
  app.route(
    '/mappings',
    mappingRoutes({
      okta: deps.okta,
      syncConfig: deps.syncConfig,
      querySalesforce: deps.querySalesforce,
      describeObject: deps.describeObject,
    }),
  );
  app.route('/okta', oktaProfileRoutes({ okta: deps.okta }));
  app.route('/okta', oktaGroupRoutes({ okta: deps.okta }));
  app.route(
    '/health',
    healthRoutes({
      ...guardDeps,
      store: deps.store,
      reconciliations: deps.reconciliations,
      pollerState: deps.pollerState,
      channelStates: deps.channelStates ?? (() => ({})),
      schedule: deps.reconciliationSchedule,
      leadership: deps.leadership,
    }),
  );
  app.route('/guard', guardRoutes(guardDeps));
  app.route(
    '/dead-letters',
    deadLetterRoutes({
      deadLetters: deps.store.deadLetters,
      journal,
      wake: deps.wake,
      now,
      okta: deps.okta,
      logger: deps.logger,
    }),
  );
  app.route(
    '/reconciliations',
    reconciliationRoutes({ reconciliations: deps.reconciliations, logger: deps.logger }),
  );
  app.route('/audit', auditRoutes({ journal, logger: deps.logger, now }));
  app.route(
    '/contacts',
    contactRoutes({
      inbox: deps.store.inbox,
      journal,
      querySalesforce: deps.querySalesforce,
      wake: deps.wake,
      now,
    }),
  );
  app.route('/config', configRoutes({ syncConfig: deps.syncConfig, logger: deps.logger }));
  return app;
}
