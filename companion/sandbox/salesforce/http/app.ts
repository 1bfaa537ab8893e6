import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { TokenService } from '../auth/token-service.js';
import type { ApiLimits } from '../api-limits.js';
import type { IngestJobs } from '../bulk2/ingest-jobs.js';
import { SalesforceApiError } from '../errors.js';
import type { Faults } from '../faults.js';
import type { SalesforceOrg } from '../org.js';
import { actionRoutes } from './action-routes.js';
import { adminRoutes } from './admin-routes.js';
import { identityRoutes } from './identity-routes.js';
import type { AdminControls } from './admin-routes.js';
import { bulk2Routes } from './bulk2-routes.js';
import { compositeRoutes } from './composite-routes.js';
import { sfJson } from './hono-env.js';
import type { DataEnv } from './hono-env.js';
import { oauthRoutes } from './oauth-routes.js';
import type { OAuthConfig } from './oauth-routes.js';
import { queryRoutes } from './query-routes.js';
import { sobjectRoutes } from './sobject-routes.js';

export const SUPPORTED_VERSIONS: readonly string[] = Array.from(
  { length: 34 },
  (_, i) => `${31 + i}.0`,
);

const RELEASES: Readonly<Record<string, string>> = {
  '58.0': "Summer '23",
  '59.0': "Winter '24",
  '60.0': "Spring '24",
  '61.0': "Summer '24",
  '62.0': "Winter '25",
  '63.0': "Spring '25",
  '64.0': "Summer '25",
};

