import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { NotificationDigest, NotificationStore } from '../store/notification-state.js';
import type { AuditEntry, AuditJournal, AuditStatus } from '../store/types.js';
import { sendWithRetries, type Delivery } from './channels.js';
import {
  decideNotifications,
  digestMessage,
  digestWindowMs,
  type Decision,
  type EventContext,
  type Links,
  type Message,
} from './notification-decide.js';
import { notificationEventOf, type NotificationEvent } from './notification-events.js';
import type { NotificationRule } from './rule-types.js';

/**
 * Tells people what the sync did, following the notification rules. It reads the journal the
 * workflows write (as the Salesforce mirror does, on its own loop), so a notification that
 * fails never fails, slows or retries a sync job. Each send is retried a few times on its own
 * and journaled (SUCCESS, FAILED, or SKIPPED inside a quiet period). Digests gather in the
 * store and are sent when due, as are quiet periods kept there: both survive a restart.
 */

export interface Notifier {
  flush(): Promise<NotifierRun>;
  start(intervalMs: number): void;
  stop(): Promise<void>;
}

export interface NotifierRun {
  read: number;
  sent: number;
  failed: number;
  skipped: number;
  digested: number;
}

export interface NotifierDeps {
  store: NotificationStore;
  journal: Pick<AuditJournal, 'record'>;
  rules: () => readonly NotificationRule[];
  loadContexts: (
    events: readonly NotificationEvent[],
    rules: readonly NotificationRule[],
  ) => Promise<Map<string, EventContext>>;
  send: (delivery: Delivery) => Promise<void>;
  links: Links;
  logger: Logger;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Tries per send (default 3) and the first wait between them (default 2 s, doubling). */
  retry?: { attempts: number; delayMs: number };
  batchSize?: number;
}

/** Subjects listed by name in a digest; the rest are counted. */
const DIGEST_SAMPLES = 10;
/** Sends are remembered a week (the longest quiet period) and then forgotten. */
const QUIET_MEMORY_MS = 7 * 24 * 60 * 60_000;

