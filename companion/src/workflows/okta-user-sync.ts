import { randomUUID } from 'node:crypto';
import { mapOktaUserToSalesforce } from '../mapping/apply.js';
import { writesSalesforce } from '../mapping/mapping-validation.js';
import {
  buildMatchQuery,
  chooseContactMatch,
  matchKeysFor,
  matchSelectFields,
  OKTA_USER_ID_FIELD,
  type MatchKey,
} from '../mapping/matching.js';
import { soqlQuote } from '../mapping/soql-quote.js';
import type { OktaUserSnapshot, SyncConfig } from '../mapping/types.js';
import { compileUserFilter } from '../okta/user-filter.js';
import { DeferredError, PermanentError, TransientError } from '../queue/job-errors.js';
import type { JobHandler, JobOutcome } from '../queue/worker.js';
import type { SalesforceWrite, WriteResult } from '../salesforce/record-writer.js';
import type { AuditEntry, AuditJournal, Job } from '../store/types.js';
import { resolveAccounts, type AccountResolverDeps } from './account-resolver.js';
import { salesforceOwnedFields } from './salesforce-owned-fields.js';
import {
  DEPROVISIONED_STATUSES,
  planContactSync,
  type ContactMatch,
  type ContactPlan,
  type ContactRow,
} from './contact-plan.js';
import {
  openLeadIds,
  planDeprovisionEffects,
  type CaseRow,
  type LeadRow,
} from './deprovision-plan.js';
import type { OktaEventPayload } from '../intake/okta-events.js';
import {
  ownEchoFields,
  withoutOwnEchoes,
  type OktaWriteLedger,
} from '../echo/okta-write-ledger.js';

/**
 * Workflows 1, 2 and 4 of Okta → Salesforce for a batch of users: read every user once
 * (one filtered list call), find their Contacts with one query, resolve Accounts, decide
 * each user's writes with the pure planners, apply them in collection calls, then the
 * deprovisioning side effects, and journal every outcome.
 */

export interface GuardPort {
  /** How many of `requested` new deactivations may go ahead; the rest are held. */
  admit(requested: number, config: SyncConfig): Promise<{ allowed: number; held: boolean }>;
}

export interface OktaUserSyncDeps {
  readUsers(ids: readonly string[]): Promise<Map<string, OktaUserSnapshot | null>>;
  query: AccountResolverDeps['query'];
  write(writes: readonly SalesforceWrite[]): Promise<WriteResult[]>;
  config(): SyncConfig;
  audit: AuditJournal;
  guard: GuardPort;
  /** Id of a queue by DeveloperName, cached by the caller. */
  queueId(developerName: string): Promise<string | undefined>;
  accountCache?: Map<string, string>;
  /**
   * What the companion itself recently wrote to Okta profiles: a Contact field whose Okta
   * attribute still holds that value is not copied back (it came from Salesforce).
   */
  ownWrites?: Pick<OktaWriteLedger, 'written'>;
  now?: () => Date;
}

const STATUS_FIELDS = [
  'Okta_Status__c',
  'Okta_Sync_Status__c',
  'Okta_Sync_Error__c',
  'Okta_Last_Event_At__c',
  'Okta_MFA_Reset_At__c',
  'AccountId',
];

/** Raised for a deactivation the blast-radius guard holds back; waits without using up attempts. */
export const GUARD_HELD = 'GUARD_HELD';

export function userIdOfJob(job: Job): string {
  return job.subjectKey.slice(job.subjectKey.indexOf(':') + 1);
}

function eventsOf(job: Job): OktaEventPayload[] {
  return job.events.map((e) => e.payload as OktaEventPayload);
}

function lastPublished(events: readonly OktaEventPayload[]): string | undefined {
  return events
    .map((e) => e.published)
    .sort()
    .at(-1);
}

function writeError(result: WriteResult, what: string): Error {
  const first = result.errors[0];
  const message = `${what}: ${result.errors.map((e) => `${e.statusCode} ${e.message}`).join('; ')}`;
  return Object.assign(new Error(message), { errorCode: first?.statusCode ?? 'UNKNOWN' });
}

