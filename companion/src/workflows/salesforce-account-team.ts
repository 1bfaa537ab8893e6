import { randomUUID } from 'node:crypto';
import { conditionHolds } from '../mapping/access-rules.js';
import { heldTeamRoles } from '../mapping/deleted-rule-groups.js';
import { soqlQuote } from '../mapping/soql-quote.js';
import type { GroupToAccountTeamRule, OktaUserSnapshot, SyncConfig } from '../mapping/types.js';
import { PermanentError } from '../queue/job-errors.js';
import type { JobHandler, JobOutcome } from '../queue/worker.js';
import type { AcceptResult, AuditJournal, InboundEvent, Job } from '../store/types.js';
import {
  conditionToSoql,
  planAccountTeamOfAccount,
  type TeamMemberRow,
} from './account-team-plan.js';
import { jobJournal } from './salesforce-audit.js';
import {
  SALESFORCE_JOB_KIND as KIND,
  accountTeamSubject,
  subjectId,
  type AccountTeamPayload,
} from '../queue/salesforce-job-kinds.js';
import type { OktaGateway } from '../okta/okta-gateway.js';
import { isOktaNotFound } from '../okta/okta-failures.js';
import {
  queryIn,
  sameId,
  writeFailure,
  type QueryFn,
  type WriteFn,
} from '../salesforce/salesforce-reads.js';

/**
 * Workflow 3 from the Account's side, for a batch of Accounts whose fields changed: reads each
 * Account's current fields and team, lists the Okta members of every rule group an Account now
 * matches (once per batch), maps them to Salesforce Users by the configured match field against
 * the Okta login (as workflow 3 does), and applies the difference for the rule-managed roles.
 */

export interface AccountTeamDeps {
  query: QueryFn;
  write: WriteFn;
  okta: Pick<OktaGateway, 'listGroupMembers'>;
  config(): SyncConfig;
  audit: AuditJournal;
  now?: () => Date;
}

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TEAM_SELECT =
  'SELECT Id, AccountId, UserId, TeamMemberRole, AccountAccessLevel, OpportunityAccessLevel, CaseAccessLevel FROM AccountTeamMember';