export function createNotifier(deps: NotifierDeps): Notifier {
  const now = deps.now ?? (() => new Date());
  const sleep = deps.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
  const retry = deps.retry ?? { attempts: 3, delayMs: 2_000 };
  const batchSize = deps.batchSize ?? 200;
  let running: Promise<NotifierRun> | undefined;
  let timer: NodeJS.Timeout | undefined;

  async function journal(
    rule: NotificationRule,
    about: Partial<NotificationEvent> & { correlationId: string },
    line: {
      eventId: string;
      operation: string;
      status: AuditStatus;
      attempts: number;
      message?: Message;
      error?: string;
    },
  ) {
    const entry: AuditEntry = {
      id: randomUUID(),
      eventId: line.eventId,
      correlationId: about.correlationId,
      direction: 'ACTION',
      operation: line.operation,
      status: line.status,
      attempts: line.attempts,
      fieldChanges: [
        {
          object: 'Notification',
          field: rule.channel,
          after: { rule: rule.name, ...(line.message ?? {}) },
        },
      ],
      actor: `notification-rule:${rule.name}`,
      occurredAt: now().toISOString(),
      ...(line.error ? { error: line.error } : {}),
      ...(about.oktaUserId ? { oktaUserId: about.oktaUserId } : {}),
      ...(about.contactId ? { contactId: about.contactId } : {}),
      ...(about.caseId ? { caseId: about.caseId } : {}),
    };
    await deps.journal.record(entry);
  }

  async function deliver(
    rule: NotificationRule,
    delivery: Omit<Delivery, 'channel' | 'recipients'>,
  ): Promise<{ attempts: number; error?: string }> {
    const result = await sendWithRetries(
      () => deps.send({ ...delivery, channel: rule.channel, recipients: rule.recipients }),
      { ...retry, sleep },
    );
    if (result.error) {
      deps.logger.warn(
        { rule: rule.name, channel: rule.channel, err: result.error },
        'a notification could not be delivered',
      );
    }
    return { attempts: result.attempts, ...(result.error ? { error: result.error.message } : {}) };
  }

  async function act(decision: Decision, run: NotifierRun) {
    const { rule, event } = decision;
    const eventId = `notification:${rule.name}:${event.entryId}`;
    if (decision.action === 'skip') {
      run.skipped += 1;
      await journal(rule, event, {
        eventId,
        operation: 'notify',
        status: 'SKIPPED',
        attempts: 0,
        error: `Not sent: ${decision.reason}.`,
      });
      return;
    }
    if (decision.action === 'digest') {
      run.digested += 1;
      await deps.store.addToDigest({
        key: decision.key,
        ruleName: rule.name,
        ownerId: decision.ownerId,
        dueAt: new Date(now().getTime() + digestWindowMs(rule)),
        sample: decision.subject,
        occurredAt: event.occurredAt,
        maxSamples: DIGEST_SAMPLES,
      });
      return;
    }
    if (
      rule.quietMinutes > 0 &&
      !(await deps.store.claimQuietPeriod(decision.key, now(), rule.quietMinutes * 60_000))
    ) {
      run.skipped += 1;
      await journal(rule, event, {
        eventId,
        operation: 'notify',
        status: 'SKIPPED',
        attempts: 0,
        message: decision.message,
        error: `Not sent: the same notification went out less than ${rule.quietMinutes} minutes ago.`,
      });
      return;
    }
    const outcome = await deliver(rule, {
      ownerId: decision.ownerId,
      message: decision.message,
      targetId: decision.targetId,
    });
    if (outcome.error) run.failed += 1;
    else run.sent += 1;
    await journal(rule, event, {
      eventId,
      operation: 'notify',
      status: outcome.error ? 'FAILED' : 'SUCCESS',
      attempts: outcome.attempts,
      message: decision.message,
      ...(outcome.error ? { error: outcome.error } : {}),
    });
  }

  async function sendDigest(digest: NotificationDigest, run: NotifierRun) {
    const rule = deps.rules().find((r) => r.name === digest.ruleName && r.digest);
    if (!rule) {
      deps.logger.info(
        { rule: digest.ruleName, count: digest.count },
        'a digest was dropped: its rule is no longer an active digest rule',
      );
      await deps.store.deleteDigest(digest.key);
      return;
    }
    const message = digestMessage(rule, digest, deps.links);
    const outcome = await deliver(rule, { ownerId: digest.ownerId, message, targetId: null });
    if (outcome.error) run.failed += 1;
    else run.sent += 1;
    await journal(
      rule,
      { correlationId: `digest:${digest.key}:${digest.firstAt}` },
      {
        eventId: `notification-digest:${digest.key}:${digest.firstAt}`,
        operation: 'notify-digest',
        status: outcome.error ? 'FAILED' : 'SUCCESS',
        attempts: outcome.attempts,
        message,
        ...(outcome.error ? { error: outcome.error } : {}),
      },
    );
    await deps.store.deleteDigest(digest.key);
  }

  async function flushAll(): Promise<NotifierRun> {
    const run: NotifierRun = { read: 0, sent: 0, failed: 0, skipped: 0, digested: 0 };
    for (;;) {
      const entries = await deps.store.pendingEntries(batchSize);
      if (entries.length === 0) break;
      const rules = deps.rules();
      const events = entries
        .map(notificationEventOf)
        .filter((e): e is NotificationEvent => e !== undefined)
        .filter((e) => rules.some((r) => r.event === e.kind));
      const contexts = events.length > 0 ? await deps.loadContexts(events, rules) : new Map();
      for (const event of events) {
        const decisions = decideNotifications({
          event,
          context: contexts.get(event.entryId) ?? {},
          rules,
          links: deps.links,
        });
        for (const decision of decisions) await act(decision, run);
      }
      run.read += entries.length;
      await deps.store.markRead(entries);
      if (entries.length < batchSize) break;
    }
    for (;;) {
      const due = await deps.store.dueDigests(now(), 50);
      for (const digest of due) await sendDigest(digest, run);
      if (due.length < 50) break;
    }
    await deps.store.pruneQuietPeriods(new Date(now().getTime() - QUIET_MEMORY_MS));
    return run;
  }

  const notifier: Notifier = {
    flush() {
      running ??= flushAll().finally(() => {
        running = undefined;
      });
      return running;
    },
    start(intervalMs) {
      const tick = () => {
        notifier
          .flush()
          .catch((error: unknown) =>
            deps.logger.warn({ err: error }, 'notifications failed; will retry'),
          )
          .finally(() => {
            if (timer !== undefined) timer = setTimeout(tick, intervalMs);
          });
      };
      timer = setTimeout(tick, intervalMs);
    },
    async stop() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
  };
  return notifier;
}
