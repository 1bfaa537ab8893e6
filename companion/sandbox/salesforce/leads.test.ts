import jsforce from 'jsforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateSeed, LEAD_ASSIGNMENT_RULE_ID, SIGN_UP_QUEUE_ID } from '../seed.js';
import type { RecordChange, WriteContext } from './change-events.js';
import { RecordSaveError } from './errors.js';
import { startSalesforceEmulator, type SalesforceEmulator } from './index.js';

// Assignment rules (Sforce-Auto-Assign) and lead conversion against the seeded org, whose
// active Lead rule sends Leads that carry an Okta user id to the Okta Sign-ups queue.

const seed = generateSeed({ users: 10 }).salesforce;
const changes: { context: WriteContext; changes: readonly RecordChange[] }[] = [];
let sf: SalesforceEmulator;
let conn: jsforce.Connection;

beforeAll(async () => {
  sf = await startSalesforceEmulator({
    seed,
    changeEvents: {
      recordChanges: (context, list) => changes.push({ context, changes: list }),
      publishPlatformEvent: () => 0,
    },
  });
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
beforeEach(() => {
  sf.reset();
  changes.length = 0;
});

interface LeadRow {
  Id: string;
  OwnerId: string;
  Status: string;
  IsConverted: boolean;
  ConvertedContactId: string | null;
  ConvertedAccountId: string | null;
  ConvertedDate: string | null;
}

async function lead(id: string): Promise<LeadRow> {
  const rows = await conn.query<LeadRow>(
    `SELECT Id, OwnerId, Status, IsConverted, ConvertedContactId, ConvertedAccountId, ConvertedDate FROM Lead WHERE Id = '${id}'`,
  );
  const row = rows.records[0];
  if (!row) throw new Error(`no Lead ${id}`);
  return row;
}

const ownerOf = async (id: string) => (await lead(id)).OwnerId;
const runAs = () => sf.issueToken().userId;

async function createLead(fields: Record<string, unknown>, autoAssign?: string): Promise<string> {
  const result = await conn
    .sobject('Lead')
    .create(
      { LastName: 'Prospect', Company: 'Acme', ...fields },
      autoAssign === undefined ? {} : { headers: { 'Sforce-Auto-Assign': autoAssign } },
    );
  if (!result.success) throw new Error(JSON.stringify(result));
  return result.id;
}

describe('Sforce-Auto-Assign on Leads', () => {
  it('the org lists its assignment rule', async () => {
    const rules = await conn.query<{ Id: string; Name: string; SobjectType: string }>(
      'SELECT Id, Name, SobjectType, Active FROM AssignmentRule WHERE Active = true',
    );
    expect(rules.records).toEqual([
      expect.objectContaining({ Id: LEAD_ASSIGNMENT_RULE_ID, SobjectType: 'Lead' }),
    ]);
  });

  it('runs the active rule when the header is absent or TRUE', async () => {
    expect(await ownerOf(await createLead({ Okta_User_Id__c: '00u1' }))).toBe(SIGN_UP_QUEUE_ID);
    expect(await ownerOf(await createLead({ Okta_User_Id__c: '00u2' }, 'true'))).toBe(
      SIGN_UP_QUEUE_ID,
    );
  });

  it('keeps the creator as owner with FALSE, or when no entry matches', async () => {
    expect(await ownerOf(await createLead({ Okta_User_Id__c: '00u3' }, 'FALSE'))).toBe(runAs());
    expect(await ownerOf(await createLead({}))).toBe(runAs());
  });

  it('runs a named rule on creates, and on collection writes too', async () => {
    const result = await conn
      .sobject('Lead')
      .create([{ LastName: 'A', Company: 'B', Okta_User_Id__c: '00u4' }], {
        allOrNone: false,
        headers: { 'Sforce-Auto-Assign': LEAD_ASSIGNMENT_RULE_ID },
      });
    const [first] = result;
    expect(first?.success).toBe(true);
    expect(await ownerOf(String(first?.id))).toBe(SIGN_UP_QUEUE_ID);
  });

  it('runs the rule again when an update does not say FALSE', async () => {
    const id = await createLead({ Okta_User_Id__c: '00u5' }, 'FALSE');
    await conn.sobject('Lead').update({ Id: id, Title: 'CTO' });
    expect(await ownerOf(id)).toBe(SIGN_UP_QUEUE_ID);
    const other = await createLead({ Okta_User_Id__c: '00u6' }, 'FALSE');
    await conn
      .sobject('Lead')
      .update({ Id: other, Title: 'CTO' }, { headers: { 'Sforce-Auto-Assign': 'FALSE' } });
    expect(await ownerOf(other)).toBe(runAs());
  });

  it('refuses a header that is neither TRUE, FALSE nor a rule id', async () => {
    await expect(createLead({}, 'sometimes')).rejects.toMatchObject({ errorCode: 'MALFORMED_ID' });
  });
});

describe('lead conversion', () => {
  it('creates the Account and Contact, copies the mapped Okta link, and closes the Lead', async () => {
    const id = await createLead(
      { FirstName: 'Ada', Email: 'ada@acme.test', Okta_User_Id__c: '00uADA' },
      'FALSE',
    );
    changes.length = 0;
    const result = sf.convertLead({ leadId: id, convertedStatus: 'Closed - Converted' });

    const converted = await lead(id);
    expect(converted).toMatchObject({
      IsConverted: true,
      Status: 'Closed - Converted',
      ConvertedContactId: result.contactId,
      ConvertedAccountId: result.accountId,
    });
    expect(converted.ConvertedDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const contact = await conn.query<Record<string, unknown>>(
      `SELECT FirstName, LastName, Email, AccountId, Okta_User_Id__c FROM Contact WHERE Id = '${result.contactId}'`,
    );
    expect(contact.records[0]).toMatchObject({
      FirstName: 'Ada',
      LastName: 'Prospect',
      Email: 'ada@acme.test',
      AccountId: result.accountId,
      Okta_User_Id__c: '00uADA',
    });
    const account = await conn.query<{ Name: string }>(
      `SELECT Name FROM Account WHERE Id = '${result.accountId}'`,
    );
    expect(account.records[0]?.Name).toBe('Acme');
    // One transaction, reported as a person's edit (no API origin).
    expect(changes).toHaveLength(1);
    expect(changes[0]?.context.api).toBe('emulator');
    expect(changes[0]?.changes.map((c) => `${c.entityName}:${c.changeType}`)).toEqual([
      'Account:CREATE',
      'Contact:CREATE',
      'Lead:UPDATE',
    ]);
  });

  it('a converted Lead can be neither converted nor updated again', async () => {
    const id = await createLead({}, 'FALSE');
    sf.convertLead({ leadId: id, convertedStatus: 'Closed - Converted' });
    expect(() => sf.convertLead({ leadId: id, convertedStatus: 'Closed - Converted' })).toThrow(
      RecordSaveError,
    );
    await expect(conn.sobject('Lead').update({ Id: id, Title: 'x' })).rejects.toMatchObject({
      errorCode: 'CANNOT_UPDATE_CONVERTED_LEAD',
    });
  });

  it('wants a converted status, and a user owner when a queue owns the Lead', async () => {
    const queued = await createLead({ Okta_User_Id__c: '00uQ' });
    expect(() =>
      sf.convertLead({ leadId: queued, convertedStatus: 'Working - Contacted' }),
    ).toThrow(/invalid convertedStatus/);
    expect(() => sf.convertLead({ leadId: queued, convertedStatus: 'Closed - Converted' })).toThrow(
      /can only be owned by users/,
    );
    const result = sf.convertLead({
      leadId: queued,
      convertedStatus: 'Closed - Converted',
      ownerId: runAs(),
    });
    expect((await lead(queued)).ConvertedContactId).toBe(result.contactId);
  });

  it('merges into a Contact only with its Account named', async () => {
    const contact = await conn.sobject('Contact').create({ LastName: 'Alone' });
    const id = await createLead({}, 'FALSE');
    expect(() =>
      sf.convertLead({
        leadId: id,
        convertedStatus: 'Closed - Converted',
        contactId: String(contact.id),
      }),
    ).toThrow(/accountId is required/);
    expect((await lead(id)).IsConverted).toBe(false);
  });

  it('merges into an existing Contact of the Account, filling only its blanks', async () => {
    const account = await conn.sobject('Account').create({ Name: 'Globex' });
    const contact = await conn
      .sobject('Contact')
      .create({ LastName: 'Existing', Email: 'keep@globex.test', AccountId: account.id });
    const id = await createLead(
      { Email: 'lead@globex.test', Title: 'VP', Okta_User_Id__c: '00uM' },
      'FALSE',
    );
    sf.convertLead({
      leadId: id,
      convertedStatus: 'Closed - Converted',
      accountId: String(account.id),
      contactId: String(contact.id),
    });
    const merged = await conn.query<Record<string, unknown>>(
      `SELECT LastName, Email, Title, Okta_User_Id__c FROM Contact WHERE Id = '${contact.id}'`,
    );
    expect(merged.records[0]).toMatchObject({
      LastName: 'Existing',
      Email: 'keep@globex.test',
      Title: 'VP',
      Okta_User_Id__c: '00uM',
    });
  });

  it('is offered on the admin surface with LeadConvertResult answers', async () => {
    const id = await createLead({}, 'FALSE');
    const post = (body: unknown) =>
      fetch(`${sf.url}/__sandbox/leads/convert`, {
        method: 'POST',
        headers: { 'x-sandbox-admin': 'sandbox-secret', 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const ok = await post({ leadId: id, convertedStatus: 'Closed - Converted' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ success: true, leadId: id });
    const again = await post({ leadId: id, convertedStatus: 'Closed - Converted' });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({
      success: false,
      errors: [expect.objectContaining({ statusCode: 'CANNOT_UPDATE_CONVERTED_LEAD' })],
    });
  });
});
