import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import jsforce, { type Connection } from 'jsforce';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS, startSandbox, type Sandbox } from '../../sandbox/index.js';
import { endToEndProfile } from '../../sandbox/profile.js';
import { replayCursorName } from '../../src/cdc/channels.js';
import { registerEventHook } from '../../src/intake/event-hook-registration.js';
import { createOktaClient } from '../../src/okta/client.js';
import { Secret } from '../../src/secret.js';
import { describeWithPostgres } from '../../src/store/postgres/postgres-test-fixtures.js';
import { eventually, savesAgainOnRowLock } from '../harness.js';
import { startRoundRobinProxy, type RoundRobinProxy } from './round-robin-proxy.js';

/**
 * Two companion processes (the production entry point) on one PostgreSQL database behind a
 * round-robin proxy, the leader SIGKILLed in the middle of a hook burst: the other instance
 * takes the singleton work over within 30 s, its CDC subscription resumes from the stored
 * replay id (a Contact edit made while no instance led reaches Okta), and Salesforce ends with
 * one Contact per user and one log row per journal entry.
 */

const ENTRY = join(import.meta.dirname, '..', '..', 'dist', 'src', 'index.js');
const BURST = 120;
const KILL_AT = 40;
const CONTACT_CHANNEL = '/data/ContactChangeEvent';
/** The issue's bound for a takeover after the leader dies. */
const TAKEOVER_BOUND_MS = 30_000;

interface Instance {
  id: string;
  port: number;
  url: string;
  child?: ChildProcess;
}

