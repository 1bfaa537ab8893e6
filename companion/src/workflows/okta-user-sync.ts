import { randomUUID } from 'node:crypto';
import type { OktaUserSnapshot, SyncConfig } from '../mapping/types.js';
import { compileUserFilter } from '../okta/user-filter.js';
import { DeferredError, PermanentError, TransientError } from '../queue/job-errors.js';
import type { JobHandler, JobOutcome } from '../queue/worker.js';
import type { SalesforceWrite } from '../salesforce/record-writer.js';
import { writeFailure, type QueryFn, type WriteFn } from '../salesforce/salesforce-reads.js';
import type { AuditEntry, AuditJournal, Job, StoredAuditEntry } from '../store/types.js';
import type { OktaWriteLedger } from '../echo/okta-write-ledger.js';
import type { SyncBaselineStore } from '../store/sync-baselines.js';
import type { ContactPlan } from './contact-plan.js';
import { effectsOf, loadEffectState } from './deprovision-effects-load.js';
import {
  baselineUpdates,
  deactivatesActiveContact,
  decideContactPlans,
  type PlannedJob,
} from './okta-user-sync-decide.js';
import {
  auditEntryOf,
  completedLine,
  contactLine,
  effectsLine,
  type JournalLine,
} from './okta-user-sync-journal.js';
import { loadUserSyncState, userSyncJob } from './okta-user-sync-load.js';
import { contactTakesUser, leadLine, syncLeads } from './okta-user-leads.js';

export { userIdOfJob } from './okta-user-sync-load.js';

/**
 * Workflows 1, 2 and 4 of Okta → Salesforce for a batch of users, in four steps: load every
 * user, candidate Contact and Account at once (okta-user-sync-load), decide each user's Contact
 * write with the pure planners (okta-user-sync-decide), write the Contacts and then the
 * deprovisioning side effects in collection calls, and journal every outcome
 * (okta-user-sync-journal). Users no Contact takes and the Lead filter selects are Leads
 * (okta-user-leads), written after the Contacts.
 */

export interface GuardPort {
  /** How many of `requested` new deactivations may go ahead; the rest are held. */
  admit(requested: number, config: SyncConfig): Promise<{ allowed: number; held: boolean }>;
}

export interface OktaUserSyncDeps {
  readUsers(ids: readonly string[]): Promise<Map<string, OktaUserSnapshot | null>>;
  query: QueryFn;
  write: WriteFn;
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
  /** What both orgs last agreed on per user (read before deciding, recorded after writing). */
  baselines?: Pick<SyncBaselineStore, 'get' | 'record'>;
  now?: () => Date;
}

/** Raised for a deactivation the blast-radius guard holds back; waits without using up attempts. */
export const GUARD_HELD = 'GUARD_HELD';

const GUARD_RETRY_MS = 5 * 60_000;

type UserFilter = (user: OktaUserSnapshot) => boolean;

/** A compiled user filter setting, compiled again only when its expression changes. */
function userFilterCache(setting: string): (expression: string | null) => UserFilter | Error {
  let source: string | null | undefined;
  let compiled: UserFilter | Error = () => true;
  return (expression) => {
    if (expression !== source) {
      source = expression;
      try {
        compiled = compileUserFilter(expression, setting);
      } catch (error) {
        compiled = error instanceof Error ? error : new Error(String(error));
      }
    }
    return compiled;
  };
}

const loginOf = (user: OktaUserSnapshot | null | undefined): string | undefined => {
  const login = user?.profile['login'];
  return typeof login === 'string' && login !== '' ? login : undefined;
};

type Writing = PlannedJob & { plan: ContactPlan & { write: SalesforceWrite } };

/** Contact writes an earlier attempt of each job journaled IN_PROGRESS and never finished. */
async function interruptedWrites(
  planned: readonly PlannedJob[],
  audit: Pick<AuditJournal, 'latestFor'>,
): Promise<Map<number, StoredAuditEntry>> {
  const found = new Map<number, StoredAuditEntry>();
  // Only a job tried before can have left a line; a first attempt costs no journal read.
  for (const { sync } of planned.filter((p) => p.sync.job.attempts > 0)) {
    const eventId = sync.job.events[0]?.eventId ?? `job:${sync.job.id}`;
    const line = (await audit.latestFor({ oktaUserId: sync.userId }, 50)).find(
      (entry) =>
        entry.eventId === eventId &&
        entry.status === 'IN_PROGRESS' &&
        entry.operation.startsWith('contact-'),
    );
    if (line) found.set(sync.job.id, line);
  }
  return found;
}

