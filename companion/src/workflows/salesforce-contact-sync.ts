import { randomUUID } from 'node:crypto';
import { writesOkta } from '../mapping/mapping-validation.js';
import { soqlFieldName } from '../mapping/soql-quote.js';
import type { OktaUserSnapshot, SyncConfig } from '../mapping/types.js';
import type { JobHandler, JobOutcome } from '../queue/worker.js';
import type {
  SyncBaseline,
  SyncBaselineStore,
  SyncBaselineUpdate,
} from '../store/sync-baselines.js';
import type { AuditJournal, Job } from '../store/types.js';
import { changedAgreement } from '../mapping/sync-baseline.js';
import { jobJournal } from './salesforce-audit.js';
import { mayHaveBeenOverwritten, overwrittenEdits } from './overwritten-edits.js';
import { planContactToOkta } from './salesforce-contact-plan.js';
import { decideSyncStamps } from './salesforce-contact-stamp.js';
import type { OktaGateway } from '../okta/okta-gateway.js';
import {
  queryIn,
  writeFailure,
  type QueryFn,
  type WriteFn,
} from '../salesforce/salesforce-reads.js';
import { subjectId, type ContactChangePayload } from '../queue/salesforce-job-kinds.js';

/**
 * Workflow 4a for a batch of Contacts: read them once, read their Okta users once, decide each
 * partial profile update with the pure planner, apply it, and stamp Okta_Last_Synced_At__c so
 * the next conflict decision knows both sides agree as of then — only on Contacts that still
 * hold the values that were sent (see salesforce-contact-stamp.ts).
 */

export interface SalesforceContactSyncDeps {
  query: QueryFn;
  /** The ledger-wrapped record writer. */
  write: WriteFn;
  readUsers(ids: readonly string[]): Promise<Map<string, OktaUserSnapshot | null>>;
  okta: Pick<OktaGateway, 'updateProfile'>;
  config(): SyncConfig;
  audit: AuditJournal;
  /** What both orgs last agreed on per user (read before deciding, recorded after the push). */
  baselines?: Pick<SyncBaselineStore, 'get' | 'record'>;
  now?: () => Date;
}

/** The Contacts a job is about: those its events name (the job may be queued under the Okta user). */
function contactIdsOf(job: Job): string[] {
  const named = job.events
    .map((e) => (e.payload as Partial<ContactChangePayload> | null)?.contactId)
    .filter((id): id is string => typeof id === 'string' && id !== '');
  return named.length > 0 ? [...new Set(named)] : [subjectId(job.subjectKey)];
}

interface ContactRow extends Record<string, unknown> {
  Id: string;
  Okta_User_Id__c?: string | null;
  Okta_Last_Synced_At__c?: string | null;
}