export function createAccountTeamHandler(deps: AccountTeamDeps): JobHandler {
  const now = deps.now ?? (() => new Date());
  return async (jobs) => {
    const config = deps.config();
    const journal = jobJournal(deps.audit, randomUUID(), now);
    const record = (job: Job, entry: Parameters<typeof journal>[1]) =>
      journal(job, { direction: 'OKTA_TO_SALESFORCE', actor: subjectId(job.subjectKey), ...entry });
    const outcomes = new Map<number, JobOutcome>();
    const done = (job: Job) => outcomes.set(job.id, { jobId: job.id, status: 'done' });
    const result = () => jobs.map((job) => outcomes.get(job.id) as JobOutcome);
    const rules = config.accessRules.filter(
      (r): r is GroupToAccountTeamRule => r.type === 'GROUP_TO_ACCOUNT_TEAM',
    );

    if (!config.settings.syncEnabled || rules.length === 0) {
      for (const job of jobs) {
        await record(job, {
          operation: 'account-team',
          status: 'SKIPPED',
          error: config.settings.syncEnabled
            ? 'No active GROUP_TO_ACCOUNT_TEAM rule.'
            : 'Sync is disabled.',
        });
        done(job);
      }
      return result();
    }

    const fields = [
      ...new Map(rules.map((r) => [r.accounts.field.toLowerCase(), r.accounts.field])).values(),
    ].filter((f) => f.toLowerCase() !== 'id');
    const badField = fields.find((f) => !FIELD_NAME.test(f));
    if (badField !== undefined) throw new Error(`"${badField}" is not an Account field name`);
    const accountIds = jobs.map((job) => subjectId(job.subjectKey));
    const accounts = await queryIn<{ Id: string } & Record<string, unknown>>(
      deps.query,
      accountIds,
      (list) => `SELECT ${['Id', ...fields].join(', ')} FROM Account WHERE Id IN (${list})`,
    );
    const teams = await queryIn<TeamMemberRow>(
      deps.query,
      accounts.map((a) => a.Id),
      (list) => `${TEAM_SELECT} WHERE AccountId IN (${list})`,
    );
    const membersByGroup = await salesforceUsersOfGroups(deps, config, rules, accounts);

    for (const job of jobs) {
      const accountId = subjectId(job.subjectKey);
      const account = accounts.find((a) => sameId(a.Id, accountId));
      if (!account) {
        await record(job, {
          operation: 'account-team',
          status: 'SKIPPED',
          error: `Account ${accountId} no longer exists`,
        });
        done(job);
        continue;
      }
      const missing = rules.find(
        (r) =>
          !membersByGroup.has(r.groupId) &&
          conditionHolds(r.accounts, { objectName: 'Account', fields: account }),
      );
      if (missing) {
        const error = new PermanentError(
          `Okta has no group ${missing.groupId}, named by access rule ${missing.name}: fix the rule, then replay this job`,
          { code: 'OKTA_GROUP_NOT_FOUND' },
        );
        await record(job, { operation: 'account-team', status: 'FAILED', error: error.message });
        outcomes.set(job.id, { jobId: job.id, status: 'failed', error });
        continue;
      }
      const apply = async (existing: readonly TeamMemberRow[]) => {
        const plan = planAccountTeamOfAccount({
          account,
          rules,
          membersByGroup,
          existing,
          heldRoles: heldTeamRoles(config),
        });
        return { plan, failed: (await deps.write(plan.writes)).find((r) => !r.ok) };
      };
      const first = await apply(teams.filter((row) => sameId(row.AccountId, account.Id)));
      const { plan } = first;
      let failed = first.failed;
      if (!failed && plan.added > 0) {
        // Workflow 3 may have put one of these people on the team meanwhile: read the team
        // again and remove the newer of two rows (the plan keeps the oldest).
        const again = await apply(
          await deps.query<TeamMemberRow>(
            `${TEAM_SELECT} WHERE AccountId = ${soqlQuote(account.Id)}`,
          ),
        );
        failed = again.failed;
        plan.removed += again.plan.removed;
        plan.changed += again.plan.changed;
      }
      if (failed) {
        const error = writeFailure(failed, `Account Team of ${account.Id}`);
        await record(job, { operation: 'account-team', status: 'FAILED', error: error.message });
        outcomes.set(job.id, { jobId: job.id, status: 'failed', error });
        continue;
      }
      await record(job, {
        operation: 'account-team',
        status: 'SUCCESS',
        fieldChanges: [
          { object: 'AccountTeamMember', recordId: account.Id, field: 'added', after: plan.added },
          {
            object: 'AccountTeamMember',
            recordId: account.Id,
            field: 'removed',
            after: plan.removed,
          },
          {
            object: 'AccountTeamMember',
            recordId: account.Id,
            field: 'changed',
            after: plan.changed,
          },
        ],
        ...(plan.matchingRules.length
          ? {}
          : { error: 'The Account matches no GROUP_TO_ACCOUNT_TEAM rule.' }),
      });
      done(job);
    }
    return result();
  };
}

/**
 * The Salesforce User ids of the members of each rule group that some of `accounts` match. An
 * Okta member without an active Salesforce User whose match field equals their login is left out.
 */
