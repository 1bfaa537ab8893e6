// Builds the reconciliation against the Okta and Salesforce emulators with the real SDKs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsforce, { type Connection } from 'jsforce';
import {
  startOktaEmulator,
  type OktaEmulator,
  type OktaEmulatorOptions,
} from '../sandbox/okta/index.js';
import { oktaSdkClient } from '../sandbox/okta/sdk-client.js';
import { endToEndProfile, type SandboxProfile } from '../sandbox/profile.js';
import { generateSeed, type SeedData } from '../sandbox/seed.js';
import { startSalesforceEmulator, type SalesforceEmulator } from '../sandbox/salesforce/index.js';
import { silentLogger } from '../src/logger.js';
import { loadSyncConfig } from '../src/mapping/config-loader.js';
import type { SyncConfig } from '../src/mapping/types.js';
import type { OktaClient } from '../src/okta/client.js';
import {
  createReconciliationService,
  type ReconciliationServiceDeps,
  type ReconciliationSettings,
} from '../src/reconciliation/reconciliation-service.js';
import type { ReconciliationRun, ReconciliationService } from '../src/reconciliation/types.js';
import { queryAll } from '../src/salesforce/record-writer.js';
import { openSqliteStore } from '../src/store/index.js';
import type { ReconciliationStore } from '../src/store/types.js';

export interface World {
  seed: SeedData;
  okta: OktaEmulator;
  sf: SalesforceEmulator;
  oktaClient: OktaClient;
  conn: Connection;
  config: SyncConfig;
  /** Requests the Okta SDK sent, by path. */
  oktaRequests: string[];
  oktaStatuses: number[];
  close(): Promise<void>;
}

export async function startWorld(options: {
  users: number;
  okta?: OktaEmulatorOptions;
  /** Timing of both orgs (default: the end-to-end profile). */
  profile?: SandboxProfile;
}): Promise<World> {
  const seed = generateSeed({ users: options.users });
  // The end-to-end profile (realistic unless SANDBOX_PROFILE says otherwise): search lags
  // writes, and writes under one Account may meet a row lock.
  const profile = options.profile ?? endToEndProfile();
  const okta = await startOktaEmulator({
    seed: seed.okta,
    timing: profile.okta,
    random: profile.random,
    ...options.okta,
  });
  const sf = await startSalesforceEmulator({
    seed: seed.salesforce,
    parentLock: profile.salesforce.parentLock,
    random: profile.random,
  });
  const oktaClient = oktaSdkClient(
    okta.url,
    { token: okta.token },
    { maxRetries: 0 },
  ) as OktaClient;
  const conn = new jsforce.Connection({
    instanceUrl: sf.url,
    accessToken: sf.issueToken().accessToken,
    version: '62.0',
    callOptions: { client: 'okta-sync' },
  });
  const config = await loadSyncConfig({
    query: (soql) => queryAll(conn, soql),
    describe: (name) => conn.describe(name),
  });
  const oktaRequests: string[] = [];
  const oktaStatuses: number[] = [];
  oktaClient.requestExecutor.on('request', (r: { url: string }) =>
    oktaRequests.push(new URL(r.url).pathname),
  );
  oktaClient.requestExecutor.on('response', (r: { status: number }) => oktaStatuses.push(r.status));
  return {
    seed,
    okta,
    sf,
    oktaClient,
    conn,
    config,
    oktaRequests,
    oktaStatuses,
    close: async () => {
      await okta.close();
      await sf.close();
    },
  };
}

export function tempStorePath(): string {
  return join(mkdtempSync(join(tmpdir(), 'reconciliation-')), 'companion.sqlite');
}

export async function buildService(
  world: World,
  options: {
    store?: ReconciliationStore;
    settings?: Partial<ReconciliationSettings>;
    overrides?: Partial<ReconciliationServiceDeps>;
  } = {},
): Promise<{ service: ReconciliationService; store: ReconciliationStore }> {
  const store = options.store ?? openSqliteStore({ path: ':memory:' }).reconciliations;
  const service = await createReconciliationService({
    okta: world.oktaClient,
    salesforce: world.conn,
    store,
    config: () => world.config,
    settings: () => ({ blastRadiusMinContacts: 1000, ...options.settings }),
    logger: silentLogger(),
    bulkPollIntervalMs: 20,
    ...options.overrides,
  });
  return { service, store };
}

export async function runToEnd(
  service: ReconciliationService,
  input: Parameters<ReconciliationService['start']>[0],
): Promise<ReconciliationRun> {
  const started = await service.start(input);
  const run = await service.whenSettled(started.id);
  if (!run) throw new Error('the run disappeared');
  return run;
}

export async function applyToEnd(
  service: ReconciliationService,
  id: string,
  input: Parameters<ReconciliationService['apply']>[1] = {},
): Promise<ReconciliationRun> {
  await service.apply(id, input);
  const run = await service.whenSettled(id);
  if (!run) throw new Error('the run disappeared');
  return run;
}

export async function allItems(service: ReconciliationService, id: string) {
  const items = [];
  let after: number | undefined;
  for (;;) {
    const page = await service.planItems(id, {
      limit: 500,
      ...(after !== undefined ? { after } : {}),
    });
    items.push(...page.items);
    if (page.next === undefined) return items;
    after = page.next;
  }
}