export function createOktaUserSyncHandler(deps: OktaUserSyncDeps): JobHandler {
  const now = deps.now ?? (() => new Date());
  let filterSource: string | null | undefined;
  let filter: ((user: OktaUserSnapshot) => boolean) | Error = () => true;

  function contactFilter(expression: string | null) {
    if (expression !== filterSource) {
      filterSource = expression;
      try {
        filter = compileUserFilter(expression);
      } catch (error) {
        filter = error as Error;
      }
    }
    return filter;
  }

  return async (jobs) => {
    const config = deps.config();
    const { settings } = config;
    const syncedAt = now().toISOString();
    const correlationId = randomUUID();
    const outcomes = new Map<number, JobOutcome>();
    const journal = (
      job: Job,
      entry: Partial<AuditEntry> & Pick<AuditEntry, 'operation' | 'status'>,
    ) => {
      const first = job.events[0];
      deps.audit.record({
        id: randomUUID(),
        eventId: first?.eventId ?? `job:${job.id}`,
        correlationId,
        direction: 'OKTA_TO_SALESFORCE',
        attempts: job.attempts + 1,
        oktaUserId: userIdOfJob(job),
        occurredAt: first?.occurredAt ?? syncedAt,
        actor: 'okta',
        ...entry,
      });
    };
    const fail = (job: Job, error: Error, operation = 'sync-contact') => {
      journal(job, { operation, status: 'FAILED', error: error.message });
      outcomes.set(job.id, { jobId: job.id, status: 'failed', error });
    };

    if (!settings.syncEnabled) {
      for (const job of jobs) {
        journal(job, {
          operation: 'sync-contact',
          status: 'SKIPPED',
          error: 'Sync is disabled in Okta_Sync_Setting__mdt.Default',
        });
        outcomes.set(job.id, { jobId: job.id, status: 'done' });
      }
      return jobs.map((job) => outcomes.get(job.id) as JobOutcome);
    }
    const inScope = contactFilter(settings.oktaContactFilter);
    if (inScope instanceof Error) {
      for (const job of jobs)
        fail(job, new TransientError(inScope.message, { code: 'CONFIG_INVALID' }));
      return jobs.map((job) => outcomes.get(job.id) as JobOutcome);
    }

    // 1. Current state of every user, in one list call per hundred users.
    const users = await deps.readUsers(jobs.map(userIdOfJob));

    // 2. Candidate Contacts for all users, in one query.
    const keysByUser = new Map<string, MatchKey[]>();
    for (const job of jobs) {
      const id = userIdOfJob(job);
      const user = users.get(id);
      keysByUser.set(
        id,
        user ? matchKeysFor(user, config.mappings) : [{ field: OKTA_USER_ID_FIELD, value: id }],
      );
    }
    const allKeys = [...keysByUser.values()].flat();
    const mappedContactFields = config.mappings
      .filter((m) => m.objectName === 'Contact' && writesSalesforce(m))
      .map((m) => m.field);
    const selectFields = [
      ...new Set([
        ...matchSelectFields(allKeys),
        ...STATUS_FIELDS,
        'Okta_Last_Synced_At__c',
        ...mappedContactFields,
      ]),
    ];
    const where = buildMatchQuery(allKeys);
    const candidates = where
      ? await deps.query<ContactRow>(
          `SELECT ${selectFields.join(', ')} FROM Contact WHERE ${where}`,
        )
      : [];
    const rowsById = new Map(candidates.map((c) => [c.Id, c]));

    // 3. Mapped values and Accounts of users that can have a Contact.
    const mapped = new Map<string, ReturnType<typeof mapOktaUserToSalesforce>>();
    for (const [id, user] of users) {
      if (user)
        mapped.set(
          id,
          mapOktaUserToSalesforce({ user, mappings: config.mappings, describes: config.describes }),
        );
    }
    const accountCandidates = [...users.values()]
      .filter(
        (u): u is OktaUserSnapshot =>
          u !== null && !DEPROVISIONED_STATUSES.has(u.status) && inScope(u),
      )
      .map((user) => ({ user, accountFields: mapped.get(user.id)?.records.Account ?? {} }));
    const accounts = await resolveAccounts(accountCandidates, settings, {
      query: deps.query,
      write: deps.write,
      ...(deps.accountCache ? { cache: deps.accountCache } : {}),
    });

    // 4. Decide.
    const plans = new Map<number, ContactPlan>();
    for (const job of jobs) {
      const id = userIdOfJob(job);
      const user = users.get(id) ?? null;
      const events = eventsOf(job);
      const found = chooseContactMatch(candidates, keysByUser.get(id) ?? []);
      const match: ContactMatch =
        found.kind === 'linked' || found.kind === 'match'
          ? { ...found, contact: rowsById.get(found.contactId) as ContactRow }
          : found;
      const mapping = mapped.get(id);
      const echoes =
        user && deps.ownWrites
          ? ownEchoFields({ user, written: deps.ownWrites.written(id), mappings: config.mappings })
          : new Set<string>();
      const accountProblem = accounts.problems.get(id);
      plans.set(
        job.id,
        planContactSync({
          userId: id,
          user,
          inScope: user !== null && inScope(user),
          match,
          mapped: {
            fields: withoutOwnEchoes(
              withoutOwnEchoes(mapping?.records.Contact ?? {}, echoes),
              user && found.kind === 'linked'
                ? salesforceOwnedFields({
                    user,
                    contact: rowsById.get(found.contactId),
                    mappings: config.mappings,
                  })
                : new Set<string>(),
            ),
            issues: [
              ...(mapping?.errors ?? []),
              ...(accountProblem
                ? [{ mapping: 'Account', field: 'AccountId', message: accountProblem }]
                : []),
            ],
          },
          accountId: accounts.accountIds.get(id),
          eventTypes: events.map((e) => e.eventType),
          lastEventAt: lastPublished(events),
          syncedAt,
          settings,
        }),
      );
    }

    // 5. The blast-radius guard admits new deactivations, or holds them.
    const newlyDeprovisioned = jobs.filter((job) => {
      const plan = plans.get(job.id);
      return (
        plan?.deprovisioned &&
        plan.write &&
        plan.changes.some(
          (c) =>
            c.field === 'Okta_Status__c' && !DEPROVISIONED_STATUSES.has(String(c.before ?? '')),
        )
      );
    });
    if (newlyDeprovisioned.length > 0) {
      const { allowed } = await deps.guard.admit(newlyDeprovisioned.length, config);
      for (const job of newlyDeprovisioned.slice(allowed)) {
        const error = new DeferredError(
          'Held by the blast-radius guard: confirm the deactivations to release them.',
          {
            code: GUARD_HELD,
            retryAfterMs: 5 * 60_000,
          },
        );
        journal(job, { operation: 'deprovision-contact', status: 'SKIPPED', error: error.message });
        outcomes.set(job.id, { jobId: job.id, status: 'failed', error });
      }
    }

    // 6. Contact writes, in collection calls.
    const writing = jobs.filter((job) => !outcomes.has(job.id) && plans.get(job.id)?.write);
    const contactResults = await deps.write(
      writing.map((job) => plans.get(job.id)?.write as SalesforceWrite),
    );
    writing.forEach((job, i) => {
      const result = contactResults[i] as WriteResult;
      const plan = plans.get(job.id) as ContactPlan;
      if (!result.ok) fail(job, writeError(result, `Contact for Okta user ${plan.userId}`));
      else if (plan.contactId === undefined && result.id) plan.contactId = result.id;
    });

    // 7. Deprovisioning (and reactivation) side effects, idempotent so a retry completes them.
    const effectJobs = jobs.filter((job) => {
      const plan = plans.get(job.id);
      return !outcomes.has(job.id) && plan && (plan.deprovisioned || plan.reactivated);
    });
    const effectsByJob = await planEffects(effectJobs, plans, users, config, deps);
    const effectWrites = effectJobs.flatMap((job) => effectsByJob.get(job.id)?.writes ?? []);
    const effectResults = await deps.write(effectWrites);
    let cursor = 0;
    for (const job of effectJobs) {
      const effects = effectsByJob.get(job.id);
      const results = effectResults.slice(cursor, cursor + (effects?.writes.length ?? 0));
      cursor += effects?.writes.length ?? 0;
      const failed = results.find((r) => !r.ok);
      const plan = plans.get(job.id) as ContactPlan;
      if (failed) {
        fail(job, writeError(failed, 'Deprovisioning side effect'), 'deprovision-effects');
        continue;
      }
      if (effects && (effects.writes.length > 0 || effects.notes.length > 0)) {
        journal(job, {
          operation: plan.deprovisioned ? 'deprovision-effects' : 'reactivate-effects',
          status: 'SUCCESS',
          ...(plan.contactId ? { contactId: plan.contactId } : {}),
          fieldChanges: effects.writes.map((w) => ({
            object: w.object,
            ...(w.op === 'update' ? { recordId: w.record.Id } : {}),
            field: Object.keys(w.op === 'update' ? w.record : {})
              .filter((f) => f !== 'Id')
              .join(','),
            after:
              w.op === 'update'
                ? Object.fromEntries(Object.entries(w.record).filter(([f]) => f !== 'Id'))
                : null,
          })),
          ...(effects.notes.length ? { error: effects.notes.join('; ') } : {}),
        });
      }
    }

    // 8. Journal and answer.
    for (const job of jobs) {
      if (outcomes.has(job.id)) continue;
      const plan = plans.get(job.id) as ContactPlan;
      if (plan.outcome === 'conflict') {
        journal(job, {
          operation: 'sync-contact',
          status: 'FAILED',
          error: `Conflict: ${plan.reason}`,
        });
        outcomes.set(job.id, {
          jobId: job.id,
          status: 'failed',
          error: new PermanentError(`Conflict: ${plan.reason}`, { code: 'MATCH_CONFLICT' }),
        });
        continue;
      }
      journal(job, {
        operation: `contact-${plan.outcome}`,
        status: plan.write || plan.outcome === 'unchanged' ? 'SUCCESS' : 'SKIPPED',
        ...(plan.contactId ? { contactId: plan.contactId } : {}),
        fieldChanges: plan.changes.map((c) => ({
          ...c,
          ...(plan.contactId ? { recordId: plan.contactId } : {}),
        })),
        ...(plan.issues.length
          ? { error: plan.issues.map((i) => `${i.field}: ${i.message}`).join('; ') }
          : {}),
      });
      outcomes.set(job.id, { jobId: job.id, status: 'done' });
    }
    return jobs.map((job) => outcomes.get(job.id) as JobOutcome);
  };
}

