import type { Logger } from '../logger.js';
import type { Secret } from '../secret.js';

/**
 * Tells people when the sync needs them: a job dead-lettered, the blast-radius guard
 * tripped, a CDC replay window lost. Sent as a Salesforce custom notification to the
 * configured recipient and, optionally, to a Slack-compatible webhook. The same alert is
 * not repeated within the quiet period.
 */

export type AlertKind = 'dead-letter' | 'guard-tripped' | 'replay-lost' | 'config-problem';

export interface Alert {
  kind: AlertKind;
  /** Alerts with the same key within the quiet period are sent once. */
  key: string;
  title: string;
  body: string;
  targetId?: string;
}

export interface SalesforceNotifier {
  notify(input: {
    title: string;
    body: string;
    recipientId: string;
    targetId?: string;
  }): Promise<void>;
}

export interface Alerter {
  alert(alert: Alert): Promise<void>;
  recent(): readonly (Alert & { at: string })[];
}

export function createAlerter(deps: {
  logger: Logger;
  webhookUrl: Secret | undefined;
  salesforce: SalesforceNotifier | undefined;
  recipientId: () => string | null;
  quietPeriodMs?: number;
  fetch?: typeof fetch;
  now?: () => Date;
}): Alerter {
  const quiet = deps.quietPeriodMs ?? 10 * 60_000;
  const now = deps.now ?? (() => new Date());
  const doFetch = deps.fetch ?? fetch;
  const lastSent = new Map<string, number>();
  const history: (Alert & { at: string })[] = [];

  return {
    async alert(alert) {
      const at = now();
      const previous = lastSent.get(alert.key);
      if (previous !== undefined && at.getTime() - previous < quiet) return;
      lastSent.set(alert.key, at.getTime());
      history.push({ ...alert, at: at.toISOString() });
      if (history.length > 100) history.shift();
      deps.logger.warn(
        { alert: { kind: alert.kind, key: alert.key, title: alert.title } },
        'alert',
      );

      const sends: Promise<unknown>[] = [];
      const recipientId = deps.recipientId();
      if (deps.salesforce && recipientId) {
        sends.push(
          deps.salesforce.notify({
            title: alert.title,
            body: alert.body,
            recipientId,
            ...(alert.targetId ? { targetId: alert.targetId } : {}),
          }),
        );
      }
      if (deps.webhookUrl) {
        sends.push(
          doFetch(deps.webhookUrl.reveal(), {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ text: `*${alert.title}*\n${alert.body}` }),
            signal: AbortSignal.timeout(5_000),
          }).then((res) => {
            if (!res.ok) throw new Error(`webhook answered ${res.status}`);
          }),
        );
      }
      const results = await Promise.allSettled(sends);
      for (const result of results) {
        if (result.status === 'rejected') {
          deps.logger.error({ err: result.reason, kind: alert.kind }, 'could not deliver an alert');
        }
      }
    },
    recent: () => history,
  };
}
