import { describe, expect, it } from 'vitest';
import { createSalesforceNotifier } from './salesforce-notifier.js';

describe('Salesforce notifier', () => {
  it('sends a custom notification of type Okta_Sync_Alert, reading the type once', async () => {
    const queries: string[] = [];
    const posted: unknown[] = [];
    const notifier = createSalesforceNotifier({
      query: async <T>(soql: string) => {
        queries.push(soql);
        return [{ Id: '0ML000000000001' }] as T[];
      },
      invokeNotificationAction: async (body) => posted.push(body),
    });
    await notifier.notify({ title: 'T', body: 'B', recipientId: '005000000000001' });
    await notifier.notify({
      title: 'T2',
      body: 'B2',
      recipientId: '005000000000001',
      targetId: '500000000000001',
    });
    expect(queries).toHaveLength(1);
    expect(queries[0]).toContain("DeveloperName = 'Okta_Sync_Alert'");
    expect(posted).toEqual([
      {
        inputs: [
          {
            customNotifTypeId: '0ML000000000001',
            recipientIds: ['005000000000001'],
            title: 'T',
            body: 'B',
            targetId: '005000000000001',
          },
        ],
      },
      {
        inputs: [expect.objectContaining({ title: 'T2', targetId: '500000000000001' })],
      },
    ]);
  });

  it('says so when the notification type is not deployed, and posts nothing', async () => {
    const posted: unknown[] = [];
    const notifier = createSalesforceNotifier({
      query: async () => [],
      invokeNotificationAction: async (body) => posted.push(body),
    });
    await expect(
      notifier.notify({ title: 'T', body: 'B', recipientId: '005000000000001' }),
    ).rejects.toThrow('Okta_Sync_Alert is not deployed');
    expect(posted).toEqual([]);
  });
});
