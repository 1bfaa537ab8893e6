import { randomUUID } from 'node:crypto';
import { managedGroupIds } from '../mapping/access-rules.js';
import { PrivilegedTargetError } from '../okta/admin-roles.js';
import { isGroupDeletedError } from '../okta/group-deleted.js';
import type { SyncConfig } from '../mapping/types.js';
import type { JobHandler, JobOutcome } from '../queue/worker.js';
import type { AuditJournal, FieldChange, Job } from '../store/types.js';
import type { AccessEvaluator } from './salesforce-access-evaluator.js';
import { planAccessUpdate } from './salesforce-access-plan.js';
import { jobJournal } from './salesforce-audit.js';
import { subjectId } from '../queue/salesforce-job-kinds.js';
import type { OktaGateway } from '../okta/okta-gateway.js';
import { queryIn, type QueryFn } from '../salesforce/salesforce-reads.js';

/**
 * Workflow 4b for a batch of Salesforce users: recompute each user's entitlements from every
 * record they own, and apply only the difference to managed groups and rule attributes. A group
 * an ACTIVE temporary grant holds is never removed. However many change events a user's job
 * coalesced (5,000 reassigned Leads), the user is recomputed once.
 */

export interface AccessRecomputeDeps {
  evaluator: AccessEvaluator;
  okta: Pick<OktaGateway, 'listGroupIds' | 'addToGroup' | 'removeFromGroup' | 'updateProfile'>;
  query: QueryFn;
  config(): SyncConfig;
  audit: AuditJournal;
  now?: () => Date;
}

export function createAccessRecomputeHandler(deps: AccessRecomputeDeps): JobHandler {
  const now = deps.now ?? (() => new Date());
  return async (jobs) => {
    const config = deps.config();
    const journal = jobJournal(deps.audit, randomUUID(), now);
    const outcomes = new Map<number, JobOutcome>();
    const done = (job: Job) => outcomes.set(job.id, { jobId: job.id, status: 'done' });
    const managed = managedGroupIds(config.accessRules);
    const attributeRules = config.accessRules.some((r) => r.type === 'CONDITION_TO_ATTRIBUTE');

    if (!config.settings.syncEnabled || (managed.size === 0 && !attributeRules)) {
      for (const job of jobs) {
        await journal(job, {
          operation: 'recompute-access',
          status: 'SKIPPED',
          error: config.settings.syncEnabled
            ? 'No active access rule grants groups or attributes.'
            : 'Sync is disabled.',
        });
        done(job);
      }
      return jobs.map((job) => outcomes.get(job.id) as JobOutcome);
    }

    const ids = jobs.map((j) => subjectId(j.subjectKey));
    const access = await deps.evaluator.forSalesforceUsers(ids, config);
    const oktaIds = [...access.values()].flatMap((a) => (a.oktaUser ? [a.oktaUser.id] : []));
    const grants = await queryIn<{ Okta_User_Id__c: string; Okta_Group_Id__c: string }>(
      deps.query,
      oktaIds,
      (list) =>
        `SELECT Okta_User_Id__c, Okta_Group_Id__c FROM Okta_Access_Grant__c WHERE Status__c = 'ACTIVE' AND Okta_User_Id__c IN (${list})`,
    );

    for (const job of jobs) {
      const id = subjectId(job.subjectKey);
      const userAccess = access.get(id);
      const oktaUser = userAccess?.oktaUser;
      if (!userAccess || !oktaUser) {
        await journal(job, {
          operation: 'recompute-access',
          status: 'SKIPPED',
          actor: id,
          error: userAccess?.problem ?? 'unknown user',
        });
        done(job);
        continue;
      }
      try {
        const plan = planAccessUpdate({
          desired: userAccess.desired,
          managed,
          currentGroups: await deps.okta.listGroupIds(oktaUser.id),
          currentProfile: oktaUser.profile,
          heldByGrants: new Set(
            grants.filter((g) => g.Okta_User_Id__c === oktaUser.id).map((g) => g.Okta_Group_Id__c),
          ),
        });
        const added: string[] = [];
        const refused: string[] = [];
        for (const groupId of plan.addGroups) {
          try {
            await deps.okta.addToGroup(groupId, oktaUser.id);
            added.push(groupId);
          } catch (error) {
            // Refused, or the group is gone: journaled below, never retried.
            if (!(error instanceof PrivilegedTargetError) && !isGroupDeletedError(error))
              throw error;
            refused.push(error.message);
          }
        }
        for (const groupId of plan.removeGroups)
          await deps.okta.removeFromGroup(groupId, oktaUser.id);
        if (Object.keys(plan.profile).length > 0)
          await deps.okta.updateProfile(oktaUser.id, plan.profile);
        const changes: FieldChange[] = [
          ...added.map((g) => ({
            object: 'OktaGroupMembership',
            recordId: g,
            field: 'member',
            before: false,
            after: true,
          })),
          ...plan.removeGroups.map((g) => ({
            object: 'OktaGroupMembership',
            recordId: g,
            field: 'member',
            before: true,
            after: false,
          })),
          ...Object.entries(plan.profile).map(([name, value]) => ({
            object: 'OktaUser',
            recordId: oktaUser.id,
            field: `profile.${name}`,
            before: oktaUser.profile[name] ?? null,
            after: value,
          })),
        ];
        const notes = plan.keptForGrants.length
          ? [`kept ${plan.keptForGrants.join(', ')}: held by an active temporary grant`]
          : [];
        if (refused.length > 0) {
          await journal(job, {
            operation: 'access-refused',
            status: 'FAILED',
            oktaUserId: oktaUser.id,
            actor: id,
            error: `Refused: ${refused.join(' ')}`,
          });
        }
        await journal(job, {
          operation: 'recompute-access',
          status: 'SUCCESS',
          oktaUserId: oktaUser.id,
          actor: id,
          fieldChanges: changes,
          ...(notes.length ? { error: notes.join('; ') } : {}),
        });
        done(job);
      } catch (error) {
        await journal(job, {
          operation: 'recompute-access',
          status: 'FAILED',
          oktaUserId: oktaUser.id,
          actor: id,
          error: error instanceof Error ? error.message : String(error),
        });
        outcomes.set(job.id, { jobId: job.id, status: 'failed', error });
      }
    }
    return jobs.map((job) => outcomes.get(job.id) as JobOutcome);
  };
}