export function createSalesforceContactSyncHandler(deps: SalesforceContactSyncDeps): JobHandler {
  const now = deps.now ?? (() => new Date());
  return async (jobs) => {
    const config = deps.config();
    const journal = jobJournal(deps.audit, randomUUID(), now);
    const outcomes = new Map<number, JobOutcome>();
    // A job holds one Contact's changes, or (rarely) those of several Contacts linked to one user.
    const done = (job: Job) => {
      if (!outcomes.has(job.id)) outcomes.set(job.id, { jobId: job.id, status: 'done' });
    };
    const answer = () => jobs.map((job) => outcomes.get(job.id) as JobOutcome);

    if (!config.settings.syncEnabled) {
      for (const job of jobs) {
        await journal(job, {
          operation: 'update-okta-profile',
          status: 'SKIPPED',
          error: 'Sync is disabled in Okta_Sync_Setting__mdt.Default',
        });
        done(job);
      }
      return answer();
    }

    const mapped = config.mappings.filter((m) => m.objectName === 'Contact' && writesOkta(m));
    const fields = [
      ...new Set([
        'Id',
        'Okta_User_Id__c',
        'Okta_Last_Synced_At__c',
        ...mapped.map((m) => soqlFieldName(m.field)),
      ]),
    ];
    const contacts = await queryIn<ContactRow>(
      deps.query,
      jobs.flatMap(contactIdsOf),
      (ids) => `SELECT ${fields.join(', ')} FROM Contact WHERE Id IN (${ids})`,
    );
    const byId = new Map(contacts.map((c) => [c.Id.slice(0, 15), c]));
    const userIds = contacts.map((c) => c.Okta_User_Id__c).filter((id): id is string => !!id);
    const users =
      userIds.length > 0
        ? await deps.readUsers(userIds)
        : new Map<string, OktaUserSnapshot | null>();
    const recorded = deps.baselines
      ? await deps.baselines.get(userIds)
      : new Map<string, SyncBaseline>();
    const agreements: SyncBaselineUpdate[] = [];
    const agreeOn = (oktaUserId: string, contactId: string, agreed: Record<string, unknown>) => {
      const before = recorded.get(oktaUserId);
      const values = changedAgreement(before?.values, agreed);
      const relinked = before?.contactId?.slice(0, 15) !== contactId.slice(0, 15);
      if (Object.keys(values).length > 0 || relinked)
        agreements.push({ oktaUserId, contactId, values });
    };

    // An edit the Okta → Salesforce sync overwrote unseen is brought back before it is pushed.
    const restoreOverwritten = async (
      job: Job,
      contact: ContactRow,
      payloads: readonly ContactChangePayload[],
    ): Promise<boolean> => {
      if (!mayHaveBeenOverwritten(payloads, contact)) return true;
      const lost = overwrittenEdits({
        payloads,
        contact,
        journal: await deps.audit.latestFor({ contactId: contact.Id }, 50),
      });
      if (Object.keys(lost).length === 0) return true;
      const links = {
        contactId: contact.Id,
        ...(contact.Okta_User_Id__c ? { oktaUserId: contact.Okta_User_Id__c } : {}),
      };
      const [result] = await deps.write([
        { op: 'update', object: 'Contact', record: { Id: contact.Id, ...lost } },
      ]);
      if (!result?.ok) {
        const error = writeFailure(result, `Contact ${contact.Id}`);
        await journal(job, {
          operation: 'restore-contact-edit',
          status: 'FAILED',
          ...links,
          error: error.message,
        });
        outcomes.set(job.id, { jobId: job.id, status: 'failed', error });
        return false;
      }
      await journal(job, {
        operation: 'restore-contact-edit',
        status: 'SUCCESS',
        ...links,
        fieldChanges: Object.entries(lost).map(([field, after]) => ({
          object: 'Contact',
          recordId: contact.Id,
          field,
          before: contact[field] ?? null,
          after,
        })),
        error:
          'A Contact edit committed while the companion was writing this Contact from Okta had been overwritten; its values are restored.',
      });
      Object.assign(contact, lost);
      return true;
    };

    const synced: { job: Job; contactId: string; oktaAhead: readonly string[] }[] = [];
    for (const [job, contactId] of jobs.flatMap((j) =>
      contactIdsOf(j).map((id) => [j, id] as const),
    )) {
      const payloads = job.events
        .map((e) => e.payload as ContactChangePayload)
        .filter((p) => contactIdsOf(job).length === 1 || p.contactId === contactId);
      const contact = byId.get(contactId.slice(0, 15));
      if (!contact) {
        await journal(job, {
          operation: 'update-okta-profile',
          status: 'SKIPPED',
          contactId,
          error: 'The Contact no longer exists.',
        });
        done(job);
        continue;
      }
      if (!(await restoreOverwritten(job, contact, payloads))) continue;
      const gap = payloads.some((p) => p.gap);
      const plan = planContactToOkta({
        contact,
        fields: gap ? mapped.map((m) => m.field) : [...new Set(payloads.flatMap((p) => p.fields))],
        user: contact.Okta_User_Id__c ? (users.get(contact.Okta_User_Id__c) ?? null) : null,
        mappings: config.mappings,
        describes: config.describes,
        salesforceChangedAt: Math.max(0, ...payloads.map((p) => p.commitTimestamp)),
        agreed: contact.Okta_User_Id__c ? recorded.get(contact.Okta_User_Id__c)?.values : undefined,
      });
      const oktaUserId = contact.Okta_User_Id__c ?? undefined;
      const links = { contactId: contact.Id, ...(oktaUserId ? { oktaUserId } : {}) };
      if (plan.kind === 'skip') {
        await journal(job, {
          operation: 'update-okta-profile',
          status: 'SKIPPED',
          ...links,
          error: plan.reason,
        });
        done(job);
        continue;
      }
      const notes = [
        ...plan.errors.map((e) => `${e.field}: ${e.message}`),
        ...plan.resolutions
          .filter((r) => r.conflict || r.winner === 'OKTA')
          .map((r) => `${r.field}: ${r.reason}`),
      ];
      if (plan.kind === 'unchanged') {
        if (oktaUserId) agreeOn(oktaUserId, contact.Id, plan.agreed);
        await journal(job, {
          operation: 'update-okta-profile',
          status: 'SUCCESS',
          ...links,
          fieldChanges: [],
          ...(notes.length ? { error: notes.join('; ') } : {}),
        });
        done(job);
        continue;
      }
      try {
        await deps.okta.updateProfile(oktaUserId as string, plan.profile);
      } catch (error) {
        await journal(job, {
          operation: 'update-okta-profile',
          status: 'FAILED',
          ...links,
          error: error instanceof Error ? error.message : String(error),
        });
        outcomes.set(job.id, { jobId: job.id, status: 'failed', error });
        continue;
      }
      agreeOn(oktaUserId as string, contact.Id, plan.agreed);
      await journal(job, {
        operation: 'update-okta-profile',
        status: 'SUCCESS',
        ...links,
        fieldChanges: plan.changes.map((c) => ({
          object: 'OktaUser',
          ...(oktaUserId ? { recordId: oktaUserId } : {}),
          field: `profile.${c.attribute}`,
          before: c.before,
          after: c.after,
        })),
        ...(notes.length ? { error: notes.join('; ') } : {}),
      });
      synced.push({ job, contactId: contact.Id, oktaAhead: plan.oktaAhead });
    }

    await deps.baselines?.record(agreements);

    if (synced.length > 0) {
      // The stamp time is taken before the Contacts are read again: an edit committed after
      // the re-read is later than the stamp, one committed before it shows in the re-read.
      const stamp = now().toISOString();
      const reread = await queryIn<ContactRow>(
        deps.query,
        synced.map((s) => s.contactId),
        (ids) => `SELECT ${fields.join(', ')} FROM Contact WHERE Id IN (${ids})`,
      );
      const decision = decideSyncStamps({
        read: byId,
        reread: new Map(reread.map((c) => [c.Id.slice(0, 15), c])),
        synced: synced.map((s) => s.contactId),
        fields: mapped.map((m) => m.field),
        oktaAhead: synced.filter((s) => s.oktaAhead.length > 0).map((s) => s.contactId),
      });
      const stampable = new Set(decision.stamp);
      const toStamp = synced.filter((s) => stampable.has(s.contactId));
      for (const { job, contactId, oktaAhead } of synced) {
        if (stampable.has(contactId)) continue;
        await journal(job, {
          operation: 'stamp-last-synced',
          status: 'SKIPPED',
          contactId,
          error:
            oktaAhead.length > 0
              ? `Okta holds changes the Contact does not have yet (${oktaAhead.map((a) => `profile.${a}`).join(', ')}); they are synced by their own event.`
              : 'The Contact was edited while its values were sent to Okta; the edit is synced by its own change event.',
        });
        done(job);
      }
      const results =
        toStamp.length === 0
          ? []
          : await deps.write(
              toStamp.map(({ contactId }) => ({
                op: 'update',
                object: 'Contact',
                record: { Id: contactId, Okta_Last_Synced_At__c: stamp },
              })),
            );
      for (const [i, { job }] of toStamp.entries()) {
        const result = results[i];
        // The Okta update stands; a missed stamp only makes the next conflict decision stricter.
        if (result && !result.ok)
          await journal(job, {
            operation: 'stamp-last-synced',
            status: 'FAILED',
            error: writeFailure(result, 'Contact').message,
          });
        done(job);
      }
    }
    return answer();
  };
}
