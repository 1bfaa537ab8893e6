import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsforce, { type Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS, startSandbox, type Sandbox } from '../sandbox/index.js';
import { endToEndProfile } from '../sandbox/profile.js';
import { createOktaClient } from '../src/okta/client.js';
import { registerEventHook } from '../src/intake/event-hook-registration.js';
import { Secret } from '../src/secret.js';
import { eventually, savesAgainOnRowLock } from './harness.js';

/**
 * The production entry point (companion/dist/src/index.js) in its own process, killed with
 * SIGKILL in the middle of a burst and started again on the same store: the final state must
 * be exactly the expected one — in Salesforce for Okta changes, with no duplicate records or
 * log lines, and in Okta for Contact edits, none lost.
 */

const ENTRY = join(import.meta.dirname, '..', 'dist', 'src', 'index.js');
const BURST = 120;

let sandbox: Sandbox;
let salesforce: Connection;
let dataDir: string;
const dataDirs: string[] = [];
let port: number;
let child: ChildProcess | undefined;

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

function companionEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    HOST: '127.0.0.1',
    PORT: String(port),
    STORE_PATH: join(dataDir, 'companion.sqlite'),
    LOG_LEVEL: 'warn',
    OKTA_ORG_URL: sandbox.okta.url,
    OKTA_API_TOKEN: SANDBOX_CREDENTIALS.oktaToken,
    OKTA_HOOK_SECRET: SANDBOX_CREDENTIALS.oktaHookSecret,
    OKTA_SYSTEM_LOG_POLL_SECONDS: '1',
    SF_LOGIN_URL: sandbox.salesforce.url,
    SF_CLIENT_ID: SANDBOX_CREDENTIALS.salesforceClientId,
    SF_CLIENT_SECRET: SANDBOX_CREDENTIALS.salesforceClientSecret,
    COMPANION_API_SECRET: SANDBOX_CREDENTIALS.companionApiSecret,
    SCIM_TOKEN: SANDBOX_CREDENTIALS.scimToken,
  };
}

