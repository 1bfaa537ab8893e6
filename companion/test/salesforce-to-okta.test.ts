import jsforce, { type Connection } from 'jsforce';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOktaEmulator, API_TOKEN_ADMIN, type OktaEmulator } from '../sandbox/okta/index.js';
import { oktaSdkClient } from '../sandbox/okta/sdk-client.js';
import { startSalesforceEmulator, type SalesforceEmulator } from '../sandbox/salesforce/index.js';
import { createStreamingLayer, type StreamingLayer } from '../sandbox/salesforce/streaming.js';
import { generateSeed, type SeedData } from '../sandbox/seed.js';
import { classifyOktaEvents, oktaLogEventSchema } from '../src/intake/okta-events.js';
import { loadSyncConfig } from '../src/mapping/config-loader.js';
import type { SyncConfig } from '../src/mapping/types.js';
import { readOktaUsers } from '../src/okta/user-reader.js';
import { createWorker, type Worker } from '../src/queue/worker.js';
import { applyWrites, queryAll } from '../src/salesforce/record-writer.js';
import { openSqliteStore, type Store } from '../src/store/index.js';
import { createGuardService } from '../src/workflows/guard-service.js';
import { createOktaUserSyncHandler } from '../src/workflows/okta-user-sync.js';
import { JOB_KIND } from '../src/intake/okta-events.js';
import { createOktaGateway } from '../src/workflows/salesforce-okta-gateway.js';
import {
  createSalesforceToOkta,
  type SalesforceToOkta,
} from '../src/workflows/salesforce-to-okta.js';

/**
 * Salesforce → Okta end to end: the emulated org's change events over CometD (real jsforce
 * streaming), the real Okta SDK against the Okta emulator, the durable store and the worker.
 */

const CLIENT_TAG = 'okta-sync';
const silent = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};

interface Harness {
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

let h: Harness;
/** Runs inside the companion's Okta profile update, before it is sent (to interleave edits). */
let duringOktaUpdate: ((userId: string) => Promise<void>) | undefined;
const stops: (() => Promise<unknown> | unknown)[] = [];

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 10));
}