export function createOktaUserSyncHandler(deps: OktaUserSyncDeps): JobHandler {
  const now = deps.now ?? (() => new Date());
  const contactFilter = userFilterCache('Okta_Contact_Filter__c');
  const leadFilter = userFilterCache('Okta_Lead_Filter__c');

  // The batch's journal lines are written together: before the Contact writes (their
  // IN_PROGRESS lines must be stored first) and when the batch ends.
  const syncBatch = async (jobs: Job[], lines: AuditEntry[]): Promise<JobOutcome[]> => {
    const config = deps.config();
    const { settings } = config;
    const syncedAt = now().toISOString();
    const correlationId = randomUUID();
    const outcomes = new Map<number, JobOutcome>();
    const journal = (job: Job, line: JournalLine) => {
      lines.push(auditEntryOf(job, line, { id: randomUUID(), correlationId, syncedAt }));
    };
    const fail = (job: Job, error: Error, operation = 'sync-contact') => {
      journal(job, { operation, status: 'FAILED', error: error.message });
      outcomes.set(job.id, { jobId: job.id, status: 'failed', error });
    };
    const done = (job: Job): JobOutcome => ({ jobId: job.id, status: 'done' });

    if (!settings.syncEnabled) {
      for (const job of jobs) {
        journal(job, {
          operation: 'sync-contact',
          status: 'SKIPPED',
          error: 'Sync is disabled in Okta_Sync_Setting__mdt.Default',
        });
      }
      return jobs.map(done);
    }
    const inScope = contactFilter(settings.oktaContactFilter);
    // No Lead filter: no Okta user becomes a Lead.
    const inLeadScope =
      settings.oktaLeadFilter === null ? undefined : leadFilter(settings.oktaLeadFilter);
    if (inScope instanceof Error || inLeadScope instanceof Error) {
      const invalid = inScope instanceof Error ? inScope : (inLeadScope as Error);
      const error = new TransientError(invalid.message, { code: 'CONFIG_INVALID' });
      for (const job of jobs) {
        journal(job, { operation: 'sync-contact', status: 'FAILED', error: error.message });
      }
      return jobs.map((job): JobOutcome => ({ jobId: job.id, status: 'failed', error }));
    }

    // 1. Load.
    const syncJobs = jobs.map(userSyncJob);
    const state = await loadUserSyncState(
      syncJobs.map((s) => s.userId),
      config,
      inScope,
      deps,
    );

    // 2. Decide. A Contact matching a Lead-filter user by the Contact keys takes the user.
    const leadScope = inLeadScope;
    const contactScope = leadScope
      ? (user: OktaUserSnapshot) =>
          inScope(user) || (leadScope(user) && contactTakesUser(state, user.id))
      : inScope;
    const planned = decideContactPlans(syncJobs, state, config, contactScope, syncedAt);

    // The blast-radius guard admits new deactivations, or holds them.
    const deactivating = planned.filter((p) => deactivatesActiveContact(p.plan));
    if (deactivating.length > 0) {
      const { allowed } = await deps.guard.admit(deactivating.length, config);
      for (const { sync } of deactivating.slice(allowed)) {
        const error = new DeferredError(
          'Held by the blast-radius guard: confirm the deactivations to release them.',
          { code: GUARD_HELD, retryAfterMs: GUARD_RETRY_MS },
        );
        journal(sync.job, {
          operation: 'deprovision-contact',
          status: 'SKIPPED',
          error: error.message,
        });
        outcomes.set(sync.job.id, { jobId: sync.job.id, status: 'failed', error });
      }
    }
    const pending = () => planned.filter((p) => !outcomes.has(p.sync.job.id));

    // 3. Write: the Contacts in collection calls, then their side effects. Each Contact write
    //    is journaled IN_PROGRESS first, so a run stopped between Salesforce's commit and the
    //    journal (a crash, a kill) leaves a line the next attempt completes: the Contact that
    //    attempt wrote exists by then.
    const interrupted = await interruptedWrites(
      pending().filter((p) => p.plan.outcome !== 'created'),
      deps.audit,
    );
    const writing = pending().filter((p): p is Writing => p.plan.write !== undefined);
    for (const p of writing) {
      journal(p.sync.job, { ...contactLine(p.plan), status: 'IN_PROGRESS' });
    }
    await deps.audit.recordMany(lines.splice(0));
    const contactResults = await deps.write(writing.map((p) => p.plan.write));
    for (const [i, p] of writing.entries()) {
      const result = contactResults[i];
      if (!result?.ok) {
        const error = writeFailure(result, `Contact for Okta user ${p.plan.userId}`);
        fail(p.sync.job, error, contactLine(p.plan).operation);
      } else if (p.plan.contactId === undefined && result.id) {
        p.plan = { ...p.plan, contactId: result.id };
      }
    }

    // Deprovisioning (and reactivation) side effects, idempotent so a retry completes them.
    const withEffects = pending().filter((p) => p.plan.deprovisioned || p.plan.reactivated);
    if (withEffects.length > 0) {
      const effectState = await loadEffectState(
        withEffects.map((p) => ({
          contactId: p.plan.contactId,
          login: loginOf(state.users.get(p.sync.userId)),
        })),
        settings,
        deps,
      );
      const effectPlans = withEffects.map((p) => ({
        ...p,
        effects: effectsOf(p.plan, loginOf(state.users.get(p.sync.userId)), effectState, settings),
      }));
      const results = await deps.write(effectPlans.flatMap((e) => e.effects.writes));
      let cursor = 0;
      for (const { sync, plan, effects } of effectPlans) {
        const own = results.slice(cursor, cursor + effects.writes.length);
        cursor += effects.writes.length;
        const failed = own.find((r) => !r.ok);
        if (failed || own.length < effects.writes.length) {
          fail(sync.job, writeFailure(failed, 'Deprovisioning side effect'), 'deprovision-effects');
          continue;
        }
        const line = effectsLine(plan, effects);
        if (line) journal(sync.job, line);
      }
    }

    // What both orgs now agree on, for the next decision of either direction.
    const applied = pending().filter((p) => p.plan.outcome !== 'conflict');
    await deps.baselines?.record(baselineUpdates(applied, state, config));

    // Okta users as Leads: the users no Contact takes.
    const leadJobs = pending().filter((p) => p.plan.outcome === 'out-of-scope');
    if (leadScope && leadJobs.length > 0) {
      const leads = await syncLeads(
        { jobs: leadJobs.map((p) => p.sync), state, config, inLeadScope: leadScope },
        deps,
      );
      for (const { sync, plan, error } of leads) {
        journal(sync.job, leadLine(plan, error));
        if (plan.outcome === 'out-of-scope') {
          outcomes.set(sync.job.id, done(sync.job));
        } else if (error ?? plan.outcome === 'conflict') {
          const failure =
            error ?? new PermanentError(`Conflict: ${plan.reason}`, { code: 'MATCH_CONFLICT' });
          outcomes.set(sync.job.id, { jobId: sync.job.id, status: 'failed', error: failure });
        } else {
          outcomes.set(sync.job.id, done(sync.job));
        }
      }
    }

    // 4. Journal and answer.
    const answers: JobOutcome[] = [];
    for (const { sync, plan } of planned) {
      const earlier = outcomes.get(sync.job.id);
      if (earlier) {
        answers.push(earlier);
        continue;
      }
      const line = contactLine(plan);
      const stopped = interrupted.get(sync.job.id);
      if (stopped && stopped.operation !== line.operation) {
        journal(sync.job, completedLine(stopped, plan));
      }
      // What the stopped attempt wrote now reads as unchanged: its line says all there is.
      if (!stopped || plan.outcome !== 'unchanged') journal(sync.job, line);
      answers.push(
        plan.outcome !== 'conflict'
          ? done(sync.job)
          : {
              jobId: sync.job.id,
              status: 'failed',
              error: new PermanentError(`Conflict: ${plan.reason}`, { code: 'MATCH_CONFLICT' }),
            },
      );
    }
    return answers;
  };

  return async (jobs) => {
    const lines: AuditEntry[] = [];
    let answers: JobOutcome[];
    try {
      answers = await syncBatch(jobs, lines);
    } catch (error) {
      // The lines journaled before the failure are kept; the failure is what the batch
      // reports, and its retry journals again whatever a failed write here would have lost.
      await deps.audit.recordMany(lines).catch(() => undefined);
      throw error;
    }
    await deps.audit.recordMany(lines);
    return answers;
  };
}