async function startChild(): Promise<ChildProcess> {
  const started = spawn(process.execPath, [ENTRY], {
    env: companionEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  started.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  started.once('exit', (code, signal) => {
    if (code !== null && code !== 0) console.error(`companion exited ${code}: ${stderr}`);
    void signal;
  });
  await eventually(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok);
  return started;
}

async function linkedContacts(): Promise<{ Okta_User_Id__c: string; Email: string }[]> {
  const rows: { Okta_User_Id__c: string; Email: string }[] = [];
  let page = await salesforce.query<{ Okta_User_Id__c: string; Email: string }>(
    "SELECT Okta_User_Id__c, Email FROM Contact WHERE Okta_Login__c LIKE 'burst.%'",
  );
  rows.push(...page.records);
  while (!page.done && page.nextRecordsUrl) {
    page = await salesforce.queryMore(page.nextRecordsUrl);
    rows.push(...page.records);
  }
  return rows;
}

beforeAll(async () => {
  if (!existsSync(ENTRY))
    throw new Error(`${ENTRY} is missing: run \`npm run build\` first (npm test does).`);
  sandbox = await startSandbox({ users: 10, profile: endToEndProfile() });
  dataDir = mkdtempSync(join(tmpdir(), 'okta-sync-crash-'));
  dataDirs.push(dataDir);
  port = await freePort();
  const token = sandbox.salesforce.issueToken();
  salesforce = savesAgainOnRowLock(
    new jsforce.Connection({
      instanceUrl: token.instanceUrl,
      accessToken: token.accessToken,
      version: '62.0',
    }),
  );
});

afterAll(async () => {
  child?.kill('SIGKILL');
  await sandbox?.close();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

describe('a companion killed in the middle of a burst', () => {
  it('converges to the expected state after a restart, without duplicates', async () => {
    child = await startChild();
    const okta = createOktaClient({
      orgUrl: sandbox.okta.url,
      auth: { kind: 'ssws', token: new Secret(SANDBOX_CREDENTIALS.oktaToken) },
      hookSecret: new Secret(SANDBOX_CREDENTIALS.oktaHookSecret),
    });
    await registerEventHook(okta, {
      uri: `http://127.0.0.1:${port}/hooks/okta`,
      secret: new Secret(SANDBOX_CREDENTIALS.oktaHookSecret),
    });

    const ids: string[] = [];
    for (let n = 0; n < BURST; n += 1) {
      const user = sandbox.okta.createUserDirect({
        login: `burst.${n}@example.test`,
        email: `burst.${n}@example.test`,
        firstName: 'Burst',
        lastName: `User${n}`,
        userType: 'Customer',
        organization: `Burst Org ${n % 7}`,
      });
      ids.push(user.id);
      if (n === BURST / 3) {
        // Kill it once some of the burst has landed, while the rest is in flight.
        await eventually(async () => (await linkedContacts()).length > 0, 20);
        child.kill('SIGKILL');
        await new Promise((resolve) => child?.once('exit', resolve));
      }
    }

    child = await startChild();
    const contacts = await eventually(async () => {
      const rows = await linkedContacts();
      return rows.length >= BURST ? rows : undefined;
    }, 200);

    expect(contacts).toHaveLength(BURST);
    expect(new Set(contacts.map((c) => c.Okta_User_Id__c))).toEqual(new Set(ids));
    expect(new Set(contacts.map((c) => c.Email)).size).toBe(BURST);
    const accounts = await salesforce.query<{ Name: string }>(
      "SELECT Name FROM Account WHERE Name LIKE 'Burst Org %'",
    );
    expect(accounts.records.map((a) => a.Name).sort()).toEqual(
      Array.from({ length: 7 }, (_, i) => `Burst Org ${i}`).sort(),
    );

    // The audit mirror holds one row per journal entry, none twice.
    await eventually(async () => {
      const logs = await salesforce.query<{ Event_Id__c: string }>(
        "SELECT Event_Id__c FROM Okta_Sync_Log__c WHERE Operation__c = 'contact-created'",
      );
      return logs.totalSize >= BURST ? logs : undefined;
    }, 250);
    const logs = await salesforce.query<{ Event_Id__c: string; Okta_User_Id__c: string }>(
      "SELECT Event_Id__c, Okta_User_Id__c FROM Okta_Sync_Log__c WHERE Operation__c = 'contact-created'",
    );
    expect(new Set(logs.records.map((l) => l.Okta_User_Id__c)).size).toBe(logs.totalSize);
  }, 240_000);
});

/** The companion's /api/v1/health, as the setup page reads it. */
async function companionHealth(): Promise<{
  queue: { pending: number; leased: number; delayed: number; deadLetters: number };
  channels: Record<string, { state: string }>;
  poller: { lastPollAt: string | null };
}> {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/health`, {
    headers: { authorization: `Bearer ${SANDBOX_CREDENTIALS.companionApiSecret}` },
  });
  if (!response.ok) throw new Error(`health answered ${response.status}`);
  return (await response.json()) as never;
}

async function killChild(): Promise<void> {
  const running = child;
  if (!running || running.exitCode !== null || running.signalCode !== null) return;
  const exited = new Promise((resolve) => running.once('exit', resolve));
  running.kill('SIGKILL');
  await exited;
}

describe('a companion killed in the middle of a stream of Contact edits', () => {
  it('brings every edit to Okta after a restart, the ones made while it was down too', async () => {
    // A fresh store for this run; the previous companion is gone.
    await killChild();
    dataDir = mkdtempSync(join(tmpdir(), 'okta-sync-crash-s2o-'));
    dataDirs.push(dataDir);
    port = await freePort();

    const CONTACTS = 100;
    const users = Array.from({ length: CONTACTS }, (_, n) =>
      sandbox.okta.createUserDirect({
        login: `s2o.${n}@example.test`,
        email: `s2o.${n}@example.test`,
        firstName: 'Stream',
        lastName: `Contact${n}`,
        userType: 'Customer',
        organization: 'Stream Org',
        mobilePhone: `+1415555${String(n).padStart(4, '0')}`,
      }),
    );
    child = await startChild();
    // The companion links a Contact to each user (System Log look-back), then goes idle.
    const contacts = await eventually(async () => {
      const rows = await salesforce.query<{ Id: string; Okta_User_Id__c: string }>(
        "SELECT Id, Okta_User_Id__c FROM Contact WHERE Okta_Login__c LIKE 's2o.%'",
      );
      return rows.totalSize === CONTACTS ? rows.records : undefined;
    }, 200);
    await eventually(async () => {
      const health = await companionHealth();
      const q = health.queue;
      return (
        health.channels['/data/ContactChangeEvent']?.state === 'connected' &&
        health.poller.lastPollAt !== null &&
        q.pending + q.leased + q.delayed === 0
      );
    }, 200);
    const contactOf = new Map(contacts.map((c) => [c.Okta_User_Id__c, c.Id]));

    // 150 MobilePhone edits by a plain REST client: each Contact once, then half of them again.
    const edits = [
      ...users.map((u, n) => ({ userId: u.id, phone: `+1 415 555 ${1000 + n}` })),
      ...users.slice(0, 50).map((u, n) => ({ userId: u.id, phone: `+1 415 555 ${2000 + n}` })),
    ];
    const last = new Map<string, string>();
    for (const [i, edit] of edits.entries()) {
      if (i === 50) {
        // Killed once some edits have reached Okta, with the rest in flight; 50 edits follow
        // while it is down, 50 more once it is back.
        await eventually(() =>
          edits
            .slice(0, 50)
            .some(
              (e) =>
                sandbox.okta.state.users.get(e.userId)?.profile['mobilePhone'] ===
                e.phone.replaceAll(' ', ''),
            ),
        );
        await killChild();
      }
      if (i === 100) child = await startChild();
      await salesforce
        .sobject('Contact')
        .update({ Id: contactOf.get(edit.userId) as string, MobilePhone: edit.phone });
      last.set(edit.userId, edit.phone);
    }

    const expected = (userId: string) => (last.get(userId) ?? '').replaceAll(' ', '');
    const behind = () =>
      users.filter(
        (u) => sandbox.okta.state.users.get(u.id)?.profile['mobilePhone'] !== expected(u.id),
      );
    await eventually(async () => {
      const q = (await companionHealth()).queue;
      return behind().length === 0 && q.pending + q.leased + q.delayed === 0;
    }, 200);

    // Nothing lost on either side: each Contact keeps its last edit, its Okta user holds it.
    expect(behind()).toEqual([]);
    const final = await salesforce.query<{ Okta_User_Id__c: string; MobilePhone: string }>(
      "SELECT Okta_User_Id__c, MobilePhone FROM Contact WHERE Okta_Login__c LIKE 's2o.%'",
    );
    expect(final.records.filter((c) => c.MobilePhone !== last.get(c.Okta_User_Id__c))).toEqual([]);
    expect((await companionHealth()).queue.deadLetters).toBe(0);
  }, 240_000);
});

describe('a companion killed in the middle of a burst of SCIM writes', () => {
  /** A SCIM request as Okta sends it; a connection refused or reset is retried, as Okta does. */
  async function scim(
    method: string,
    path: string,
    body: unknown,
  ): Promise<Record<string, unknown>> {
    for (;;) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/scim/v2${path}`, {
          method,
          headers: {
            authorization: `Bearer ${SANDBOX_CREDENTIALS.scimToken}`,
            'content-type': 'application/scim+json',
          },
          body: JSON.stringify(body),
        });
        if (response.status >= 500) throw new Error(`SCIM answered ${response.status}`);
        expect(response.status).toBeLessThan(300);
        return (await response.json()) as Record<string, unknown>;
      } catch (error) {
        if (error instanceof Error && error.name === 'AssertionError') throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  async function scimContacts(): Promise<{ Okta_User_Id__c: string; Okta_Status__c: string }[]> {
    const rows = await salesforce.query<{ Okta_User_Id__c: string; Okta_Status__c: string }>(
      "SELECT Okta_User_Id__c, Okta_Status__c FROM Contact WHERE Okta_Login__c LIKE 'scim.crash.%'",
    );
    return rows.records;
  }

  it('applies every accepted SCIM write after a restart, once', async () => {
    await killChild();
    dataDir = mkdtempSync(join(tmpdir(), 'okta-sync-crash-scim-'));
    dataDirs.push(dataDir);
    port = await freePort();
    // The burst deactivates every one of them: lift the blast-radius guard above it.
    sandbox.salesforce.deployCustomMetadata({
      type: 'Okta_Sync_Setting__mdt',
      developerName: 'Default',
      label: 'Default',
      values: { Blast_Radius_Min_Contacts__c: 1000 },
    });

    const USERS = 90;
    const users = Array.from({ length: USERS }, (_, n) =>
      sandbox.okta.createUserDirect({
        login: `scim.crash.${n}@example.test`,
        email: `scim.crash.${n}@example.test`,
        firstName: 'Scim',
        lastName: `Crash${n}`,
        userType: 'Customer',
        organization: 'Scim Crash Org',
      }),
    );
    child = await startChild();
    const scimIds: string[] = [];
    for (const user of users) {
      const created = await scim('POST', '/Users', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: user.profile['login'],
        externalId: user.id,
        name: { givenName: 'Scim', familyName: `Crash` },
        emails: [{ primary: true, value: user.profile['login'], type: 'work' }],
        active: true,
      });
      scimIds.push(String(created['id']));
    }
    await eventually(async () => (await scimContacts()).length === USERS || undefined, 200);

    // Unassign everyone. The process dies right after the 30th deactivation was answered;
    // requests refused while it is down are retried until it is back.
    for (const [n, id] of scimIds.entries()) {
      await scim('PATCH', `/Users/${id}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', value: { active: false } }],
      });
      if (n === 29) {
        await killChild();
        // Okta still counts these users as active: only the stored SCIM writes deprovision them.
        void startChild().then((started) => (child = started));
      }
    }

    const contacts = await eventually(async () => {
      const rows = await scimContacts();
      return rows.length === USERS && rows.every((c) => c.Okta_Status__c === 'DEPROVISIONED')
        ? rows
        : undefined;
    }, 200);
    expect(new Set(contacts.map((c) => c.Okta_User_Id__c))).toEqual(
      new Set(users.map((u) => u.id)),
    );
    await eventually(async () => {
      const q = (await companionHealth()).queue;
      return q.pending + q.leased + q.delayed === 0;
    }, 200);
    expect((await companionHealth()).queue.deadLetters).toBe(0);
    for (const user of users) expect(sandbox.okta.state.users.get(user.id)?.status).toBe('ACTIVE');
  }, 240_000);
});
