import { CONSOLE_ADMIN, startOktaEmulator, type OktaEmulator } from './okta/index.js';
import { startSalesforceEmulator, type SalesforceEmulator } from './salesforce/index.js';
import { createStreamingLayer, type StreamingLayer } from './salesforce/streaming.js';
import type { ProvisioningOptions } from './okta/provisioning.js';
import type { SandboxProfile, SandboxProfileName } from './profile.js';
import type { ObservedRequest } from './request-observer.js';
import { generateSeed, type SeedData } from './seed.js';

/**
 * The sandbox: an emulated Okta org and an emulated Salesforce org (REST, Bulk 2.0, OAuth
 * and CometD streaming), loaded with the same deterministic world. Used by `npm start`
 * without credentials, the demo, the tests and the benchmarks.
 */

export const SANDBOX_CREDENTIALS = {
  /** The companion's Okta API token (owned by the integration admin). */
  oktaToken: 'sandbox-okta-token',
  /** For people and scripts: an API token owned by the console admin, distinct from the companion's. */
  oktaAdminToken: 'sandbox-admin-token',
  oktaHookSecret: 'sandbox-hook-secret',
  salesforceClientId: 'sandbox-client',
  salesforceClientSecret: 'sandbox-secret',
  companionApiSecret: 'sandbox-api-secret',
  /** The bearer token the emulated Okta's SCIM app sends to the companion's `/scim/v2`. */
  scimToken: 'sandbox-scim-token-0123456789abcdef',
} as const;

export interface SandboxOptions {
  oktaPort?: number;
  salesforcePort?: number;
  /** Seed size (customers); 0 for empty orgs. Default 50. */
  users?: number;
  seed?: number;
  now?: () => Date;
  /** Salesforce daily API limit. */
  dailyApiLimit?: number;
  /** Okta per-minute budgets. */
  oktaRateLimits?: Parameters<typeof startOktaEmulator>[0] extends infer O
    ? O extends { rateLimits?: infer R }
      ? R
      : never
    : never;
  /** Sees every request either emulated org answers, e.g. to count API calls by endpoint. */
  onRequest?: (system: 'okta' | 'salesforce', request: ObservedRequest) => void;
  /** How long CometD holds a /meta/connect (Salesforce: 110 s). */
  streamingTimeoutSeconds?: number;
  /** Instant (default) or realistic timing of both orgs (sandbox/profile.ts). */
  profile?: SandboxProfile;
  /** Retries, concurrency and timeout of Okta's provisioning pushes to SCIM apps. */
  oktaProvisioning?: ProvisioningOptions;
}

export interface Sandbox {
  okta: OktaEmulator;
  salesforce: SalesforceEmulator;
  streaming: StreamingLayer;
  seed: SeedData | undefined;
  credentials: typeof SANDBOX_CREDENTIALS;
  /** The timing profile the orgs run with. */
  profile: SandboxProfileName;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const profile = options.profile;
  const users = options.users ?? 50;
  const seed =
    users > 0
      ? generateSeed({ users, ...(options.seed === undefined ? {} : { seed: options.seed }) })
      : undefined;

  // The streaming layer checks CometD handshakes against the Salesforce org's sessions.
  const org: { salesforce?: SalesforceEmulator } = {};
  const streaming = createStreamingLayer({
    authenticate: (token) => org.salesforce?.verifyToken(token),
    ...(options.now ? { now: () => (options.now as () => Date)().getTime() } : {}),
    ...(options.streamingTimeoutSeconds === undefined
      ? {}
      : { timeoutSeconds: options.streamingTimeoutSeconds }),
    ...(profile
      ? {
          cdcLag: profile.salesforce.cdcLag,
          bulk2ClientInChangeOrigin: profile.salesforce.bulk2ClientInChangeOrigin,
          random: profile.random,
        }
      : {}),
  });
  const salesforce = await startSalesforceEmulator({
    ...(options.salesforcePort === undefined ? {} : { port: options.salesforcePort }),
    ...(seed ? { seed: seed.salesforce } : {}),
    changeEvents: streaming.sink,
    clientId: SANDBOX_CREDENTIALS.salesforceClientId,
    clientSecret: SANDBOX_CREDENTIALS.salesforceClientSecret,
    ...(options.dailyApiLimit === undefined ? {} : { dailyApiLimit: options.dailyApiLimit }),
    ...(options.now ? { now: options.now } : {}),
    ...(options.onRequest ? { onRequest: observer('salesforce', options.onRequest) } : {}),
    ...(profile ? { parentLock: profile.salesforce.parentLock, random: profile.random } : {}),
  });
  org.salesforce = salesforce;
  streaming.attach(salesforce.server);
  salesforce.setStreamingControls({
    restart: () => streaming.restart(),
    emitGap: (entity, changeType, recordIds) => streaming.emitGap(entity, changeType, recordIds),
    emitOverflow: (entity) => streaming.emitOverflow(entity),
    expireBefore: (replayId) => streaming.expireBefore(replayId),
    stallChannel: (channel) => streaming.stallChannel(channel),
    clearStalls: () => streaming.clearStalls(),
  });

  let okta: OktaEmulator;
  try {
    okta = await startOktaEmulator({
      ...(options.oktaPort === undefined ? {} : { port: options.oktaPort }),
      ...(seed ? { seed: seed.okta } : {}),
      token: SANDBOX_CREDENTIALS.oktaToken,
      tokens: [{ value: SANDBOX_CREDENTIALS.oktaAdminToken, owner: CONSOLE_ADMIN }],
      ...(options.oktaRateLimits ? { rateLimits: options.oktaRateLimits } : {}),
      ...(options.oktaProvisioning ? { provisioning: options.oktaProvisioning } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.onRequest ? { onRequest: observer('okta', options.onRequest) } : {}),
      ...(profile ? { timing: profile.okta, random: profile.random } : {}),
    });
  } catch (error) {
    streaming.close();
    await salesforce.close();
    throw error;
  }

  return {
    okta,
    salesforce,
    streaming,
    seed,
    credentials: SANDBOX_CREDENTIALS,
    profile: profile?.name ?? 'instant',
    async close() {
      streaming.close();
      await Promise.all([okta.close(), salesforce.close()]);
    },
  };
}

function observer(
  system: 'okta' | 'salesforce',
  onRequest: NonNullable<SandboxOptions['onRequest']>,
): (request: ObservedRequest) => void {
  return (request) => onRequest(system, request);
}
