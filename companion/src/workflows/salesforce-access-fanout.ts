import { randomUUID } from 'node:crypto';
import { managedGroupIds } from '../mapping/access-rules.js';
import { writableProfileName } from '../mapping/okta-attribute.js';
import { soqlFieldName } from '../mapping/soql-quote.js';
import type { OktaUserSnapshot, SyncConfig } from '../mapping/types.js';
import type { JobHandler, JobOutcome } from '../queue/worker.js';
import type { AcceptResult, AuditJournal, InboundEvent, Job } from '../store/types.js';
import { conditionSoql } from './salesforce-access-plan.js';
import { jobJournal } from './salesforce-audit.js';
import {
  SALESFORCE_JOB_KIND as KIND,
  isUserId,
  salesforceUserSubject,
  type AccessRecomputePayload,
  type AccessResolvePayload,
} from '../queue/salesforce-job-kinds.js';
import type { OktaGateway } from '../okta/okta-gateway.js';
import { salesforceUsersOf } from './salesforce-okta-identity.js';
import { queryIn, type QueryFn } from '../salesforce/salesforce-reads.js';
import type { RecordOwners } from '../cdc/record-owners.js';
import { attributeHolders, type RecentProfileWrites } from '../okta/attribute-holders.js';

/**
 * The two ways workflow 4b finds whom to recompute when a change event does not say: `resolve`
 * reads the current owners of named records; `sweep` takes everyone who holds managed access in
 * Okta (group members, attribute holders) and everyone who owns a record some rule matches.
 * Both enqueue one recompute event per Salesforce user; the inbox coalesces them per user, and
 * the event ids derive from the job's own event so a retried job enqueues nothing twice.
 */

export interface AccessFanoutDeps {
  query: QueryFn;
  okta: Pick<OktaGateway, 'listGroupMembers' | 'searchUsers' | 'readUsers'>;
  /** Profile writes the companion made recently, which Okta's `search` may not show yet. */
  recentProfileWrites?: RecentProfileWrites;
  owners?: RecordOwners;
  /** Accepts events into the inbox (and wakes the worker). */
  enqueue(events: readonly InboundEvent[]): Promise<AcceptResult>;
  config(): SyncConfig;
  audit: AuditJournal;
  now?: () => Date;
}

function recomputeEvents(
  job: Job,
  userIds: Iterable<string>,
  reason: string,
  at: Date,
): InboundEvent[] {
  const origin = job.events[0]?.eventId ?? `job:${job.id}`;
  return [...new Set(userIds)]
    .filter(isUserId)
    .sort()
    .map((userId) => {
      const payload: AccessRecomputePayload = { salesforceUserId: userId, reason };
      return {
        source: 'sf-cdc',
        eventId: `${origin}:fanout:${userId}`,
        eventType: 'access.recompute',
        subjectKey: salesforceUserSubject(userId),
        jobKind: KIND.accessRecompute,
        occurredAt: at.toISOString(),
        payload,
      };
    });
}

export function createAccessResolveHandler(deps: AccessFanoutDeps): JobHandler {
  const now = deps.now ?? (() => new Date());
  return async (jobs) => {
    const journal = jobJournal(deps.audit, randomUUID(), now);
    const outcomes: JobOutcome[] = [];
    for (const job of jobs) {
      try {
        const payloads = job.events.map((e) => e.payload as AccessResolvePayload);
        const entity = soqlFieldName(payloads[0]?.entity ?? '');
        const ids = [...new Set(payloads.flatMap((p) => p.recordIds))];
        const rows = await queryIn<{ Id: string; OwnerId: string }>(
          deps.query,
          ids,
          (list) => `SELECT Id, OwnerId FROM ${entity} WHERE Id IN (${list})`,
        );
        for (const row of rows) deps.owners?.learn(row.Id, row.OwnerId);
        const result = await deps.enqueue(
          recomputeEvents(
            job,
            rows.map((r) => r.OwnerId),
            `${entity} owners resolved`,
            now(),
          ),
        );
        await journal(job, {
          operation: 'resolve-record-owners',
          status: 'SUCCESS',
          error: `${ids.length} ${entity} records, ${result.accepted} users to recompute`,
        });
        outcomes.push({ jobId: job.id, status: 'done' });
      } catch (error) {
        outcomes.push({ jobId: job.id, status: 'failed', error });
      }
    }
    return outcomes;
  };
}

/** Everyone who may hold or deserve managed access under the current rules. */
export async function accessSweepCandidates(
  deps: Pick<AccessFanoutDeps, 'query' | 'okta' | 'recentProfileWrites'>,
  config: SyncConfig,
): Promise<Set<string>> {
  const candidates = new Set<string>();
  const holders = new Map<string, OktaUserSnapshot>();
  for (const groupId of managedGroupIds(config.accessRules)) {
    for (const user of await deps.okta.listGroupMembers(groupId)) holders.set(user.id, user);
  }
  const attributes = new Set(
    config.accessRules.flatMap((r) =>
      r.type === 'CONDITION_TO_ATTRIBUTE' ? [writableProfileName(r.oktaAttribute)] : [],
    ),
  );
  for (const name of attributes) {
    if (name === undefined) continue;
    for (const user of await attributeHolders(deps.okta, deps.recentProfileWrites, name))
      holders.set(user.id, user);
  }
  const sfUsers = await salesforceUsersOf(
    deps.query,
    [...holders.values()],
    config.settings.userMatchField,
  );
  for (const id of sfUsers.values()) candidates.add(id);

  for (const rule of config.accessRules) {
    if (rule.type === 'GROUP_TO_ACCOUNT_TEAM') continue;
    const object = soqlFieldName(rule.condition.objectName);
    const rows = await deps.query<{ OwnerId: string }>(
      `SELECT OwnerId FROM ${object} WHERE ${conditionSoql(rule.condition)}`,
    );
    for (const row of rows) candidates.add(row.OwnerId);
  }
  return candidates;
}

export function createAccessSweepHandler(deps: AccessFanoutDeps): JobHandler {
  const now = deps.now ?? (() => new Date());
  return async (jobs) => {
    const config = deps.config();
    const journal = jobJournal(deps.audit, randomUUID(), now);
    const outcomes: JobOutcome[] = [];
    // All sweep jobs of a batch share one subject; one read serves them all.
    let candidates: Set<string> | Error;
    try {
      candidates = await accessSweepCandidates(deps, config);
    } catch (error) {
      candidates = error instanceof Error ? error : new Error(String(error));
    }
    for (const job of jobs) {
      if (candidates instanceof Error) {
        outcomes.push({ jobId: job.id, status: 'failed', error: candidates });
        continue;
      }
      const reasons = [
        ...new Set(
          job.events.map((e) => String((e.payload as { reason?: unknown }).reason ?? e.eventType)),
        ),
      ];
      const result = await deps.enqueue(
        recomputeEvents(job, candidates, `sweep: ${reasons.join(', ')}`, now()),
      );
      await journal(job, {
        operation: 'access-sweep',
        status: 'SUCCESS',
        error: `${candidates.size} users to recompute (${result.accepted} new); ${reasons.join('; ')}`,
      });
      outcomes.push({ jobId: job.id, status: 'done' });
    }
    return outcomes;
  };
}
