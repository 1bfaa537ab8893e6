import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from './index.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ users: 20 });
});
afterAll(async () => {
  await sandbox?.close();
});

const admin = (path: string, body: unknown) =>
  fetch(`${sandbox.salesforce.url}/__sandbox${path}`, {
    method: 'POST',
    headers: {
      'x-sandbox-admin': sandbox.credentials.salesforceClientSecret,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });

describe('the sandbox', () => {
  it('loads one world into both orgs: linked Contacts point at real Okta users', () => {
    const oktaIds = new Set(sandbox.okta.state.userIds);
    const linked = sandbox.seed?.salesforce.contacts.filter((c) => c['Okta_User_Id__c']) ?? [];
    expect(linked.length).toBeGreaterThan(0);
    for (const contact of linked)
      expect(oktaIds.has(String(contact['Okta_User_Id__c']))).toBe(true);
  });

  it('injects Change Data Capture gap and overflow events and restarts CometD over its admin surface', async () => {
    const gap = await admin('/cometd/gap', {
      entity: 'Contact',
      changeType: 'GAP_UPDATE',
      recordIds: ['003000000000001AAA'],
    });
    expect(gap.status).toBe(200);
    const overflow = await admin('/cometd/gap', { entity: 'Lead', changeType: 'GAP_OVERFLOW' });
    expect(overflow.status).toBe(200);
    const contactEvents = sandbox.streaming.published('/data/ContactChangeEvent');
    expect(contactEvents.at(-1)).toMatchObject({
      data: {
        payload: {
          ChangeEventHeader: { changeType: 'GAP_UPDATE', recordIds: ['003000000000001AAA'] },
        },
      },
    });
    expect((await admin('/cometd/restart', {})).status).toBe(200);
    expect((await admin('/cometd/gap', { entity: 'Contact', changeType: 'NOPE' })).status).toBe(
      400,
    );
  });

  it('deploys custom metadata records over its admin surface', async () => {
    const res = await admin('/custom-metadata', {
      records: [
        {
          type: 'Okta_Sync_Setting__mdt',
          developerName: 'Default',
          label: 'Default',
          values: { Bulk_Threshold__c: 500 },
        },
      ],
    });
    expect(res.status).toBe(200);
    const rows = sandbox.salesforce.db.query(
      "SELECT Bulk_Threshold__c FROM Okta_Sync_Setting__mdt WHERE DeveloperName = 'Default'",
    );
    expect(rows[0]).toMatchObject({ Bulk_Threshold__c: 500 });
    expect(
      (
        await admin('/custom-metadata', {
          records: [{ type: 'Contact', developerName: 'x', label: 'x', values: {} }],
        })
      ).status,
    ).toBe(400);
  });

  it('refuses the admin surface without the admin secret', async () => {
    const res = await fetch(`${sandbox.salesforce.url}/__sandbox/cometd/restart`, {
      method: 'POST',
    });
    expect(res.status).toBe(401);
  });
});