async function planEffects(
  jobs: readonly Job[],
  plans: ReadonlyMap<number, ContactPlan>,
  users: ReadonlyMap<string, OktaUserSnapshot | null>,
  config: SyncConfig,
  deps: OktaUserSyncDeps,
) {
  const result = new Map<number, ReturnType<typeof planDeprovisionEffects>>();
  if (jobs.length === 0) return result;
  const { settings } = config;
  const contactIds = jobs.map((j) => plans.get(j.id)?.contactId).filter((id): id is string => !!id);

  const contacts = contactIds.length
    ? await deps.query<{ Id: string; AccountId?: string | null }>(
        `SELECT Id, AccountId FROM Contact WHERE Id IN (${contactIds.map(soqlQuote).join(',')})`,
      )
    : [];
  const accountOf = new Map(contacts.map((c) => [c.Id, c.AccountId ?? undefined]));
  const accountIds = [...new Set([...accountOf.values()].filter((id): id is string => !!id))];

  const cases = contactIds.length
    ? await deps.query<CaseRow & { ContactId: string }>(
        `SELECT Id, ContactId, OwnerId, Okta_Deprovisioned_Contact__c FROM Case WHERE IsClosed = false AND ContactId IN (${contactIds.map(soqlQuote).join(',')})`,
      )
    : [];
  const accounts = accountIds.length
    ? await deps.query<{ Id: string; Okta_Account_Status__c?: string | null }>(
        `SELECT Id, Okta_Account_Status__c FROM Account WHERE Id IN (${accountIds.map(soqlQuote).join(',')})`,
      )
    : [];
  const activeContacts = accountIds.length
    ? await deps.query<{ Id: string; AccountId: string }>(
        `SELECT Id, AccountId FROM Contact WHERE AccountId IN (${accountIds.map(soqlQuote).join(',')}) AND Okta_Status__c NOT IN ('DEPROVISIONED','SUSPENDED','DELETED')`,
      )
    : [];
  const activeCount = new Map<string, number>();
  for (const c of activeContacts)
    activeCount.set(c.AccountId, (activeCount.get(c.AccountId) ?? 0) + 1);

  // Leads owned by the Salesforce User of each deprovisioned person.
  const logins = jobs
    .map((j) => users.get(userIdOfJob(j))?.profile['login'])
    .filter((l): l is string => typeof l === 'string' && l !== '');
  const matchField = settings.userMatchField || 'FederationIdentifier';
  const sfUsers = logins.length
    ? await deps.query<{ Id: string } & Record<string, unknown>>(
        `SELECT Id, ${matchField} FROM User WHERE ${matchField} IN (${logins.map(soqlQuote).join(',')})`,
      )
    : [];
  const sfUserByLogin = new Map(sfUsers.map((u) => [String(u[matchField]).toLowerCase(), u.Id]));
  // Only open Leads move: not converted, and not in a closed status (LeadStatus.IsClosed).
  const closedLeadStatuses = sfUsers.length
    ? new Set(
        (
          await deps.query<{ ApiName: string; MasterLabel: string }>(
            'SELECT ApiName, MasterLabel FROM LeadStatus WHERE IsClosed = true',
          )
        ).flatMap((s) => [s.ApiName, s.MasterLabel]),
      )
    : new Set<string>();
  const leads = sfUsers.length
    ? await deps.query<LeadRow>(
        `SELECT Id, OwnerId, Status, IsConverted FROM Lead WHERE IsConverted = false AND OwnerId IN (${sfUsers.map((u) => soqlQuote(u.Id)).join(',')})`,
      )
    : [];

  const queueId =
    settings.deprovisionCaseAction === 'REASSIGN_TO_QUEUE' && settings.deprovisionCaseQueue
      ? await deps.queueId(settings.deprovisionCaseQueue)
      : undefined;

  for (const job of jobs) {
    const plan = plans.get(job.id) as ContactPlan;
    const login = users.get(userIdOfJob(job))?.profile['login'];
    const sfUserId = typeof login === 'string' ? sfUserByLogin.get(login.toLowerCase()) : undefined;
    const accountId = plan.contactId ? accountOf.get(plan.contactId) : undefined;
    const account = accounts.find((a) => a.Id === accountId);
    result.set(
      job.id,
      planDeprovisionEffects({
        deprovisioned: plan.deprovisioned,
        reactivated: plan.reactivated,
        openCases: cases.filter((c) => c.ContactId === plan.contactId),
        ownedLeadIds:
          plan.deprovisioned && sfUserId
            ? openLeadIds(
                leads.filter((l) => l.OwnerId === sfUserId),
                closedLeadStatuses,
              )
            : [],
        account: account
          ? {
              id: account.Id,
              status: account.Okta_Account_Status__c ?? null,
              activeContactsAfter: activeCount.get(account.Id) ?? 0,
            }
          : undefined,
        caseQueueId: queueId,
        settings,
      }),
    );
  }
  return result;
}
