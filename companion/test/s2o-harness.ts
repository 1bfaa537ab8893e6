import jsforce, { type Connection } from 'jsforce';
import { startOktaEmulator, API_TOKEN_ADMIN, type OktaEmulator } from '../sandbox/okta/index.js';
import { oktaSdkClient } from '../sandbox/okta/sdk-client.js';
import { startSalesforceEmulator, type SalesforceEmulator } from '../sandbox/salesforce/index.js';
import { createStreamingLayer, type StreamingLayer } from '../sandbox/salesforce/streaming.js';
import { generateSeed, type SeedData } from '../sandbox/seed.js';
import { endToEndProfile, type SandboxProfile } from '../sandbox/profile.js';
import { savesAgainOnRowLock } from './harness.js';
import { loadSyncConfig } from '../src/mapping/config-loader.js';
import type { SyncConfig } from '../src/mapping/types.js';
import { readOktaUsers } from '../src/okta/user-reader.js';
import { createWorker, type Worker } from '../src/queue/worker.js';
import { applyWrites, queryAll } from '../src/salesforce/record-writer.js';
import { openSqliteStore, type Store } from '../src/store/index.js';
import { createGuardService } from '../src/workflows/guard-service.js';
import { createOktaWriteLedger, withOktaWriteLedger } from '../src/echo/okta-write-ledger.js';
import { createOktaUserSyncHandler } from '../src/workflows/okta-user-sync.js';
import { JOB_KIND } from '../src/intake/okta-events.js';
import { createOktaGateway } from '../src/okta/okta-gateway.js';
import {
  createSalesforceToOkta,
  type SalesforceToOkta,
} from '../src/workflows/salesforce-to-okta.js';

/**
 * The Salesforce → Okta harness: the emulated org's change events over CometD (real jsforce
 * streaming), the real Okta SDK against the Okta emulator, the durable store and the worker.
 */

const CLIENT_TAG = 'okta-sync';
const silent = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};

export interface Harness {
  seed: SeedData;
  okta: OktaEmulator;
  sf: SalesforceEmulator;
  layer: StreamingLayer;
  /** The companion's connection (writes carry client=okta-sync). */
  conn: Connection;
  /** A person editing in Salesforce through another integration (no client tag). */
  human: Connection;
  store: Store;
  s2o: SalesforceToOkta;
  worker: Worker;
  config: SyncConfig;
  clock: { now: Date };
}

export const hooks: {
  /** Runs inside the companion's Okta profile update, before it is sent (to interleave edits). */
  duringOktaUpdate?: ((userId: string) => Promise<void>) | undefined;
} = {};
const stops: (() => Promise<unknown> | unknown)[] = [];

export async function stopHarness(): Promise<void> {
  hooks.duringOktaUpdate = undefined;
  for (const stop of stops.splice(0).reverse()) await stop();
}

