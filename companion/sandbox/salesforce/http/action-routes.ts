import { Hono } from 'hono';
import { SalesforceApiError } from '../errors.js';
import type { SalesforceOrg } from '../org.js';
import { sfJson } from './hono-env.js';
import type { DataEnv } from './hono-env.js';
import { checkEmailInput } from './email-action.js';

/**
 * `actions/standard/emailSimple`: see email-action.ts.
 * `actions/standard/customNotificationAction`: sends a custom notification. Each input needs
 * a deployed notification type, 1–500 recipients (active users, public groups, queues,
 * accounts or opportunities), a title (≤ 250), a body (≤ 750) and a target (record id or page
 * reference), as the Actions REST resource documents.
 */
async function actionInputs(request: Request): Promise<unknown[]> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw SalesforceApiError.of(400, 'JSON_PARSER_ERROR', 'The request body is not valid JSON.');
  }
  const inputs = (body as { inputs?: unknown } | null)?.inputs;
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw SalesforceApiError.of(400, 'INVALID_INPUT', 'Provide at least one input in "inputs".');
  }
  return inputs;
}

/**
 * A recipient Salesforce accepts: an active user, a public group or queue (their active
 * members), an account or an opportunity (its team).
 */
function isRecipient(org: SalesforceOrg, id: string): boolean {
  const found = org.store.locate(id);
  if (!found || found.row['IsDeleted']) return false;
  switch (found.table.def.name) {
    case 'User':
      return found.row['IsActive'] === true;
    case 'Group':
    case 'Account':
    case 'Opportunity':
      return true;
    default:
      return false;
  }
}

export function actionRoutes(org: SalesforceOrg) {
  return new Hono<DataEnv>()
    .post('/actions/standard/emailSimple', async (c) => {
      const inputs = await actionInputs(c.req.raw);
      const results = inputs.map((raw: unknown) => {
        const checked = checkEmailInput(
          (raw ?? {}) as Record<string, unknown>,
          org,
          c.get('userId'),
        );
        if (checked.errors) {
          return {
            actionName: 'emailSimple',
            errors: checked.errors,
            isSuccess: false,
            outputValues: null,
          };
        }
        org.emails.push(checked.email);
        return { actionName: 'emailSimple', errors: null, isSuccess: true, outputValues: null };
      });
      return sfJson(c, results, results.every((r) => r.isSuccess) ? 200 : 400);
    })
    .post('/actions/standard/customNotificationAction', async (c) => {
      const inputs = await actionInputs(c.req.raw);
      const types = org.store.mustTable('CustomNotificationType').rows;
      const results = inputs.map((raw: unknown) => {
        const input = (raw ?? {}) as Record<string, unknown>;
        const errors: { statusCode: string; message: string }[] = [];
        const fail = (message: string) =>
          errors.push({ statusCode: 'REQUIRED_FIELD_MISSING', message });
        const typeId = String(input['customNotifTypeId'] ?? '');
        if (!typeId) fail('Required field is missing: customNotifTypeId');
        else if (
          ![...types.values()].some((t) => String(t['Id']).slice(0, 15) === typeId.slice(0, 15))
        ) {
          errors.push({
            statusCode: 'INVALID_CROSS_REFERENCE_KEY',
            message: `invalid cross reference id: ${typeId}`,
          });
        }
        const recipients = input['recipientIds'];
        if (!Array.isArray(recipients) || recipients.length === 0)
          fail('Required field is missing: recipientIds');
        else if (recipients.length > 500) {
          errors.push({
            statusCode: 'LIMIT_EXCEEDED',
            message: 'A notification can have at most 500 recipients.',
          });
        } else {
          for (const id of recipients) {
            if (!isRecipient(org, String(id))) {
              errors.push({
                statusCode: 'INVALID_CROSS_REFERENCE_KEY',
                message: `recipientIds: ${String(id)} is not an active user, a group, a queue, an account or an opportunity`,
              });
            }
          }
        }
        const title = input['title'];
        const text = input['body'];
        if (typeof title !== 'string' || title === '') fail('Required field is missing: title');
        else if (title.length > 250)
          errors.push({
            statusCode: 'STRING_TOO_LONG',
            message: 'title: data value too large (max length=250)',
          });
        if (typeof text !== 'string' || text === '') fail('Required field is missing: body');
        else if (text.length > 750)
          errors.push({
            statusCode: 'STRING_TOO_LONG',
            message: 'body: data value too large (max length=750)',
          });
        if (!input['targetId'] && !input['targetPageRef'])
          fail('Required field is missing: targetId or targetPageRef');
        if (errors.length > 0) {
          return {
            actionName: 'customNotificationAction',
            errors,
            isSuccess: false,
            outputValues: null,
          };
        }
        org.notifications.push({
          customNotifTypeId: typeId,
          recipientIds: (recipients as unknown[]).map(String),
          title: String(title),
          body: String(text),
          targetId: input['targetId'] ? String(input['targetId']) : null,
          sentAt: org.clock().toISOString(),
        });
        return {
          actionName: 'customNotificationAction',
          errors: null,
          isSuccess: true,
          outputValues: { SuccessMessage: 'Your custom notification is processed successfully.' },
        };
      });
      return sfJson(c, results, results.every((r) => r.isSuccess) ? 200 : 400);
    });
}
