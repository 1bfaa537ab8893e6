import { randomUUID } from 'node:crypto';
import type { OktaEventPayload } from '../intake/okta-events.js';
import { heldTeamRoles } from '../mapping/deleted-rule-groups.js';
import { soqlQuote } from '../mapping/soql-quote.js';
import type { GroupToAccountTeamRule, OktaUserSnapshot, SyncConfig } from '../mapping/types.js';
import type { JobHandler, JobOutcome } from '../queue/worker.js';
import type { SalesforceWrite, WriteResult } from '../salesforce/record-writer.js';
import type { AuditJournal, Job } from '../store/types.js';
import type { AccountResolverDeps } from './account-resolver.js';
import { conditionToSoql, planAccountTeams, type TeamMemberRow } from './account-team-plan.js';
import { userIdOfJob } from './okta-user-sync.js';

/**
 * Workflow 3 for a batch of people whose Okta group membership changed: reads their
 * current groups (so duplicates and reordering converge), finds their Salesforce Users
 * and current Account Team rows, and applies the difference.
 */
export interface GroupMembershipDeps {
  readUsers(ids: readonly string[]): Promise<Map<string, OktaUserSnapshot | null>>;
  groupsOf(oktaUserId: string): Promise<Set<string>>;
  query: AccountResolverDeps['query'];
  write(writes: readonly SalesforceWrite[]): Promise<WriteResult[]>;
  config(): SyncConfig;
  audit: AuditJournal;
  now?: () => Date;
}

export function createGroupMembershipHandler(deps: GroupMembershipDeps): JobHandler {
  const now = deps.now ?? (() => new Date());
  return async (jobs) => {
    const config = deps.config();
    const rules = config.accessRules.filter(
      (r): r is GroupToAccountTeamRule => r.type === 'GROUP_TO_ACCOUNT_TEAM',
    );
    const ruleGroups = new Set(rules.map((r) => r.groupId));
    const heldRoles = heldTeamRoles(config);
    const correlationId = randomUUID();
    const outcomes = new Map<number, JobOutcome>();
    const journal = async (
      job: Job,
      status: 'SUCCESS' | 'SKIPPED' | 'FAILED',
      operation: string,
      extra: {
        error?: string;
        fieldChanges?: { object: string; field: string; after: unknown }[];
      } = {},
    ) => {
      const first = job.events[0];
      await deps.audit.record({
        id: randomUUID(),
        eventId: first?.eventId ?? `job:${job.id}`,
        correlationId,
        direction: 'OKTA_TO_SALESFORCE',
        operation,
        status,
        attempts: job.attempts + 1,
        oktaUserId: userIdOfJob(job),
        occurredAt: first?.occurredAt ?? now().toISOString(),
        actor: 'okta',
        ...extra,
      });
    };

    // Only memberships of groups an Account Team rule names matter.
    const relevant = jobs.filter((job) =>
      job.events.some((e) => ruleGroups.has(String((e.payload as OktaEventPayload).groupId))),
    );
    for (const job of jobs) {
      if (relevant.includes(job)) continue;
      await journal(job, 'SKIPPED', 'account-team', {
        error: 'no Account Team rule names this group',
      });
      outcomes.set(job.id, { jobId: job.id, status: 'done' });
    }
    if (relevant.length === 0) return jobs.map((job) => outcomes.get(job.id) as JobOutcome);

    const users = await deps.readUsers(relevant.map(userIdOfJob));
    const matchField = config.settings.userMatchField || 'FederationIdentifier';
    const logins = [...users.values()]
      .map((u) => u?.profile['login'])
      .filter((l): l is string => typeof l === 'string');
    const sfUsers = logins.length
      ? await deps.query<{ Id: string } & Record<string, unknown>>(
          `SELECT Id, ${matchField} FROM User WHERE IsActive = true AND ${matchField} IN (${logins.map(soqlQuote).join(',')})`,
        )
      : [];
    const sfUserByLogin = new Map(sfUsers.map((u) => [String(u[matchField]).toLowerCase(), u.Id]));

    const accountsByRule = new Map<string, string[]>();
    for (const rule of rules) {
      const rows = await deps.query<{ Id: string }>(
        `SELECT Id FROM Account WHERE ${conditionToSoql(rule.accounts)}`,
      );
      accountsByRule.set(
        rule.name,
        rows.map((r) => r.Id),
      );
    }
    const sfUserIds = [...sfUserByLogin.values()];
    const existing = sfUserIds.length
      ? await deps.query<TeamMemberRow & { UserId: string }>(
          `SELECT Id, AccountId, UserId, TeamMemberRole, AccountAccessLevel, OpportunityAccessLevel, CaseAccessLevel FROM AccountTeamMember WHERE UserId IN (${sfUserIds.map(soqlQuote).join(',')})`,
        )
      : [];

    for (const job of relevant) {
      const oktaUserId = userIdOfJob(job);
      const login = users.get(oktaUserId)?.profile['login'];
      const sfUserId =
        typeof login === 'string' ? sfUserByLogin.get(login.toLowerCase()) : undefined;
      if (!sfUserId) {
        await journal(job, 'SKIPPED', 'account-team', {
          error: `no active Salesforce User has ${matchField} = ${String(login ?? oktaUserId)}`,
        });
        outcomes.set(job.id, { jobId: job.id, status: 'done' });
        continue;
      }
      const memberOf = users.get(oktaUserId) ? await deps.groupsOf(oktaUserId) : new Set<string>();
      const plan = planAccountTeams({
        salesforceUserId: sfUserId,
        memberOf,
        rules,
        accountsByRule,
        heldRoles,
        existing: existing.filter((row) => row.UserId === sfUserId),
      });
      let failed = (await deps.write(plan.writes)).find((r) => !r.ok);
      if (!failed && plan.added > 0) {
        // A job of the Account's side may have put this person on one of those teams meanwhile:
        // read the rows again and remove the newer of two (the plan keeps the oldest).
        const again = planAccountTeams({
          salesforceUserId: sfUserId,
          memberOf,
          rules,
          accountsByRule,
          heldRoles,
          existing: await deps.query<TeamMemberRow>(
            `SELECT Id, AccountId, TeamMemberRole, AccountAccessLevel, OpportunityAccessLevel, CaseAccessLevel FROM AccountTeamMember WHERE UserId = ${soqlQuote(sfUserId)}`,
          ),
        });
        failed = (await deps.write(again.writes)).find((r) => !r.ok);
        plan.removed += again.removed;
        plan.changed += again.changed;
      }
      if (failed) {
        const message = failed.errors.map((e) => `${e.statusCode} ${e.message}`).join('; ');
        await journal(job, 'FAILED', 'account-team', { error: message });
        outcomes.set(job.id, {
          jobId: job.id,
          status: 'failed',
          error: Object.assign(new Error(`Account Team change failed: ${message}`), {
            errorCode: failed.errors[0]?.statusCode,
          }),
        });
        continue;
      }
      await journal(job, 'SUCCESS', 'account-team', {
        fieldChanges: [
          { object: 'AccountTeamMember', field: 'added', after: plan.added },
          { object: 'AccountTeamMember', field: 'removed', after: plan.removed },
          { object: 'AccountTeamMember', field: 'changed', after: plan.changed },
        ],
      });
      outcomes.set(job.id, { jobId: job.id, status: 'done' });
    }
    return jobs.map((job) => outcomes.get(job.id) as JobOutcome);
  };
}
