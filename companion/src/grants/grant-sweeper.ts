import type { InboundEvent, Store } from '../store/types.js';
import {
  SALESFORCE_JOB_KIND,
  caseSubject,
  grantSubject,
  type CaseChangePayload,
  type GrantJobPayload,
} from '../queue/salesforce-job-kinds.js';
import { queryIn, type QueryFn } from '../salesforce/salesforce-reads.js';
import { GRANT_OBJECT } from './grant-records.js';
import type { Logger } from '../logger.js';

/**
 * The periodic side of workflow 5 (default every 30 s): fires due timers (grant expiry is one)
 * and sweeps Okta_Access_Grant__c, which has no change events: REQUESTED grants created in
 * Salesforce by any means are applied, ACTIVE grants past Expires_At__c are expired even if
 * their timer was lost, and ACTIVE grants of closed Cases are revoked even if the Case's change
 * event was lost. Each finding becomes an inbox event; the ids keep a finding from being
 * enqueued twice.
 */

export interface GrantSweeper {
  start(intervalMs?: number): void;
  stop(): Promise<void>;
  /** One sweep now; resolves with the number of new inbox events. */
  sweep(): Promise<number>;
}

export function createGrantSweeper(deps: {
  query: QueryFn;
  store: Pick<Store, 'inbox' | 'timers'>;
  onAccepted?: (count: number) => void;
  logger: Pick<Logger, 'error'>;
  now?: () => Date;
}): GrantSweeper {
  const now = deps.now ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  async function sweepOnce(): Promise<number> {
    const at = now();
    let accepted = (await deps.store.timers.fireDue(at)).accepted;
    const event = (
      eventId: string,
      subjectKey: string,
      jobKind: string,
      payload: unknown,
    ): InboundEvent => ({
      source: 'sf-cdc',
      eventId,
      eventType: `${GRANT_OBJECT}.SWEEP`,
      subjectKey,
      jobKind,
      occurredAt: at.toISOString(),
      payload,
    });
    const requested = await deps.query<{ Id: string }>(
      `SELECT Id FROM ${GRANT_OBJECT} WHERE Status__c = 'REQUESTED'`,
    );
    const active = await deps.query<{ Id: string; Expires_At__c: string; Case__c?: string | null }>(
      `SELECT Id, Expires_At__c, Case__c FROM ${GRANT_OBJECT} WHERE Status__c = 'ACTIVE'`,
    );
    const caseIds = active.flatMap((g) => (g.Case__c ? [g.Case__c] : []));
    const closed = new Set(
      (
        await queryIn<{ Id: string }>(
          deps.query,
          caseIds,
          (list) => `SELECT Id FROM Case WHERE IsClosed = true AND Id IN (${list})`,
        )
      ).map((c) => c.Id.slice(0, 15)),
    );
    const events: InboundEvent[] = [];
    for (const { Id } of requested) {
      const payload: GrantJobPayload = { grantId: Id };
      events.push(
        event(`grant-requested:${Id}`, grantSubject(Id), SALESFORCE_JOB_KIND.grantApply, payload),
      );
    }
    for (const grant of active) {
      const payload: GrantJobPayload = { grantId: grant.Id };
      const due = Date.parse(grant.Expires_At__c.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
      if (Number.isFinite(due) && due <= at.getTime()) {
        events.push(
          event(
            `grant-expired:${grant.Id}:${grant.Expires_At__c}`,
            grantSubject(grant.Id),
            SALESFORCE_JOB_KIND.grantExpiry,
            payload,
          ),
        );
      }
      if (grant.Case__c && closed.has(grant.Case__c.slice(0, 15))) {
        const casePayload: CaseChangePayload = {
          caseId: grant.Case__c,
          changeType: 'SWEEP',
          fields: ['IsClosed'],
          commitTimestamp: at.getTime(),
        };
        events.push(
          event(
            `grant-case-closed:${grant.Id}`,
            caseSubject(grant.Case__c),
            SALESFORCE_JOB_KIND.caseChange,
            casePayload,
          ),
        );
      }
    }
    if (events.length > 0) accepted += (await deps.store.inbox.accept(events)).accepted;
    if (accepted > 0) deps.onAccepted?.(accepted);
    return accepted;
  }

  const sweep = () => {
    running ??= sweepOnce().finally(() => {
      running = undefined;
    });
    return running;
  };

  return {
    start(intervalMs = 30_000) {
      clearInterval(timer);
      timer = setInterval(() => {
        sweep().catch((error: unknown) => deps.logger.error({ err: error }, 'grant sweep failed'));
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
    sweep,
  };
}