async function start(): Promise<Harness> {
  const seed = generateSeed({ users: 20 });
  const okta = await startOktaEmulator({ seed: seed.okta });
  stops.push(() => okta.close());
  let verify: (token: string) => { userId: string } | undefined = () => undefined;
  const layer = createStreamingLayer({
    authenticate: (token) => verify(token),
    timeoutSeconds: 30,
  });
  const sf = await startSalesforceEmulator({ seed: seed.salesforce, changeEvents: layer.sink });
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
  const human = new jsforce.Connection({
    instanceUrl: sf.url,
    accessToken: sf.issueToken().accessToken,
    version: '62.0',
  });
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
  const gateway = {
    ...sdkGateway,
    updateProfile: async (userId: string, profile: Record<string, unknown>) => {
      await duringOktaUpdate?.(userId);
      return sdkGateway.updateProfile(userId, profile);
    },
  };
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

/** Every published change event was taken in, and every job is finished. */
async function settled(): Promise<void> {
  await until(() => {
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
    const counts = h.store.jobs.counts();
    return caughtUp && counts.pending + counts.leased + counts.delayed === 0;
  });
}

const ourLogEvents = (type: string, userId?: string) =>
  h.okta.state.logs.filter(
    (e) =>
      e.eventType === type &&
      e.actor?.id === API_TOKEN_ADMIN.id &&
      (userId === undefined || e.target?.some((t) => t.id === userId)),
  );

beforeEach(async () => {
  h = await start();
});
afterEach(async () => {
  duringOktaUpdate = undefined;
  for (const stop of stops.splice(0).reverse()) await stop();
});

function employees() {
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

describe('Salesforce → Okta', () => {
  it('collapses a reassignment of 5,000 Leads into one Okta change per affected user', async () => {
    const [a, b] = employees();
    if (!a || !b) throw new Error('two employees needed');
    const group =
      h.config.accessRules[0]?.type === 'CONDITION_TO_GROUP' ? h.config.accessRules[0].groupId : '';
    for (const who of [a, b]) {
      if (h.okta.state.sortedMembers(group).includes(who.oktaUserId))
        h.okta.removeFromGroupDirect(group, who.oktaUserId);
    }
    const created = await h.human.sobject('Lead').create(
      Array.from({ length: 5000 }, (_, i) => ({
        LastName: `Lead ${i}`,
        Company: 'Acme',
        Rating: 'Hot',
        OwnerId: a.sfUserId,
      })),
      { allowRecursive: true },
    );
    expect(created.every((r) => r.success)).toBe(true);
    await settled();
    expect(h.okta.state.sortedMembers(group)).toContain(a.oktaUserId);
    expect(ourLogEvents('group.user_membership.add', a.oktaUserId)).toHaveLength(1);

    const ids = created.map((r) => r.id as string);
    const updated = await h.human.sobject('Lead').update(
      ids.map((Id) => ({ Id, OwnerId: b.sfUserId })),
      { allowRecursive: true },
    );
    expect(updated.every((r) => r.success)).toBe(true);
    await settled();

    expect(h.okta.state.sortedMembers(group)).toContain(b.oktaUserId);
    expect(h.okta.state.sortedMembers(group)).not.toContain(a.oktaUserId);
    expect(ourLogEvents('group.user_membership.add', b.oktaUserId)).toHaveLength(1);
    expect(ourLogEvents('group.user_membership.remove', a.oktaUserId)).toHaveLength(1);
    expect(ourLogEvents('user.account.update_profile')).toHaveLength(0);
  });

  it('pushes a Contact change to Okta once and stops there; an Okta change stops at Salesforce', async () => {
    const contact = h.sf.db.find('Contact', (c) => typeof c['Okta_User_Id__c'] === 'string')[0];
    if (!contact) throw new Error('no linked contact');
    const oktaUserId = String(contact['Okta_User_Id__c']);
    await h.human
      .sobject('Contact')
      .update({ Id: String(contact['Id']), MobilePhone: '+1 (415) 555-0142' });
    await until(() => ourLogEvents('user.account.update_profile', oktaUserId).length > 0);
    await settled();
    expect(h.okta.state.users.get(oktaUserId)?.profile['mobilePhone']).toBe('+14155550142');

    // Okta reports our own update; the Okta side drops it, and our Salesforce stamp was dropped as an echo.
    const fromOkta = classifyOktaEvents(
      h.okta.state.logs.map((e) => oktaLogEventSchema.parse(JSON.parse(JSON.stringify(e)))),
      { source: 'okta-log', ownActorIds: new Set([API_TOKEN_ADMIN.id]) },
    );
    expect(
      fromOkta.events.filter(
        (e) =>
          e.subjectKey === `okta-user:${oktaUserId}` &&
          e.eventType === 'user.account.update_profile',
      ),
    ).toEqual([]);
    await settled();
    expect(ourLogEvents('user.account.update_profile', oktaUserId)).toHaveLength(1);

    // The other way: an admin changes the title in Okta; the Contact follows, and nothing comes back.
    const before = h.okta.state.logs.length;
    h.okta.updateUserDirect(oktaUserId, { title: 'Head of Research' });
    const adminEvents = classifyOktaEvents(
      h.okta.state.logs
        .slice(before)
        .map((e) => oktaLogEventSchema.parse(JSON.parse(JSON.stringify(e)))),
      { source: 'okta-log', ownActorIds: new Set([API_TOKEN_ADMIN.id]) },
    );
    h.store.inbox.accept(adminEvents.events);
    h.worker.wake();
    await until(
      () => h.sf.db.get('Contact', String(contact['Id']))?.['Title'] === 'Head of Research',
    );
    await settled();
    expect(ourLogEvents('user.account.update_profile', oktaUserId)).toHaveLength(1);
  });

  it('keeps a Contact edit made while the previous value is being sent to Okta', async () => {
    const contact = h.sf.db.find('Contact', (c) => typeof c['Okta_User_Id__c'] === 'string')[3];
    if (!contact) throw new Error('no linked contact');
    const contactId = String(contact['Id']);
    const oktaUserId = String(contact['Okta_User_Id__c']);
    // The second edit commits after the first one was read and before it reaches Okta; the
    // companion's clock then reads a few seconds later, as after a slow batch.
    let interleaved = false;
    duringOktaUpdate = async (userId) => {
      if (userId !== oktaUserId || interleaved) return;
      interleaved = true;
      await h.human.sobject('Contact').update({ Id: contactId, MobilePhone: '+1 415 555 0201' });
      h.clock.now = new Date(Date.now() + 5_000);
    };
    await h.human.sobject('Contact').update({ Id: contactId, MobilePhone: '+1 415 555 0101' });
    await until(() => interleaved);
    await settled();

    expect(h.sf.db.get('Contact', contactId)?.['MobilePhone']).toBe('+1 415 555 0201');
    expect(h.okta.state.users.get(oktaUserId)?.profile['mobilePhone']).toBe('+14155550201');
    expect(ourLogEvents('user.account.update_profile', oktaUserId)).toHaveLength(2);
  });

  it('applies a grant, expires it by its timer, and revokes grants when the Case closes', async () => {
    const contact = h.sf.db.find('Contact', (c) => typeof c['Okta_User_Id__c'] === 'string')[1];
    if (!contact) throw new Error('no linked contact');
    const oktaUserId = String(contact['Okta_User_Id__c']);
    const group =
      h.config.accessRules[1]?.type === 'GROUP_TO_ACCOUNT_TEAM'
        ? h.config.accessRules[1].groupId
        : '';
    const caseResult = await h.human.sobject('Case').create({
      Subject: 'Cannot reach the portal',
      Status: 'New',
      ContactId: String(contact['Id']),
    });
    const caseId = String(caseResult.id);

    expect((await h.s2o.grants.grantableGroups()).map((g) => g.id).sort()).toEqual(
      h.config.accessRules
        .flatMap((r) => (r.type === 'CONDITION_TO_ATTRIBUTE' ? [] : [r.groupId]))
        .sort(),
    );
    const grant = await h.s2o.grants.create({
      caseId,
      groupId: group,
      durationHours: 2,
      reason: 'Portal access for troubleshooting',
    });
    expect(grant).toMatchObject({
      status: 'ACTIVE',
      oktaUserId,
      contactId: expect.stringMatching(/^003/),
      caseId: expect.stringMatching(/^500/),
    });
    expect(h.okta.state.sortedMembers(group)).toContain(oktaUserId);
    expect(h.store.timers.get(`grant-expiry:${grant.id.slice(0, 15)}`)).toBeDefined();

    // Two hours later the timer fires.
    h.clock.now = new Date(h.clock.now.getTime() + 2 * 3_600_000 + 1000);
    await h.s2o.sweeper.sweep();
    await until(async () => (await h.s2o.grants.listByCase(caseId))[0]?.status === 'EXPIRED');
    expect(h.okta.state.sortedMembers(group)).not.toContain(oktaUserId);

    // A grant created inside Salesforce is picked up by the sweep; closing the Case ends it.
    const requested = await h.human.sobject('Okta_Access_Grant__c').create({
      Case__c: caseId,
      Contact__c: String(contact['Id']),
      Okta_Group_Id__c: group,
      Status__c: 'REQUESTED',
      Expires_At__c: new Date(h.clock.now.getTime() + 3_600_000).toISOString(),
      Reason__c: 'Requested in Salesforce',
    });
    await h.s2o.sweeper.sweep();
    await until(
      async () => (await h.s2o.grants.listByCase(caseId, { activeOnly: true })).length === 1,
    );
    expect(h.okta.state.sortedMembers(group)).toContain(oktaUserId);

    await h.human.sobject('Case').update({ Id: caseId, Status: 'Closed' });
    await until(
      async () =>
        (await h.s2o.grants.listByCase(caseId)).find((g) => g.id === requested.id)?.status ===
        'REVOKED',
    );
    expect(h.okta.state.sortedMembers(group)).not.toContain(oktaUserId);
    await settled();
  });

  it('deactivates the Contact’s Okta user when a termination Case closes', async () => {
    const contact = h.sf.db.find('Contact', (c) => typeof c['Okta_User_Id__c'] === 'string')[2];
    if (!contact) throw new Error('no linked contact');
    const oktaUserId = String(contact['Okta_User_Id__c']);
    const created = await h.human.sobject('Case').create({
      Subject: 'Offboard',
      Status: 'New',
      Type: 'Termination',
      ContactId: String(contact['Id']),
    });
    await h.human.sobject('Case').update({ Id: String(created.id), Status: 'Closed' });
    await until(() => h.okta.state.users.get(oktaUserId)?.status === 'DEPROVISIONED');
    expect(ourLogEvents('user.lifecycle.deactivate', oktaUserId)).toHaveLength(1);
    await settled();
  });
});