async function salesforceUsersOfGroups(
  deps: AccountTeamDeps,
  config: SyncConfig,
  rules: readonly GroupToAccountTeamRule[],
  accounts: readonly Record<string, unknown>[],
): Promise<Map<string, string[]>> {
  const groups = new Set(
    rules
      .filter((rule) =>
        accounts.some((fields) => conditionHolds(rule.accounts, { objectName: 'Account', fields })),
      )
      .map((rule) => rule.groupId),
  );
  const loginsByGroup = new Map<string, string[]>();
  for (const groupId of groups) {
    let members: OktaUserSnapshot[];
    try {
      members = await deps.okta.listGroupMembers(groupId);
    } catch (error) {
      // A rule naming a group Okta no longer has: the Accounts it selects fail on their own.
      if (isOktaNotFound(error)) continue;
      throw error;
    }
    loginsByGroup.set(
      groupId,
      members.flatMap((m) => {
        const login = m.profile['login'];
        return typeof login === 'string' ? [login] : [];
      }),
    );
  }
  const matchField = config.settings.userMatchField || 'FederationIdentifier';
  if (!FIELD_NAME.test(matchField)) throw new Error(`"${matchField}" is not a User field name`);
  const users = await queryIn<{ Id: string } & Record<string, unknown>>(
    deps.query,
    [...loginsByGroup.values()].flat(),
    (list) =>
      `SELECT Id, ${matchField} FROM User WHERE IsActive = true AND ${matchField} IN (${list})`,
  );
  const userByLogin = new Map(users.map((u) => [String(u[matchField]).toLowerCase(), u.Id]));
  return new Map(
    [...loginsByGroup].map(([groupId, logins]) => [
      groupId,
      logins.flatMap((login) => {
        const id = userByLogin.get(login.toLowerCase());
        return id === undefined ? [] : [id];
      }),
    ]),
  );
}

export interface AccountTeamSweepDeps {
  query: QueryFn;
  config(): SyncConfig;
  enqueue(events: readonly InboundEvent[]): Promise<AcceptResult>;
  audit: AuditJournal;
  now?: () => Date;
}

/**
 * When Account change events were lost (overflow, replay window passed), any Account may have
 * started or stopped matching: queues one Account Team job for every Account a rule selects now
 * and every Account holding a row of a rule-managed role. Event ids derive from the sweep job's
 * own event, so a retried sweep enqueues nothing twice.
 */
export function createAccountTeamSweepHandler(deps: AccountTeamSweepDeps): JobHandler {
  const now = deps.now ?? (() => new Date());
  return async (jobs) => {
    const config = deps.config();
    const journal = jobJournal(deps.audit, randomUUID(), now);
    const rules = config.accessRules.filter(
      (r): r is GroupToAccountTeamRule => r.type === 'GROUP_TO_ACCOUNT_TEAM',
    );
    const accountIds = new Set<string>();
    for (const rule of rules) {
      const rows = await deps.query<{ Id: string }>(
        `SELECT Id FROM Account WHERE ${conditionToSoql(rule.accounts)}`,
      );
      for (const row of rows) accountIds.add(row.Id);
    }
    const roles = [...new Set(rules.map((r) => r.accountTeamRole))];
    const held = await queryIn<{ AccountId: string }>(
      deps.query,
      roles,
      (list) => `SELECT AccountId FROM AccountTeamMember WHERE TeamMemberRole IN (${list})`,
    );
    for (const row of held) accountIds.add(row.AccountId);

    const outcomes: JobOutcome[] = [];
    for (const job of jobs) {
      const origin = job.events[0]?.eventId ?? `job:${job.id}`;
      const at = now().toISOString();
      const result = await deps.enqueue(
        [...accountIds].sort().map((accountId) => {
          const payload: AccountTeamPayload = { accountId, reason: 'Account events lost' };
          return {
            source: 'sf-cdc',
            eventId: `${origin}:account-team:${accountId}`,
            eventType: 'Account.EVENTS_LOST',
            subjectKey: accountTeamSubject(accountId),
            jobKind: KIND.accountTeam,
            occurredAt: at,
            payload,
          };
        }),
      );
      await journal(job, {
        direction: 'OKTA_TO_SALESFORCE',
        operation: 'account-team-sweep',
        status: 'SUCCESS',
        error: `${accountIds.size} Accounts to bring in step (${result.accepted} new)`,
      });
      outcomes.push({ jobId: job.id, status: 'done' });
    }
    return outcomes;
  };
}