export async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** Starts the harness with both orgs on `profile` (default: the end-to-end suites' profile). */
export async function startHarness(profile: SandboxProfile = endToEndProfile()): Promise<Harness> {
  const seed = generateSeed({ users: 20 });
  const okta = await startOktaEmulator({
    seed: seed.okta,
    timing: profile.okta,
    random: profile.random,
  });
  stops.push(() => okta.close());
  let verify: (token: string) => { userId: string } | undefined = () => undefined;
  const layer = createStreamingLayer({
    authenticate: (token) => verify(token),
    timeoutSeconds: 30,
    cdcLag: profile.salesforce.cdcLag,
    bulk2ClientInChangeOrigin: profile.salesforce.bulk2ClientInChangeOrigin,
    random: profile.random,
  });
  const sf = await startSalesforceEmulator({
    seed: seed.salesforce,
    changeEvents: layer.sink,
    parentLock: profile.salesforce.parentLock,
    random: profile.random,
  });
  verify = (token) => sf.verifyToken(token);
  layer.attach(sf.server);
  stops.push(() => sf.close());
  stops.push(() => layer.close());

  const session = sf.issueToken();
  const conn = new jsforce.Connection({
    instanceUrl: sf.url,
    accessToken: session.accessToken,
    version: '62.0',
    callOptions: { client: CLIENT_TAG },
  });
  const human = savesAgainOnRowLock(
    new jsforce.Connection({
      instanceUrl: sf.url,
      accessToken: sf.issueToken().accessToken,
      version: '62.0',
    }),
  );
  const clock = { now: new Date() };
  const now = () => clock.now;
  const store = openSqliteStore({ path: ':memory:', now });
  stops.push(() => store.close());
  const query = <T extends Record<string, unknown>>(soql: string) => queryAll<T>(conn, soql);

  const loaded = await loadSyncConfig({
    query: (soql) => query(soql),
    describe: (name) => conn.describe(name),
  });
  const managedGroup = seed.okta.groups.find((g) => g.name === 'Sales - West');
  const grantGroup = seed.okta.groups.find((g) => g.name === 'Support Tier 2');
  if (!managedGroup || !grantGroup) throw new Error('seed groups missing');
  const config: SyncConfig = {
    ...loaded,
    accessRules: [
      {
        type: 'CONDITION_TO_GROUP',
        name: 'Hot_Leads',
        label: 'Hot leads',
        groupId: managedGroup.id,
        groupName: managedGroup.name,
        condition: { objectName: 'Lead', field: 'Rating', operator: 'EQUALS', value: 'Hot' },
      },
      {
        type: 'GROUP_TO_ACCOUNT_TEAM',
        name: 'Support_Team',
        label: 'Support team',
        groupId: grantGroup.id,
        groupName: grantGroup.name,
        accountTeamRole: 'Technical Sales',
        accountAccessLevel: 'Read',
        opportunityAccessLevel: null,
        caseAccessLevel: null,
        accounts: { objectName: 'Account', field: 'Id', operator: 'NOT_NULL', value: null },
      },
    ],
  };

  const oktaClient = oktaSdkClient(okta.url, { token: okta.token });
  const sdkGateway = createOktaGateway(oktaClient as never);
  // As the companion wires it: what it writes to Okta profiles is remembered, so the
  // update_profile events that only echo those writes change nothing in Salesforce.
  const oktaWrites = createOktaWriteLedger({ now: () => clock.now.getTime() });
  const gateway = withOktaWriteLedger(
    {
      ...sdkGateway,
      updateProfile: async (userId: string, profile: Record<string, unknown>) => {
        await hooks.duringOktaUpdate?.(userId);
        return sdkGateway.updateProfile(userId, profile);
      },
    },
    oktaWrites,
  );
  const guard = createGuardService({
    cursors: store.cursors,
    countLinkedContacts: async () => 1000,
    onTrip: () => undefined,
    onRelease: () => undefined,
    now,
  });
  const workerRef: { current?: Worker } = {};
  const s2o = createSalesforceToOkta({
    store,
    query,
    write: (writes) => (writes.length ? applyWrites(conn, writes) : Promise.resolve([])),
    okta: gateway,
    readUsers: (ids) => readOktaUsers(oktaClient as never, ids),
    config: () => config,
    guard,
    alerter: { alert: async () => undefined },
    salesforce: () => conn,
    refreshToken: async () => {
      conn.accessToken = sf.issueToken().accessToken;
    },
    reloadConfig: async () => undefined,
    requestReconciliation: () => undefined,
    clientTag: CLIENT_TAG,
    wake: () => workerRef.current?.wake(),
    logger: silent,
    now,
  });
  const worker = createWorker({
    store,
    logger: silent,
    pollIntervalMs: 20,
    handlers: {
      ...s2o.handlers,
      [JOB_KIND.oktaUserSync]: createOktaUserSyncHandler({
        readUsers: (ids) => readOktaUsers(oktaClient as never, ids),
        query,
        write: s2o.write,
        config: () => config,
        audit: store.audit,
        guard,
        queueId: async () => undefined,
        ownWrites: oktaWrites,
        now,
      }),
    },
  });
  workerRef.current = worker;
  worker.start();
  s2o.subscriber.start();
  stops.push(() => worker.stop({ drain: true }));
  stops.push(() => s2o.subscriber.stop());
  await until(() => Object.values(s2o.subscriber.state()).every((s) => s.state === 'connected'));
  return { seed, okta, sf, layer, conn, human, store, s2o, worker, config, clock };
}

/** Every committed change event was delivered and taken in, every job is finished, and the System Log shows what they wrote. */
export async function settled(h: Harness): Promise<void> {
  await until(async () => {
    const state = h.s2o.subscriber.state();
    const caughtUp = [
      '/data/LeadChangeEvent',
      '/data/ContactChangeEvent',
      '/data/CaseChangeEvent',
    ].every(
      (channel) =>
        (h.layer.published(channel).at(-1)?.data.event.replayId ?? null) ===
          (state[channel]?.lastReplayId ?? null) || h.layer.published(channel).length === 0,
    );
    const counts = await h.store.jobs.counts();
    return (
      h.layer.undelivered() === 0 &&
      caughtUp &&
      counts.pending + counts.leased + counts.delayed === 0
    );
  });
  // What the companion wrote to Okta reaches the System Log after its persistence lag.
  await h.okta.whenLogPersisted();
}

export const ourLogEvents = (h: Harness, type: string, userId?: string) =>
  h.okta.state.logs.filter(
    (e) =>
      e.eventType === type &&
      e.actor?.id === API_TOKEN_ADMIN.id &&
      (userId === undefined || e.target?.some((t) => t.id === userId)),
  );

export function employees(h: Harness) {
  const sfUsers = h.seed.salesforce.users.filter(
    (u) => typeof u['FederationIdentifier'] === 'string',
  );
  return sfUsers.slice(0, 2).map((sfUser) => {
    const oktaUser = h.seed.okta.users.find(
      (u) => u.profile.login === sfUser['FederationIdentifier'],
    );
    if (!oktaUser) throw new Error('employee without Okta user');
    return { sfUserId: String(sfUser.Id), oktaUserId: oktaUser.id };
  });
}
