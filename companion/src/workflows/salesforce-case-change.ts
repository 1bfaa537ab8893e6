import { randomUUID } from 'node:crypto';
import type { OktaUserSnapshot, SyncConfig } from '../mapping/types.js';
import { DeferredError } from '../queue/job-errors.js';
import type { JobHandler, JobOutcome } from '../queue/worker.js';
import type { AuditJournal, FieldChange } from '../store/types.js';
import type { GrantWorkflow } from '../grants/grant-service.js';
import type { GuardPort } from './okta-user-sync.js';
import { GUARD_HELD } from './okta-user-sync.js';
import { jobJournal } from './salesforce-audit.js';
import { planCaseChange, type CaseRow } from './salesforce-case-plan.js';
import { subjectId } from '../queue/salesforce-job-kinds.js';
import type { OktaGateway } from '../okta/okta-gateway.js';
import { PrivilegedTargetError } from '../okta/admin-roles.js';
import { queryIn, type QueryFn } from '../salesforce/salesforce-reads.js';

/**
 * Case changes for a batch of Cases: read each Case, its Contact's Okta user and its active
 * grants, decide with `planCaseChange`, then end grants, update the access-issue annotation and
 * deactivate (termination) through the blast-radius guard, in that order (a deactivated user's
 * profile can no longer be updated). The deactivation flows back to Salesforce through the
 * Okta → Salesforce workflow: lifecycle events of our own actor are not dropped.
 */

export interface CaseChangeDeps {
  query: QueryFn;
  okta: Pick<OktaGateway, 'getUser' | 'updateProfile' | 'deactivate'>;
  grants: Pick<GrantWorkflow, 'endCaseGrants'>;
  guard: GuardPort;
  config(): SyncConfig;
  audit: AuditJournal;
  now?: () => Date;
}

export function createCaseChangeHandler(deps: CaseChangeDeps): JobHandler {
  const now = deps.now ?? (() => new Date());
  return async (jobs) => {
    const config = deps.config();
    const journal = jobJournal(deps.audit, randomUUID(), now);
    const outcomes = new Map<number, JobOutcome>();
    const ids = jobs.map((j) => subjectId(j.subjectKey));
    const cases = await queryIn<CaseRow & Record<string, unknown>>(
      deps.query,
      ids,
      (list) =>
        `SELECT Id, CaseNumber, IsClosed, Status, Type, ContactId, Okta_Access_Issue__c FROM Case WHERE Id IN (${list})`,
    );
    const contactIds = cases.flatMap((c) => (c.ContactId ? [c.ContactId] : []));
    const contacts = await queryIn<{ Id: string; Okta_User_Id__c?: string | null }>(
      deps.query,
      contactIds,
      (list) => `SELECT Id, Okta_User_Id__c FROM Contact WHERE Id IN (${list})`,
    );
    const grants = await queryIn<{ Id: string; Case__c: string }>(
      deps.query,
      ids,
      (list) =>
        `SELECT Id, Case__c FROM Okta_Access_Grant__c WHERE Status__c IN ('ACTIVE', 'REQUESTED') AND Case__c IN (${list})`,
    );

    for (const job of jobs) {
      const id = subjectId(job.subjectKey);
      const caseRow = cases.find((c) => c.Id.slice(0, 15) === id.slice(0, 15));
      if (!caseRow) {
        await journal(job, {
          operation: 'case-change',
          status: 'SKIPPED',
          error: 'The Case no longer exists.',
        });
        outcomes.set(job.id, { jobId: job.id, status: 'done' });
        continue;
      }
      const links = {
        caseId: caseRow.Id,
        ...(caseRow.ContactId ? { contactId: caseRow.ContactId } : {}),
      };
      try {
        const oktaUserId = contacts.find(
          (c) => caseRow.ContactId && c.Id.slice(0, 15) === caseRow.ContactId.slice(0, 15),
        )?.Okta_User_Id__c;
        const oktaUser: OktaUserSnapshot | null = oktaUserId
          ? await deps.okta.getUser(oktaUserId)
          : null;
        const plan = planCaseChange({
          caseRow,
          oktaUser,
          activeGrants: grants.filter((g) => g.Case__c.slice(0, 15) === caseRow.Id.slice(0, 15))
            .length,
          settings: config.settings,
        });
        const changes: FieldChange[] = [];
        if (plan.endGrants) {
          const ended = await deps.grants.endCaseGrants(caseRow.Id, 'Case closed');
          changes.push(
            ...ended.map((g) => ({
              object: 'Okta_Access_Grant__c',
              recordId: g.id,
              field: 'Status__c',
              after: g.status,
            })),
          );
        }
        if (plan.annotation && oktaUser) {
          await deps.okta.updateProfile(oktaUser.id, plan.annotation);
          changes.push(
            ...Object.entries(plan.annotation).map(([name, value]) => ({
              object: 'OktaUser',
              recordId: oktaUser.id,
              field: `profile.${name}`,
              before: oktaUser.profile[name] ?? null,
              after: value,
            })),
          );
        }
        if (plan.deactivate && oktaUser) {
          const { allowed } = await deps.guard.admit(1, config);
          if (allowed < 1) {
            const held = new DeferredError(
              'Held by the blast-radius guard: confirm the deactivations to release them.',
              { code: GUARD_HELD, retryAfterMs: 5 * 60_000 },
            );
            await journal(job, {
              operation: 'termination-deactivate',
              status: 'SKIPPED',
              ...links,
              oktaUserId: oktaUser.id,
              error: held.message,
            });
            outcomes.set(job.id, { jobId: job.id, status: 'failed', error: held });
            continue;
          }
          let refusal: string | undefined;
          try {
            await deps.okta.deactivate(oktaUser.id);
          } catch (error) {
            if (!(error instanceof PrivilegedTargetError)) throw error;
            refusal = `Refused: ${error.message}`;
          }
          if (refusal === undefined) {
            changes.push({
              object: 'OktaUser',
              recordId: oktaUser.id,
              field: 'status',
              before: oktaUser.status,
              after: 'DEPROVISIONED',
            });
          } else {
            plan.notes.push(refusal);
          }
          await journal(job, {
            operation: 'termination-deactivate',
            status: refusal === undefined ? 'SUCCESS' : 'FAILED',
            ...links,
            oktaUserId: oktaUser.id,
            ...(refusal === undefined ? { fieldChanges: changes.slice(-1) } : { error: refusal }),
          });
        }
        await journal(job, {
          operation: 'case-change',
          status: 'SUCCESS',
          ...links,
          ...(oktaUser ? { oktaUserId: oktaUser.id } : {}),
          fieldChanges: changes,
          ...(plan.notes.length ? { error: plan.notes.join('; ') } : {}),
        });
        outcomes.set(job.id, { jobId: job.id, status: 'done' });
      } catch (error) {
        await journal(job, {
          operation: 'case-change',
          status: 'FAILED',
          ...links,
          error: error instanceof Error ? error.message : String(error),
        });
        outcomes.set(job.id, { jobId: job.id, status: 'failed', error });
      }
    }
    return jobs.map((job) => outcomes.get(job.id) as JobOutcome);
  };
}
