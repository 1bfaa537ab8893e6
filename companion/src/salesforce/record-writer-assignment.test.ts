import jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSeed, SIGN_UP_QUEUE_ID } from '../../sandbox/seed.js';
import {
  startSalesforceEmulator,
  type SalesforceEmulator,
} from '../../sandbox/salesforce/index.js';
import { applyWrites } from './record-writer.js';

// The emulated org runs its Lead assignment rule (Leads with an Okta user id → the sign-up
// queue) on every REST write that does not say Sforce-Auto-Assign: FALSE.

let sf: SalesforceEmulator;
let conn: jsforce.Connection;

beforeAll(async () => {
  sf = await startSalesforceEmulator({ seed: generateSeed({ users: 5 }).salesforce });
  const token = sf.issueToken();
  conn = new jsforce.Connection({
    instanceUrl: token.instanceUrl,
    accessToken: token.accessToken,
    version: '62.0',
  });
});
afterAll(async () => {
  await sf.close();
});

const ownerOf = async (id: string | undefined) =>
  (await conn.query<{ OwnerId: string }>(`SELECT OwnerId FROM Lead WHERE Id = '${id}'`)).records[0]
    ?.OwnerId;

describe('applyWrites and assignment rules', () => {
  it('runs the assignment rule only on the writes that ask for it', async () => {
    const lead = (user: string) => ({ LastName: 'L', Company: 'C', Okta_User_Id__c: user });
    const [assigned, plain] = await applyWrites(conn, [
      {
        op: 'upsert',
        object: 'Lead',
        externalIdField: 'Okta_User_Id__c',
        record: lead('00uA'),
        autoAssign: true,
      },
      { op: 'upsert', object: 'Lead', externalIdField: 'Okta_User_Id__c', record: lead('00uB') },
    ]);
    expect(await ownerOf(assigned?.id)).toBe(SIGN_UP_QUEUE_ID);
    const runAs = sf.issueToken().userId;
    expect(await ownerOf(plain?.id)).toBe(runAs);

    // An update never re-runs the rule: the owner someone chose stays.
    await applyWrites(conn, [
      { op: 'update', object: 'Lead', record: { Id: String(plain?.id), Title: 'CTO' } },
    ]);
    expect(await ownerOf(plain?.id)).toBe(runAs);
  });
});