interface LeadershipDetail {
  instanceId: string;
  leader: string | null;
  isLeader: boolean;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

describeWithPostgres('several companion instances on PostgreSQL', (db) => {
  let sandbox: Sandbox;
  let salesforce: Connection;
  let databaseUrl: string;
  let database: pg.Pool;
  let proxy: RoundRobinProxy | undefined;
  const instances: Instance[] = [];

  const instance = async (id: string): Promise<Instance> => {
    const port = await freePort();
    const created = { id, port, url: `http://127.0.0.1:${port}` };
    instances.push(created);
    return created;
  };

  const start = async (target: Instance): Promise<void> => {
    const child = spawn(process.execPath, [ENTRY], {
      env: {
        PATH: process.env['PATH'],
        HOST: '127.0.0.1',
        PORT: String(target.port),
        DATABASE_URL: databaseUrl,
        INSTANCE_ID: target.id,
        LOG_LEVEL: 'warn',
        OKTA_ORG_URL: sandbox.okta.url,
        OKTA_API_TOKEN: SANDBOX_CREDENTIALS.oktaToken,
        OKTA_HOOK_SECRET: SANDBOX_CREDENTIALS.oktaHookSecret,
        OKTA_SYSTEM_LOG_POLL_SECONDS: '1',
        SF_LOGIN_URL: sandbox.salesforce.url,
        SF_CLIENT_ID: SANDBOX_CREDENTIALS.salesforceClientId,
        SF_CLIENT_SECRET: SANDBOX_CREDENTIALS.salesforceClientSecret,
        COMPANION_API_SECRET: SANDBOX_CREDENTIALS.companionApiSecret,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => {
      if (code !== null && code !== 0) console.error(`${target.id} exited ${code}: ${stderr}`);
    });
    target.child = child;
    await eventually(async () => (await fetch(`${target.url}/healthz`)).ok);
  };

  const kill = async (target: Instance): Promise<void> => {
    const child = target.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };

  /** The leadership check of /readyz, as an orchestrator's probe reads it. */
  const leadership = async (target: Instance): Promise<LeadershipDetail> => {
    const response = await fetch(`${target.url}/readyz`);
    const body = (await response.json()) as {
      checks: { leadership: { detail: LeadershipDetail } };
    };
    return body.checks.leadership.detail;
  };

  const queueOf = async (target: Instance) => {
    const response = await fetch(`${target.url}/api/v1/health`, {
      headers: { authorization: `Bearer ${SANDBOX_CREDENTIALS.companionApiSecret}` },
    });
    const body = (await response.json()) as {
      queue: { pending: number; leased: number; delayed: number; deadLetters: number };
      instance: LeadershipDetail;
    };
    return body;
  };

  const burstContacts = async () => {
    const rows: { Id: string; Okta_User_Id__c: string; Email: string }[] = [];
    let page = await salesforce.query<{ Id: string; Okta_User_Id__c: string; Email: string }>(
      "SELECT Id, Okta_User_Id__c, Email FROM Contact WHERE Okta_Login__c LIKE 'ha.%'",
    );
    rows.push(...page.records);
    while (!page.done && page.nextRecordsUrl) {
      page = await salesforce.queryMore(page.nextRecordsUrl);
      rows.push(...page.records);
    }
    return rows;
  };

  const storedReplayId = async (): Promise<number | undefined> => {
    const { rows } = await database.query<{ value: string }>(
      'SELECT value FROM cursors WHERE name = $1',
      [replayCursorName(CONTACT_CHANNEL)],
    );
    return rows[0] ? Number(rows[0].value) : undefined;
  };

  beforeAll(async () => {
    if (!existsSync(ENTRY)) {
      throw new Error(`${ENTRY} is missing: run \`npm run build\` first (npm run test:ha does).`);
    }
    sandbox = await startSandbox({ users: 10, profile: endToEndProfile() });
    databaseUrl = await db.createDatabase();
    database = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    const token = sandbox.salesforce.issueToken();
    salesforce = savesAgainOnRowLock(
      new jsforce.Connection({
        instanceUrl: token.instanceUrl,
        accessToken: token.accessToken,
        version: '62.0',
      }),
    );
  }, 120_000);

  afterAll(async () => {
    for (const target of instances) await kill(target);
    await proxy?.close();
    await database?.end();
    await sandbox?.close();
  });

  it('takes over within 30 s of the leader’s SIGKILL, resumes CDC from the stored replay id, and loses or duplicates nothing', async () => {
    const a = await instance('ha-a');
    const b = await instance('ha-b');
    await start(a);
    await eventually(async () => (await leadership(a)).isLeader);
    await start(b);
    // b learns who leads at its first look at the lease, which may come just after it answers.
    await eventually(async () => (await leadership(b)).leader === 'ha-a');
    expect(await leadership(b)).toMatchObject({
      instanceId: 'ha-b',
      leader: 'ha-a',
      isLeader: false,
    });

    proxy = await startRoundRobinProxy([a.url, b.url]);
    const okta = createOktaClient({
      orgUrl: sandbox.okta.url,
      auth: { kind: 'ssws', token: new Secret(SANDBOX_CREDENTIALS.oktaToken) },
      hookSecret: new Secret(SANDBOX_CREDENTIALS.oktaHookSecret),
    });
    await registerEventHook(okta, {
      uri: `${proxy.url}/hooks/okta`,
      secret: new Secret(SANDBOX_CREDENTIALS.oktaHookSecret),
    });

    const ids: string[] = [];
    let edited: { userId: string; phone: string } | undefined;
    let killedAt = 0;
    let replayIdAtKill: number | undefined;
    for (let n = 0; n < BURST; n += 1) {
      const user = sandbox.okta.createUserDirect({
        login: `ha.${n}@example.test`,
        email: `ha.${n}@example.test`,
        firstName: 'Several',
        lastName: `Instances${n}`,
        userType: 'Customer',
        organization: `HA Org ${n % 5}`,
        mobilePhone: `+1415555${String(n).padStart(4, '0')}`,
      });
      ids.push(user.id);
      if (n === KILL_AT) {
        // The leader has linked Contacts and stored a CDC replay id when it dies.
        const linked = await eventually(async () => {
          const rows = await burstContacts();
          return rows.length > 0 && (await storedReplayId()) !== undefined ? rows : undefined;
        }, 20);
        await kill(a);
        killedAt = performance.now();
        replayIdAtKill = await storedReplayId();

        // Edited while no instance leads: nobody is subscribed to CDC.
        const contact = linked[0] as { Id: string; Okta_User_Id__c: string };
        edited = { userId: contact.Okta_User_Id__c, phone: '+1 415 555 9999' };
        await salesforce.sobject('Contact').update({ Id: contact.Id, MobilePhone: edited.phone });
        expect((await leadership(b)).isLeader).toBe(false);
      }
    }

    // The other instance takes the lease over once the killed leader's has expired.
    await eventually(async () => (await leadership(b)).isLeader, 100);
    const takeoverMs = performance.now() - killedAt;
    console.info(`takeover ${Math.round(takeoverMs)} ms after the leader's SIGKILL`);
    expect(takeoverMs).toBeLessThan(TAKEOVER_BOUND_MS);

    // The killed instance comes back (as an orchestrator restarts it): it releases its killed
    // run's queue leases and follows.
    await start(a);
    await eventually(async () => {
      const view = await leadership(a);
      return view.leader === 'ha-b' && !view.isLeader;
    });

    // The edit made while nobody led reaches Okta through the resumed subscription.
    const phone = edited?.phone.replaceAll(' ', '');
    await eventually(
      () => sandbox.okta.state.users.get(edited?.userId ?? '')?.profile['mobilePhone'] === phone,
      200,
    );
    expect(await storedReplayId()).toBeGreaterThan(replayIdAtKill ?? Infinity);

    const contacts = await eventually(async () => {
      const rows = await burstContacts();
      return rows.length >= BURST ? rows : undefined;
    }, 200);
    await eventually(async () => {
      const q = (await queueOf(b)).queue;
      return q.pending + q.leased + q.delayed === 0;
    }, 200);

    // Nothing lost, nothing twice: one Contact per user, one journal line per Contact created.
    expect(contacts).toHaveLength(BURST);
    expect(new Set(contacts.map((c) => c.Okta_User_Id__c))).toEqual(new Set(ids));
    const journal = await database.query<{ lines: number; users: number }>(
      `SELECT COUNT(*)::int AS lines, COUNT(DISTINCT okta_user_id)::int AS users
       FROM audit_entries WHERE operation = 'contact-created'`,
    );
    expect(journal.rows[0]).toEqual({ lines: BURST, users: BURST });
    expect((await queueOf(b)).queue.deadLetters).toBe(0);

    // The mirror (singleton work, now on the new leader) copies each line once.
    await eventually(async () => {
      const logs = await salesforce.query<{ Id: string }>(
        "SELECT Id FROM Okta_Sync_Log__c WHERE Operation__c = 'contact-created'",
      );
      return logs.totalSize >= BURST || undefined;
    }, 250);
    const logs = await salesforce.query<{ Okta_User_Id__c: string }>(
      "SELECT Okta_User_Id__c FROM Okta_Sync_Log__c WHERE Operation__c = 'contact-created'",
    );
    expect(logs.totalSize).toBe(BURST);
    expect(new Set(logs.records.map((l) => l.Okta_User_Id__c)).size).toBe(BURST);

    // The hooks were spread over both instances.
    expect(proxy.served.get(a.url) ?? 0).toBeGreaterThan(0);
    expect(proxy.served.get(b.url) ?? 0).toBeGreaterThan(0);
  }, 300_000);
});
