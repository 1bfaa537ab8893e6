import { randomUUID } from 'node:crypto';
import jsforce from 'jsforce';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { oktaSdkClient } from '../sandbox/okta/sdk-client.js';
import { JOB_KIND } from '../src/intake/okta-events.js';
import { loadSyncConfig } from '../src/mapping/config-loader.js';
import { readOktaUsers } from '../src/okta/user-reader.js';
import { applyWrites, queryAll } from '../src/salesforce/record-writer.js';
import type { WriteFn } from '../src/salesforce/salesforce-reads.js';
import { openSqliteStore, type Store } from '../src/store/index.js';
import type { Job } from '../src/store/types.js';
import { createOktaUserSyncHandler } from '../src/workflows/okta-user-sync.js';

/**
 * A companion stopped (killed, crashed) after Salesforce committed a Contact write and before
 * the journal said so: the next attempt finds the Contact already as it should be. The journal
 * must still tell that the companion created it, not that there was nothing to do.
 */

let sandbox: Sandbox | undefined;
let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  await sandbox?.close();
  sandbox = store = undefined;
});

async function world() {
  sandbox = await startSandbox({ users: 5 });
  store = openSqliteStore({ path: ':memory:' });
  const token = sandbox.salesforce.issueToken();
  const conn = new jsforce.Connection({
    instanceUrl: token.instanceUrl,
    accessToken: token.accessToken,
    version: '62.0',
  });
  const query = <T extends Record<string, unknown>>(soql: string) => queryAll<T>(conn, soql);
  const config = await loadSyncConfig({ query, describe: (name) => conn.describe(name) });
  const okta = oktaSdkClient(sandbox.okta.url, { token: sandbox.okta.token });
  const user = sandbox.okta.createUserDirect({
    login: 'ada.interrupted@example.test',
    email: 'ada.interrupted@example.test',
    firstName: 'Ada',
    lastName: 'Interrupted',
    userType: 'Customer',
    organization: 'Interrupted Ltd',
  });
  const job: Job = {
    id: 1,
    subjectKey: `okta-user:${user.id}`,
    kind: JOB_KIND.oktaUserSync,
    events: [
      {
        seq: 1,
        source: 'okta-hook',
        eventId: randomUUID(),
        eventType: 'user.lifecycle.create',
        subjectKey: `okta-user:${user.id}`,
        jobKind: JOB_KIND.oktaUserSync,
        occurredAt: new Date().toISOString(),
        receivedAt: new Date().toISOString(),
        payload: { eventType: 'user.lifecycle.create', published: new Date().toISOString() },
      },
    ],
    attempts: 0,
    createdAt: new Date().toISOString(),
    availableAt: new Date().toISOString(),
    leaseUntil: null,
    lastError: null,
    lastErrorCode: null,
  };
  const handlerWith = (write: WriteFn, audit: Store['audit']) =>
    createOktaUserSyncHandler({
      readUsers: (ids) => readOktaUsers(okta as never, ids),
      query,
      write,
      config: () => config,
      audit,
      guard: { admit: async (requested) => ({ allowed: requested, held: false }) },
      queueId: async () => undefined,
    });
  const write: WriteFn = (writes) => applyWrites(conn, writes);
  return { user, job, query, write, handlerWith, audit: (store as Store).audit };
}

describe('a Contact write whose attempt stopped before it was journaled', () => {
  it('is journaled as created by the next attempt, not as unchanged', async () => {
    const w = await world();
    // The first attempt: Salesforce commits the Contact, then the process is gone.
    const stopsAfterWriting: WriteFn = async (writes) => {
      const results = await w.write(writes);
      if (writes.some((write) => write.object === 'Contact'))
        throw new Error('the process stopped');
      return results;
    };
    await expect(w.handlerWith(stopsAfterWriting, w.audit)([w.job])).rejects.toThrow(
      'the process stopped',
    );
    const stopped = await w.audit.latestFor({ oktaUserId: w.user.id }, 10);
    expect(stopped).toEqual([
      expect.objectContaining({ operation: 'contact-created', status: 'IN_PROGRESS' }),
    ]);

    // The next attempt finds the Contact as the first one wrote it.
    const outcomes = await w.handlerWith(w.write, w.audit)([{ ...w.job, attempts: 1 }]);
    expect(outcomes).toEqual([{ jobId: w.job.id, status: 'done' }]);
    const contacts = await w.query<{ Id: string }>(
      `SELECT Id FROM Contact WHERE Okta_User_Id__c = '${w.user.id}'`,
    );
    expect(contacts).toHaveLength(1);
    const lines = await w.audit.latestFor({ oktaUserId: w.user.id }, 10);
    expect(lines).toEqual([
      expect.objectContaining({
        operation: 'contact-created',
        status: 'SUCCESS',
        contactId: contacts[0]?.Id,
        attempts: 2,
      }),
    ]);
    expect(lines[0]?.fieldChanges?.length).toBeGreaterThan(0);
  });

  it('stores the line in progress before Salesforce sees the write, journaling in two calls', async () => {
    const w = await world();
    const calls: string[] = [];
    const audit: Store['audit'] = {
      ...w.audit,
      record: async (entry) => {
        calls.push('record');
        await w.audit.record(entry);
      },
      recordMany: async (entries) => {
        calls.push(`recordMany(${entries.length})`);
        await w.audit.recordMany(entries);
      },
    };
    let seenAtWrite: unknown[] = [];
    const write: WriteFn = async (writes) => {
      seenAtWrite = await w.audit.latestFor({ oktaUserId: w.user.id }, 10);
      return w.write(writes);
    };
    expect(await w.handlerWith(write, audit)([w.job])).toEqual([
      { jobId: w.job.id, status: 'done' },
    ]);
    expect(seenAtWrite).toEqual([
      expect.objectContaining({ operation: 'contact-created', status: 'IN_PROGRESS' }),
    ]);
    expect(calls).toEqual(['recordMany(1)', 'recordMany(1)']);
    expect(await w.audit.latestFor({ oktaUserId: w.user.id }, 10)).toEqual([
      expect.objectContaining({ operation: 'contact-created', status: 'SUCCESS' }),
    ]);
  });

  it('leaves no line in progress when Salesforce refuses the write', async () => {
    const w = await world();
    const refuses: WriteFn = async (writes) =>
      writes.map(
        () =>
          ({
            ok: false,
            errors: [{ statusCode: 'FIELD_INTEGRITY_EXCEPTION', message: 'refused' }],
          }) as never,
      );
    const outcomes = await w.handlerWith(refuses, w.audit)([w.job]);
    expect(outcomes[0]).toMatchObject({ status: 'failed' });
    expect(await w.audit.latestFor({ oktaUserId: w.user.id }, 10)).toEqual([
      expect.objectContaining({ operation: 'contact-created', status: 'FAILED' }),
    ]);
  });
});