export interface AppDeps {
  readonly org: SalesforceOrg;
  readonly tokens: TokenService;
  readonly limits: ApiLimits;
  readonly faults: Faults;
  readonly jobs: IngestJobs;
  readonly oauth: OAuthConfig;
  readonly admin: AdminControls;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const FAULT_RESPONSES = {
  SERVER_UNAVAILABLE: SalesforceApiError.of(
    503,
    'SERVER_UNAVAILABLE',
    'Server temporarily unavailable, please try again later.',
  ),
  REQUEST_LIMIT_EXCEEDED: SalesforceApiError.of(
    403,
    'REQUEST_LIMIT_EXCEEDED',
    'TotalRequests Limit exceeded.',
  ),
  INVALID_SESSION_ID: SalesforceApiError.of(
    401,
    'INVALID_SESSION_ID',
    'Session expired or invalid',
  ),
} as const;

/** Routes that answer UNABLE_TO_LOCK_ROW record by record rather than as the whole response. */
const PER_RECORD_LOCK = /^(composite\/sobjects|sobjects\/)/;

/** The emulator's Hono app; it never listens (index.ts does). */
export function createSalesforceApp(deps: AppDeps) {
  // Not strict: `/query/?q=…`, `/limits/` and `/sobjects/Account/describe/` are served like
  // the same paths without the trailing slash, as Salesforce serves them (its REST API guide
  // writes `/query/?q=`).
  const app = new Hono<DataEnv>({ strict: false });

  app.onError((err, c) => {
    if (err instanceof SalesforceApiError) {
      return sfJson(c, err.errors, err.status as ContentfulStatusCode);
    }
    return sfJson(
      c,
      [
        {
          errorCode: 'UNKNOWN_EXCEPTION',
          message:
            'An unexpected error occurred. Please include this ErrorId if you contact support: 0000000000-00000 (0000000000)',
        },
      ],
      500,
    );
  });
  app.notFound((c) =>
    sfJson(c, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }], 404),
  );

  // Faults first: they apply to the token endpoint as well as to the data API.
  app.use('/services/*', async (c, next) => {
    const path = c.req.path
      .replace(/^\/services\/data\/v\d+\.\d\//, '')
      .replace(/^\/services\//, '');
    const decision = deps.faults.decide(c.req.method, path);
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    switch (decision.error) {
      case undefined:
        break;
      case 'DROP_CONNECTION':
        c.env.incoming.socket.destroy();
        return new Response(null, { status: 503 });
      case 'UNABLE_TO_LOCK_ROW':
        if (PER_RECORD_LOCK.test(path)) {
          c.set('lockFault', true);
          break;
        }
        throw SalesforceApiError.of(
          400,
          'UNABLE_TO_LOCK_ROW',
          'unable to obtain exclusive access to this record',
        );
      default:
        throw FAULT_RESPONSES[decision.error];
    }
    return next();
  });

  app.route('/', oauthRoutes(deps.org, deps.tokens, deps.oauth));
  app.route('/__sandbox', adminRoutes(deps.admin));
  app.route('/', identityRoutes(deps.org, deps.tokens, deps.oauth.baseUrl));

  app.get('/services/data', (c) =>
    sfJson(
      c,
      SUPPORTED_VERSIONS.map((version) => ({
        label: RELEASES[version] ?? `Version ${version}`,
        url: `/services/data/v${version}`,
        version,
      })),
    ),
  );

  const data = new Hono<DataEnv>();
  data.use('*', async (c, next) => {
    const version = c.req.param('version') ?? '';
    const apiVersion = /^v(\d+\.\d)$/.exec(version)?.[1];
    if (apiVersion === undefined || !SUPPORTED_VERSIONS.includes(apiVersion)) {
      throw SalesforceApiError.of(404, 'NOT_FOUND', 'The requested resource does not exist');
    }
    c.set('apiVersion', apiVersion);
    const auth = c.req.header('authorization') ?? '';
    const token = deps.tokens.verify(auth.replace(/^(Bearer|OAuth)\s+/i, ''));
    if (!token) throw FAULT_RESPONSES.INVALID_SESSION_ID;
    c.set('userId', token.userId);
    if (!deps.limits.take()) {
      c.header('Sforce-Limit-Info', deps.limits.header());
      throw FAULT_RESPONSES.REQUEST_LIMIT_EXCEEDED;
    }
    c.header('Sforce-Limit-Info', deps.limits.header());
    await next();
    c.header('Sforce-Limit-Info', deps.limits.header());
  });
  data.get('/', (c) =>
    sfJson(c, {
      sobjects: `/services/data/v${c.get('apiVersion')}/sobjects`,
      query: `/services/data/v${c.get('apiVersion')}/query`,
      queryAll: `/services/data/v${c.get('apiVersion')}/queryAll`,
      limits: `/services/data/v${c.get('apiVersion')}/limits`,
      composite: `/services/data/v${c.get('apiVersion')}/composite`,
      jobs: `/services/data/v${c.get('apiVersion')}/jobs`,
      identity: `${deps.oauth.baseUrl()}/id/${deps.org.orgId}/${c.get('userId')}`,
    }),
  );
  data.get('/limits', (c) => sfJson(c, limitsOf(deps.limits)));
  data.route('/', sobjectRoutes(deps.org));
  data.route('/', compositeRoutes(deps.org));
  data.route('/', queryRoutes(deps.org));
  data.route('/', bulk2Routes(deps.jobs));
  data.route('/', actionRoutes(deps.org));
  app.route('/services/data/:version', data);

  return app;
}

/** A budget that this org does not spend: Max and Remaining alike. */
const unspent = (max: number) => ({ Max: max, Remaining: max });

/**
 * `GET /limits`: the standard keys of a Developer or Enterprise edition org ("Limits", REST API
 * Developer Guide: `resources_limits`); only the daily API budget is counted.
 */
export function limitsOf(limits: Pick<ApiLimits, 'max' | 'remaining'>): Record<string, unknown> {
  return {
    ActiveScratchOrgs: unspent(3),
    AnalyticsExternalDataSizeMB: unspent(40960),
    ConcurrentAsyncGetReportInstances: unspent(200),
    ConcurrentEinsteinDataInsightsStoryCreation: unspent(5),
    ConcurrentEinsteinDiscoveryStoryCreation: unspent(2),
    ConcurrentSyncReportRuns: unspent(20),
    DailyAnalyticsDataflowJobExecutions: unspent(60),
    DailyAnalyticsUploadedFilesSizeMB: unspent(51200),
    DailyApiRequests: { Max: limits.max, Remaining: limits.remaining },
    DailyAsyncApexExecutions: unspent(250000),
    DailyAsyncApexTests: unspent(500),
    DailyBulkApiBatches: unspent(15000),
    DailyBulkV2QueryFileStorageMB: unspent(976562),
    DailyBulkV2QueryJobs: unspent(10000),
    DailyDeliveredPlatformEvents: unspent(50000),
    DailyDurableGenericStreamingApiEvents: unspent(10000),
    DailyDurableStreamingApiEvents: unspent(10000),
    DailyEinsteinDataInsightsStoryCreation: unspent(1000),
    DailyEinsteinDiscoveryPredictAPICalls: unspent(50000),
    DailyEinsteinDiscoveryPredictionsByCDC: unspent(5000000),
    DailyEinsteinDiscoveryStoryCreation: unspent(100),
    DailyFunctionsApiCallLimit: unspent(235000),
    DailyGenericStreamingApiEvents: unspent(10000),
    DailyScratchOrgs: unspent(6),
    DailyStandardVolumePlatformEvents: unspent(10000),
    DailyStreamingApiEvents: unspent(10000),
    DailyWorkflowEmails: unspent(2000),
    DataStorageMB: unspent(1024),
    DurableStreamingApiConcurrentClients: unspent(20),
    FileStorageMB: unspent(20480),
    HourlyAsyncReportRuns: unspent(1200),
    HourlyDashboardRefreshes: unspent(200),
    HourlyDashboardResults: unspent(5000),
    HourlyDashboardStatuses: unspent(999999999),
    HourlyLongTermIdMapping: unspent(100000),
    HourlyManagedContentPublicRequests: unspent(50000),
    HourlyODataCallout: unspent(10000),
    HourlyPublishedPlatformEvents: unspent(250000),
    HourlyPublishedStandardVolumePlatformEvents: unspent(50000),
    HourlyShortTermIdMapping: unspent(100000),
    HourlySyncReportRuns: unspent(500),
    HourlyTimeBasedWorkflow: unspent(1000),
    MassEmail: unspent(5000),
    MonthlyEinsteinDiscoveryStoryCreation: unspent(500),
    MonthlyPlatformEventsUsageEntitlement: unspent(300000),
    Package2VersionCreates: unspent(6),
    Package2VersionCreatesWithoutValidation: unspent(500),
    PermissionSets: { ...unspent(1500), CreateCustom: unspent(1000) },
    PrivateConnectOutboundCalloutHourlyLimitMB: unspent(0),
    SingleEmail: unspent(5000),
    StreamingApiConcurrentClients: unspent(20),
  };
}
