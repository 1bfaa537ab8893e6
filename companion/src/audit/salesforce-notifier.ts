import { cachedFor } from '../ttl-cache.js';
import type { SalesforceNotifier } from './alerts.js';

const TYPE_ID_TTL_MS = 60 * 60_000;
const NOTIFICATION_TYPE_QUERY =
  "SELECT Id FROM CustomNotificationType WHERE DeveloperName = 'Okta_Sync_Alert'";

/**
 * Alerts as Salesforce custom notifications (type Okta_Sync_Alert, deployed with force-app):
 * the standard `customNotificationAction` invocable action. The type's id is read once an hour.
 */
export function createSalesforceNotifier(deps: {
  query: <T extends Record<string, unknown>>(soql: string) => Promise<T[]>;
  /** POSTs to `/services/data/vXX.X/actions/standard/customNotificationAction`. */
  invokeNotificationAction: (body: { inputs: Record<string, unknown>[] }) => Promise<unknown>;
  now?: () => number;
}): SalesforceNotifier {
  const typeId = cachedFor(
    TYPE_ID_TTL_MS,
    async () => {
      const rows = await deps.query<{ Id: string }>(NOTIFICATION_TYPE_QUERY);
      const id = rows[0]?.Id;
      if (!id) throw new Error('The custom notification type Okta_Sync_Alert is not deployed.');
      return id;
    },
    deps.now,
  );
  return {
    async notify({ title, body, recipientId, targetId }) {
      await deps.invokeNotificationAction({
        inputs: [
          {
            customNotifTypeId: await typeId(),
            recipientIds: [recipientId],
            title,
            body,
            targetId: targetId ?? recipientId,
          },
        ],
      });
    },
  };
}
