import { randomUUID } from 'node:crypto';
import type { Alert } from '../audit/alerts.js';
import type { OktaGroupEventPayload } from '../intake/okta-events.js';
import type { SyncConfig } from '../mapping/types.js';
import type { JobHandler, JobOutcome } from '../queue/worker.js';
import type { AuditJournal, Job } from '../store/types.js';
import {
  groupDeletedAlert,
  groupDeletionSummary,
  planGroupDeletion,
} from './okta-group-deleted-plan.js';

/** The reason an ended grant records. */
export const GROUP_DELETED_REASON = 'the Okta group was deleted';

/**
 * An Okta group was deleted (`group.lifecycle.delete`). The temporary grants of the group end
 * (their membership went with it); the configuration is reloaded, which suspends every access
 * rule naming the group as a configuration problem, so no membership is written to it; the
 * journal and an alert say which rules and what to do. Nobody is removed from an Account Team:
 * an accidental deletion must not strip every team.
 */
export interface GroupDeletedDeps {
  config(): SyncConfig;
  reloadConfig(reason: string): Promise<SyncConfig>;
  /** Ends the group's ACTIVE and REQUESTED grants; how many it ended. */
  endGroupGrants(groupId: string, reason: string): Promise<number>;
  alert(alert: Alert): Promise<void>;
  audit: Pick<AuditJournal, 'record'>;
}

export function createGroupDeletedHandler(deps: GroupDeletedDeps): JobHandler {
  return async (jobs) => {
    const outcomes: JobOutcome[] = [];
    for (const job of jobs) {
      try {
        await handle(job);
        outcomes.push({ jobId: job.id, status: 'done' });
      } catch (error) {
        outcomes.push({ jobId: job.id, status: 'failed', error });
      }
    }
    return outcomes;
  };

  async function handle(job: Job): Promise<void> {
    const event = job.events[0];
    const payload = event?.payload as OktaGroupEventPayload | undefined;
    if (!event || !payload?.groupId) throw new Error(`job ${job.id} names no Okta group`);
    const before = deps.config();
    const deletion = planGroupDeletion({
      groupId: payload.groupId,
      groupName: payload.groupName,
      rules: before.accessRules,
      problems: before.problems,
    });
    const grantsEnded = await deps.endGroupGrants(payload.groupId, GROUP_DELETED_REASON);
    if (deletion.rules.length > 0) await deps.reloadConfig('okta group deleted');
    await deps.audit.record({
      id: randomUUID(),
      eventId: event.eventId,
      correlationId: randomUUID(),
      direction: 'OKTA_TO_SALESFORCE',
      operation: 'okta-group-deleted',
      status: deletion.rules.length > 0 || grantsEnded > 0 ? 'SUCCESS' : 'SKIPPED',
      attempts: job.attempts + 1,
      occurredAt: event.occurredAt,
      actor: payload.actorId ?? 'okta',
      error: groupDeletionSummary(deletion, grantsEnded),
      fieldChanges: [
        ...deletion.rules.map((rule) => ({
          object: 'Okta_Access_Rule__mdt',
          recordId: rule.name,
          field: 'suspended',
          before: false,
          after: true,
        })),
        ...(grantsEnded > 0
          ? [{ object: 'Okta_Access_Grant__c', field: 'revoked', after: grantsEnded }]
          : []),
      ],
    });
    const alert = groupDeletedAlert(deletion, grantsEnded);
    if (alert) await deps.alert(alert);
  }
}
