import { soqlQuote } from '../mapping/soql-quote.js';
import type { Secret } from '../secret.js';
import type { Message } from './notification-decide.js';
import type { NotificationChannel, Recipients } from './rule-types.js';

/**
 * The three ways a notification leaves: a Salesforce custom notification (bell and mobile)
 * through the standard `customNotificationAction`, an email Salesforce sends through the
 * standard `emailSimple` action, and the Slack-compatible webhook. Failures are thrown as
 * ChannelError; `permanent` ones (Salesforce refused the input) are not worth retrying.
 */

export class ChannelError extends Error {
  override readonly name = 'ChannelError';
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

export interface Delivery {
  channel: NotificationChannel;
  recipients: Recipients;
  /** The owner a RECORD_OWNER or CASE_OWNER rule notifies. */
  ownerId: string | null;
  message: Message;
  targetId: string | null;
}

export interface ChannelDeps {
  query: <T extends Record<string, unknown>>(soql: string) => Promise<T[]>;
  /** POSTs `{ inputs }` to `/services/data/vXX.X/actions/standard/<action>`. */
  invokeAction: (action: string, inputs: Record<string, unknown>[]) => Promise<unknown>;
  webhookUrl: Secret | undefined;
  fetch?: typeof fetch;
}

export const NOTIFICATION_TYPE = 'Okta_Sync_Notification';
export const MAX_TITLE = 250;
export const MAX_BODY = 750;
const MAX_NOTIFICATION_RECIPIENTS = 500;
const MAX_EMAIL_RECIPIENTS = 5;
// Custom notifications need a target; this id opens nothing, as Salesforce documents.
const NO_TARGET = '000000000000000AAA';

const clip = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/** The messages of a refused action call (jsforce carries the answer's JSON in its message). */
function actionFailure(action: string, error: unknown): ChannelError {
  const text = error instanceof Error ? error.message : String(error);
  const code = (error as { errorCode?: unknown } | null)?.errorCode;
  try {
    const results = JSON.parse(text) as { errors?: { statusCode: string; message: string }[] }[];
    const messages = results
      .flatMap((r) => r.errors ?? [])
      .map((e) => `${e.statusCode}: ${e.message}`);
    if (messages.length > 0)
      return new ChannelError(`${action} refused: ${messages.join('; ')}`, true);
  } catch {
    // Not an action answer: a network or server failure.
  }
  const permanent = typeof code === 'string' && /^ERROR_HTTP_4(?!29)/.test(code);
  return new ChannelError(`${action} failed: ${text}`, permanent);
}

export function createChannelSenders(deps: ChannelDeps): (delivery: Delivery) => Promise<void> {
  const doFetch = deps.fetch ?? fetch;
  let typeId: Promise<string> | undefined;

  const notificationTypeId = () => {
    typeId ??= deps
      .query<{ Id: string }>(
        `SELECT Id FROM CustomNotificationType WHERE DeveloperName = ${soqlQuote(NOTIFICATION_TYPE)}`,
      )
      .then((rows) => {
        const id = rows[0]?.Id;
        if (!id) {
          throw new ChannelError(
            `The custom notification type ${NOTIFICATION_TYPE} is not deployed: deploy force-app.`,
            true,
          );
        }
        return id;
      });
    typeId.catch(() => {
      typeId = undefined;
    });
    return typeId;
  };

  const invoke = async (action: string, inputs: Record<string, unknown>[]) => {
    try {
      await deps.invokeAction(action, inputs);
    } catch (error) {
      throw actionFailure(action, error);
    }
  };

  /** Users, groups and queues as ids a custom notification accepts. */
  async function recipientIds(delivery: Delivery): Promise<string[]> {
    const r = delivery.recipients;
    if (r.type === 'USERS') return r.userIds;
    if (r.type === 'GROUP' || r.type === 'QUEUE') return [await groupId(r.type, r.ref)];
    if (delivery.ownerId) return [delivery.ownerId];
    throw new ChannelError('The notification has no recipient.', true);
  }

  async function groupId(type: 'GROUP' | 'QUEUE', ref: string): Promise<string> {
    if (/^00G/.test(ref)) return ref;
    const kind = type === 'GROUP' ? 'Regular' : 'Queue';
    const rows = await deps.query<{ Id: string }>(
      `SELECT Id FROM Group WHERE Type = '${kind}' AND DeveloperName = ${soqlQuote(ref)}`,
    );
    const id = rows[0]?.Id;
    if (!id) {
      throw new ChannelError(
        `There is no ${type === 'GROUP' ? 'public group' : 'queue'} named ${ref} in Salesforce.`,
        true,
      );
    }
    return id;
  }

  /** The email addresses of active users, the members of groups and queues among them. */
  async function emailAddresses(ids: readonly string[]): Promise<string[]> {
    const groups = ids.filter((id) => id.startsWith('00G'));
    const users = new Set(ids.filter((id) => id.startsWith('005')));
    if (groups.length > 0) {
      const members = await deps.query<{ UserOrGroupId: string }>(
        `SELECT UserOrGroupId FROM GroupMember WHERE GroupId IN (${groups.map(soqlQuote).join(', ')})`,
      );
      for (const m of members) if (m.UserOrGroupId.startsWith('005')) users.add(m.UserOrGroupId);
    }
    if (users.size === 0) throw new ChannelError('No user receives this email.', true);
    const rows = await deps.query<{ Email: string | null }>(
      `SELECT Email FROM User WHERE IsActive = true AND Id IN (${[...users].map(soqlQuote).join(', ')})`,
    );
    const addresses = [...new Set(rows.flatMap((u) => (u.Email ? [u.Email] : [])))];
    if (addresses.length === 0) {
      throw new ChannelError(
        'None of the recipients is an active user with an email address.',
        true,
      );
    }
    return addresses;
  }

  return async (delivery) => {
    const { title, body } = delivery.message;
    switch (delivery.channel) {
      case 'CUSTOM_NOTIFICATION': {
        const [type, ids] = await Promise.all([notificationTypeId(), recipientIds(delivery)]);
        for (const batch of chunks(ids, MAX_NOTIFICATION_RECIPIENTS)) {
          await invoke('customNotificationAction', [
            {
              customNotifTypeId: type,
              recipientIds: batch,
              title: clip(title, MAX_TITLE),
              body: clip(body, MAX_BODY),
              targetId: delivery.targetId ?? NO_TARGET,
            },
          ]);
        }
        return;
      }
      case 'EMAIL': {
        const addresses = await emailAddresses(await recipientIds(delivery));
        await invoke(
          'emailSimple',
          chunks(addresses, MAX_EMAIL_RECIPIENTS).map((batch) => ({
            emailAddressesArray: batch,
            emailSubject: title,
            emailBody: body,
            ...(delivery.targetId ? { relatedRecordId: delivery.targetId } : {}),
          })),
        );
        return;
      }
      case 'WEBHOOK': {
        if (!deps.webhookUrl) {
          throw new ChannelError(
            'ALERT_WEBHOOK_URL is not set: the webhook channel has nowhere to post.',
            true,
          );
        }
        let res: Response;
        try {
          res = await doFetch(deps.webhookUrl.reveal(), {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ text: `*${title}*\n${body}` }),
            signal: AbortSignal.timeout(5_000),
          });
        } catch (error) {
          throw new ChannelError(
            `The webhook could not be reached: ${error instanceof Error ? error.message : String(error)}`,
            false,
          );
        }
        if (!res.ok) {
          throw new ChannelError(
            `The webhook answered ${res.status}`,
            res.status >= 400 && res.status < 500 && res.status !== 429,
          );
        }
        return;
      }
    }
  };
}

/** Runs `send` up to `attempts` times, waiting longer each time; a permanent failure stops at once. */
export async function sendWithRetries(
  send: () => Promise<void>,
  options: { attempts: number; delayMs: number; sleep: (ms: number) => Promise<void> },
): Promise<{ attempts: number; error?: ChannelError }> {
  for (let attempt = 1; ; attempt++) {
    try {
      await send();
      return { attempts: attempt };
    } catch (error) {
      const failure =
        error instanceof ChannelError
          ? error
          : new ChannelError(error instanceof Error ? error.message : String(error), false);
      if (failure.permanent || attempt >= options.attempts)
        return { attempts: attempt, error: failure };
      await options.sleep(options.delayMs * 2 ** (attempt - 1));
    }
  }
}
