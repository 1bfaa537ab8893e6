import jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSalesforceEmulator, type SalesforceEmulator } from './index.js';

// The real force-app tree deploys the Okta_Sync_Alert notification type.
let sf: SalesforceEmulator;
let conn: jsforce.Connection;
let userId: string;

beforeAll(async () => {
  sf = await startSalesforceEmulator();
  const token = sf.issueToken();
  userId = token.userId;
  conn = new jsforce.Connection({
    instanceUrl: token.instanceUrl,
    accessToken: token.accessToken,
    version: '62.0',
  });
});
afterAll(async () => {
  await sf.close();
});

const path = '/services/data/v62.0/actions/standard/customNotificationAction';

describe('custom notifications', () => {
  it('lists the deployed notification types and sends a notification', async () => {
    const types = await conn.query<{ Id: string; DeveloperName: string }>(
      "SELECT Id, DeveloperName FROM CustomNotificationType WHERE DeveloperName = 'Okta_Sync_Alert'",
    );
    expect(types.totalSize).toBe(1);
    const typeId = String(types.records[0]?.Id);
    const result = await conn.requestPost(path, {
      inputs: [
        {
          customNotifTypeId: typeId,
          recipientIds: [userId],
          title: 'Guard tripped',
          body: 'Confirm',
          targetId: userId,
        },
      ],
    });
    expect(result).toEqual([expect.objectContaining({ isSuccess: true })]);
    expect(sf.customNotifications().at(-1)).toMatchObject({
      title: 'Guard tripped',
      recipientIds: [userId],
    });
  });

  it('refuses recipients that are not active users, groups, queues, accounts or opportunities', async () => {
    const [type] = (
      await conn.query<{ Id: string }>(
        "SELECT Id FROM CustomNotificationType WHERE DeveloperName = 'Okta_Sync_Notification'",
      )
    ).records;
    const before = sf.customNotifications().length;
    const res = await fetch(`${sf.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${conn.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        inputs: [
          {
            customNotifTypeId: type?.Id,
            recipientIds: [userId, '005000000000999AAA'],
            title: 'Provisioned',
            body: 'ada@example.test',
            targetId: userId,
          },
        ],
      }),
    });
    expect(res.status).toBe(400);
    const [result] = (await res.json()) as { errors: { statusCode: string; message: string }[] }[];
    expect(result?.errors).toEqual([
      {
        statusCode: 'INVALID_CROSS_REFERENCE_KEY',
        message:
          'recipientIds: 005000000000999AAA is not an active user, a group, a queue, an account or an opportunity',
      },
    ]);
    expect(sf.customNotifications()).toHaveLength(before);
  });

  it('rejects inputs Salesforce would reject, and sends nothing', async () => {
    const before = sf.notifications().length;
    const res = await fetch(`${sf.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${conn.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        inputs: [
          {
            customNotifTypeId: '0ML000000000999AAA',
            recipientIds: [],
            title: 'x'.repeat(251),
            body: '',
          },
        ],
      }),
    });
    expect(res.status).toBe(400);
    const [result] = (await res.json()) as {
      isSuccess: boolean;
      errors: { statusCode: string }[];
    }[];
    expect(result?.isSuccess).toBe(false);
    expect(result?.errors.map((e) => e.statusCode).sort()).toEqual([
      'INVALID_CROSS_REFERENCE_KEY',
      'REQUIRED_FIELD_MISSING',
      'REQUIRED_FIELD_MISSING',
      'REQUIRED_FIELD_MISSING',
      'STRING_TOO_LONG',
    ]);
    expect(sf.notifications()).toHaveLength(before);
  });
});

describe('simple email action (emailSimple)', () => {
  const emailPath = '/services/data/v62.0/actions/standard/emailSimple';
  const post = (inputs: unknown[]) =>
    fetch(`${sf.url}${emailPath}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${conn.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ inputs }),
    });

  it('sends an email to addresses and to a record, and records it', async () => {
    const contact = await conn.sobject('Contact').create({
      LastName: 'Mailer',
      Email: 'ada.mailer@example.test',
    });
    const result = await conn.requestPost(emailPath, {
      inputs: [
        {
          emailAddresses: 'it@example.test, hr@example.test',
          recipientId: contact.id,
          emailSubject: 'Ada Mailer joined',
          emailBody: 'Her Contact and Okta groups are ready.',
          relatedRecordId: contact.id,
        },
      ],
    });
    expect(result).toEqual([
      { actionName: 'emailSimple', errors: null, isSuccess: true, outputValues: null },
    ]);
    expect(sf.emails().at(-1)).toMatchObject({
      to: ['it@example.test', 'hr@example.test', 'ada.mailer@example.test'],
      subject: 'Ada Mailer joined',
      body: 'Her Contact and Okta groups are ready.',
      senderType: 'CurrentUser',
      relatedRecordId: contact.id,
    });
  });

  it('refuses what Salesforce refuses, and sends nothing', async () => {
    const before = sf.emails().length;
    const res = await post([
      { emailAddresses: 'not-an-address', emailBody: 'x' },
      {
        emailAddressesArray: [
          'a@x.test',
          'b@x.test',
          'c@x.test',
          'd@x.test',
          'e@x.test',
          'f@x.test',
        ],
        emailSubject: 's',
        emailBody: 'b',
        senderType: 'OrgWideEmailAddress',
      },
      { recipientId: '003000000000999AAA', emailSubject: 's', emailBody: 'b' },
      { emailSubject: 's', emailBody: 'b' },
    ]);
    expect(res.status).toBe(400);
    const results = (await res.json()) as {
      isSuccess: boolean;
      errors: { statusCode: string }[];
    }[];
    expect(results.map((r) => r.errors.map((e) => e.statusCode).sort())).toEqual([
      ['INVALID_EMAIL_ADDRESS', 'REQUIRED_FIELD_MISSING'],
      ['LIMIT_EXCEEDED', 'REQUIRED_FIELD_MISSING'],
      ['INVALID_CROSS_REFERENCE_KEY'],
      ['REQUIRED_FIELD_MISSING'],
    ]);
    expect(sf.emails()).toHaveLength(before);
  });
});
