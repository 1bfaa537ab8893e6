import { randomUUID } from 'node:crypto';
import { invalid, invalidState, notFound, refused } from '../errors/domain-errors.js';
import { ruleGroupIds } from '../mapping/access-rules.js';
import { soqlQuote } from '../mapping/soql-quote.js';
import type { OktaUserSnapshot, SyncConfig } from '../mapping/types.js';
import { TransientError } from '../queue/job-errors.js';
import type { AuditEntry, Store } from '../store/types.js';
import {
  SALESFORCE_JOB_KIND,
  grantSubject,
  type GrantJobPayload,
} from '../queue/salesforce-job-kinds.js';
import type { OktaGateway } from '../okta/okta-gateway.js';
import { writeFailure, type QueryFn, type WriteFn } from '../salesforce/salesforce-reads.js';
import { privilegedGroupMessage, PrivilegedTargetError } from '../okta/admin-roles.js';
import { isGroupDeletedError } from '../okta/group-deleted.js';
import {
  checkGrantRequest,
  checkGrantToApply,
  expiryDecision,
  membershipAfterGrantEnds,
  type GrantCaseState,
} from './grant-decisions.js';
import {
  GRANT_OBJECT,
  GRANT_SELECT,
  expiryTimerId,
  fitText,
  iso,
  preexistingCursor,
  toGrant,
  type GrantRow,
} from './grant-records.js';
import type { CreateGrantInput, Grant, GrantService } from './types.js';

/**
 * Workflow 5: temporary Okta group membership tied to a Case. Okta_Access_Grant__c is the
 * record of truth; the companion applies it in Okta, keeps a durable expiry timer, and ends it
 * on expiry, on request, or when the Case closes. Operations on one grant run one at a time.
 */

export interface GrantWorkflow extends GrantService {
  /** Applies a REQUESTED grant found in Salesforce; failures Okta may recover from are thrown to be retried. */
  applyRequested(grantId: string): Promise<Grant | null>;
  /** The expiry timer fired: expires the grant, or follows a later Expires_At__c. */
  expire(grantId: string): Promise<Grant | null>;
  /** Revokes every ACTIVE or REQUESTED grant of a Case. */
  endCaseGrants(caseId: string, reason: string): Promise<Grant[]>;
  /**
   * Revokes every ACTIVE or REQUESTED grant of an Okta group deleted in Okta; the membership went
   * with the group, so nothing is removed.
   */
  endGroupGrants(groupId: string, reason: string): Promise<Grant[]>;
}

/** What the access rules give an Okta user anyway (the access evaluator implements it). */
export interface ManagedGroupsOfUser {
  managedGroupsNeeded(
    oktaUser: OktaUserSnapshot,
    config: Pick<SyncConfig, 'accessRules' | 'settings'>,
  ): Promise<Set<string>>;
}

export interface GrantServiceDeps {
  query: QueryFn;
  /** The ledger-wrapped record writer. */
  write: WriteFn;
  okta: Pick<
    OktaGateway,
    'getUser' | 'getGroup' | 'listGroupIds' | 'addToGroup' | 'removeFromGroup' | 'groupAdminRoles'
  >;
  config(): SyncConfig;
  store: Pick<Store, 'audit' | 'timers' | 'cursors'>;
  /** Whether access rules give the Okta user the group anyway (then ending a grant keeps it). */
  evaluator?: ManagedGroupsOfUser;
  now?: () => Date;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createGrantService(deps: GrantServiceDeps): GrantWorkflow {
  const now = deps.now ?? (() => new Date());
  const queues = new Map<string, Promise<unknown>>();

  /** Serialises operations on one grant within this process. */
  function exclusive<T>(grantId: string, fn: () => Promise<T>): Promise<T> {
    const key = grantId.slice(0, 15);
    const previous = queues.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(fn);
    queues.set(key, next);
    void next
      .finally(() => {
        if (queues.get(key) === next) queues.delete(key);
      })
      .catch(() => undefined);
    return next;
  }

  async function readGrant(grantId: string): Promise<GrantRow | undefined> {
    const rows = await deps.query<GrantRow>(`${GRANT_SELECT} WHERE Id = ${soqlQuote(grantId)}`);
    return rows[0];
  }

  async function update(grantId: string, fields: Record<string, unknown>): Promise<void> {
    const [result] = await deps.write([
      { op: 'update', object: GRANT_OBJECT, record: { Id: grantId, ...fields } },
    ]);
    if (!result?.ok) throw writeFailure(result, `${GRANT_OBJECT} ${grantId}`);
  }

  async function journal(
    row: GrantRow,
    entry: Pick<AuditEntry, 'operation' | 'status'> & Partial<AuditEntry>,
  ): Promise<void> {
    await deps.store.audit.record({
      id: randomUUID(),
      eventId: `grant:${row.Id}`,
      correlationId: randomUUID(),
      direction: 'SALESFORCE_TO_OKTA',
      attempts: 1,
      occurredAt: now().toISOString(),
      ...(row.Case__c ? { caseId: row.Case__c } : {}),
      ...(row.Contact__c ? { contactId: row.Contact__c } : {}),
      ...(row.Okta_User_Id__c ? { oktaUserId: row.Okta_User_Id__c } : {}),
      ...(row.Requested_By__c ? { actor: row.Requested_By__c } : {}),
      ...entry,
    });
  }

  async function scheduleExpiry(grantId: string, dueAt: Date): Promise<void> {
    const payload: GrantJobPayload = { grantId };
    await deps.store.timers.schedule({
      id: expiryTimerId(grantId),
      dueAt,
      subjectKey: grantSubject(grantId),
      jobKind: SALESFORCE_JOB_KIND.grantExpiry,
      payload,
    });
  }

  async function markFailed(row: GrantRow, error: string): Promise<void> {
    await update(row.Id, { Status__c: 'FAILED', Error__c: fitText(error) });
    await journal(row, { operation: 'grant-apply', status: 'FAILED', error });
  }

  /** A grant that breaks the product's own rules is refused, whatever created it. */
  async function refuse(row: GrantRow, reason: string): Promise<void> {
    await update(row.Id, { Status__c: 'FAILED', Error__c: fitText(`Refused: ${reason}`) });
    await journal(row, {
      operation: 'grant-refused',
      status: 'FAILED',
      error: `Refused: ${reason}`,
    });
  }

  async function contactOktaUserId(contactId: string): Promise<string | null> {
    const rows = await deps.query<{ Id: string; Okta_User_Id__c?: string | null }>(
      `SELECT Id, Okta_User_Id__c FROM Contact WHERE Id = ${soqlQuote(contactId)}`,
    );
    return rows[0]?.Okta_User_Id__c ?? null;
  }

  async function caseState(caseId: string | null | undefined): Promise<GrantCaseState> {
    const missing = { found: false, closed: false, contactId: null, contactOktaUserId: null };
    if (!caseId) return missing;
    const [row] = await deps.query<{ Id: string; ContactId?: string | null; IsClosed?: boolean }>(
      `SELECT Id, ContactId, IsClosed FROM Case WHERE Id = ${soqlQuote(caseId)}`,
    );
    if (!row) return missing;
    const contactId = row.ContactId ?? null;
    return {
      found: true,
      closed: row.IsClosed === true,
      contactId,
      contactOktaUserId: contactId ? await contactOktaUserId(contactId) : null,
    };
  }

  /**
   * REQUESTED → ACTIVE: re-validate the grant as the product would have created it, add the
   * membership (noting a pre-existing one), record the evidence, arm the expiry timer.
   * `rethrow` hands errors Okta may recover from back to the queue.
   */
  async function activate(row: GrantRow, rethrow: boolean): Promise<void> {
    const config = deps.config();
    const check = checkGrantToApply({
      grant: {
        caseId: row.Case__c ?? null,
        contactId: row.Contact__c ?? null,
        oktaUserId: row.Okta_User_Id__c ?? null,
        groupId: row.Okta_Group_Id__c,
        createdAt: iso(row.CreatedDate),
        expiresAt: iso(row.Expires_At__c) ?? row.Expires_At__c,
      },
      caseState: await caseState(row.Case__c),
      grantableGroupIds: ruleGroupIds(config.accessRules),
      maxGrantHours: config.settings.maxGrantHours,
    });
    if (!check.ok) return refuse(row, check.reason);
    const oktaUserId = check.oktaUserId;
    const expiry = expiryDecision(iso(row.Expires_At__c) ?? row.Expires_At__c, now().getTime());
    if (expiry.expire) return markFailed(row, 'The grant expired before it could be applied.');
    let wasMember: boolean;
    try {
      const user = await deps.okta.getUser(oktaUserId);
      if (!user) return markFailed(row, `Okta user ${oktaUserId} does not exist.`);
      if (user.status === 'DEPROVISIONED')
        return markFailed(row, `Okta user ${oktaUserId} is deactivated.`);
      const roles = await deps.okta.groupAdminRoles(row.Okta_Group_Id__c);
      if (roles.length > 0)
        return refuse(
          row,
          privilegedGroupMessage(row.Okta_Group_Name__c ?? row.Okta_Group_Id__c, roles),
        );
      wasMember = (await deps.okta.listGroupIds(oktaUserId)).includes(row.Okta_Group_Id__c);
      if (wasMember) await deps.store.cursors.set(preexistingCursor(row.Id), '1');
      else await deps.okta.addToGroup(row.Okta_Group_Id__c, oktaUserId);
    } catch (error) {
      if (error instanceof PrivilegedTargetError) return refuse(row, error.message);
      if (isGroupDeletedError(error)) return markFailed(row, error.message);
      if (rethrow) throw error;
      return markFailed(row, `Okta refused the membership: ${message(error)}`);
    }
    const grantedAt = now().toISOString();
    await update(row.Id, {
      Status__c: 'ACTIVE',
      Granted_At__c: grantedAt,
      Okta_User_Id__c: oktaUserId,
      Companion_Grant_Id__c: row.Companion_Grant_Id__c || randomUUID(),
      Error__c: null,
    });
    await scheduleExpiry(row.Id, expiry.dueAt);
    await journal(
      { ...row, Okta_User_Id__c: oktaUserId },
      {
        operation: 'grant-apply',
        status: 'SUCCESS',
        fieldChanges: [
          {
            object: 'OktaGroupMembership',
            recordId: row.Okta_Group_Id__c,
            field: 'member',
            before: wasMember,
            after: true,
          },
          {
            object: GRANT_OBJECT,
            recordId: row.Id,
            field: 'Status__c',
            before: row.Status__c,
            after: 'ACTIVE',
          },
        ],
        ...(wasMember
          ? { error: 'The user already was a member; the grant keeps the membership it found.' }
          : {}),
      },
    );
  }

  /** ACTIVE/REQUESTED → REVOKED or EXPIRED. Idempotent: an ended grant is returned as it is. */
  async function end(
    row: GrantRow,
    status: 'REVOKED' | 'EXPIRED',
    actor: string | undefined,
    reason: string | undefined,
    options: { groupDeleted?: boolean } = {},
  ): Promise<void> {
    if (row.Status__c !== 'ACTIVE' && row.Status__c !== 'REQUESTED') return;
    const oktaUserId = row.Okta_User_Id__c;
    const notes: string[] = reason ? [reason] : [];
    let removed = false;
    if (row.Status__c === 'ACTIVE' && options.groupDeleted) {
      notes.push('the membership went with the group');
    } else if (row.Status__c === 'ACTIVE' && oktaUserId) {
      const others = await deps.query<{ Id: string }>(
        `SELECT Id FROM ${GRANT_OBJECT} WHERE Status__c = 'ACTIVE' AND Okta_User_Id__c = ${soqlQuote(oktaUserId)} AND Okta_Group_Id__c = ${soqlQuote(row.Okta_Group_Id__c)} AND Id != ${soqlQuote(row.Id)}`,
      );
      const user = await deps.okta.getUser(oktaUserId);
      let needed = false;
      if (user && deps.evaluator) {
        needed = (await deps.evaluator.managedGroupsNeeded(user, deps.config())).has(
          row.Okta_Group_Id__c,
        );
      }
      const decision = membershipAfterGrantEnds({
        otherActiveGrants: others.length,
        wasMemberBefore: (await deps.store.cursors.get(preexistingCursor(row.Id))) === '1',
        neededByAccessRule: needed,
      });
      if (decision.remove && user) {
        await deps.okta.removeFromGroup(row.Okta_Group_Id__c, oktaUserId);
        removed = true;
      } else if (!decision.remove) {
        notes.push(`membership kept: ${decision.reason}`);
      }
    }
    await update(row.Id, { Status__c: status, Revoked_At__c: now().toISOString() });
    await deps.store.timers.cancel(expiryTimerId(row.Id));
    await deps.store.cursors.delete(preexistingCursor(row.Id));
    await journal(row, {
      operation: status === 'EXPIRED' ? 'grant-expire' : 'grant-revoke',
      status: 'SUCCESS',
      ...(actor ? { actor } : {}),
      fieldChanges: [
        ...(removed
          ? [
              {
                object: 'OktaGroupMembership',
                recordId: row.Okta_Group_Id__c,
                field: 'member',
                before: true,
                after: false,
              },
            ]
          : []),
        {
          object: GRANT_OBJECT,
          recordId: row.Id,
          field: 'Status__c',
          before: row.Status__c,
          after: status,
        },
      ],
      ...(notes.length ? { error: notes.join('; ') } : {}),
    });
  }

  async function reread(grantId: string): Promise<Grant> {
    const row = await readGrant(grantId);
    if (!row) throw notFound(`Grant ${grantId} does not exist.`);
    return toGrant(row);
  }

  const service: GrantWorkflow = {
    async create(input: CreateGrantInput) {
      const config = deps.config();
      const problem = checkGrantRequest({
        groupId: input.groupId,
        durationHours: input.durationHours,
        reason: input.reason,
        grantableGroupIds: ruleGroupIds(config.accessRules),
        settings: config.settings,
      });
      if (problem) throw invalid(problem.message, problem.code);
      const [caseRow] = await deps.query<{
        Id: string;
        ContactId?: string | null;
        IsClosed?: boolean;
      }>(`SELECT Id, ContactId, IsClosed FROM Case WHERE Id = ${soqlQuote(input.caseId)}`);
      if (!caseRow) throw notFound(`Case ${input.caseId} does not exist.`);
      if (caseRow.IsClosed)
        throw invalidState(
          'The Case is closed: temporary access can only be granted on an open Case.',
        );
      const contactId = caseRow.ContactId ?? null;
      if (!contactId) throw invalid('The Case has no Contact: add one before granting access.');
      if (input.contactId && input.contactId.slice(0, 15) !== contactId.slice(0, 15))
        throw invalid(
          'Temporary access is granted to the Case’s own Contact only; contactId names another Contact.',
        );
      const oktaUserId = await contactOktaUserId(contactId);
      if (!oktaUserId) throw invalidState('The Contact is not linked to an Okta user.');
      const user = await deps.okta.getUser(oktaUserId);
      if (!user)
        throw invalidState(`The Contact's Okta user ${oktaUserId} no longer exists in Okta.`);
      if (user.status === 'DEPROVISIONED')
        throw invalidState(
          'The Contact’s Okta user is deactivated: temporary access cannot be granted.',
          { status: user.status },
        );
      const group = await deps.okta.getGroup(input.groupId);
      if (!group) throw notFound(`Okta group ${input.groupId} does not exist.`);
      const roles = await deps.okta.groupAdminRoles(group.id);
      if (roles.length > 0)
        throw refused(privilegedGroupMessage(group.name, roles), 'GROUP_NOT_GRANTABLE');

      const expiresAt = new Date(now().getTime() + input.durationHours * 3_600_000).toISOString();
      const fields = {
        Case__c: caseRow.Id,
        Contact__c: contactId,
        Okta_Group_Id__c: group.id,
        Okta_Group_Name__c: fitText(group.name),
        Status__c: 'REQUESTED',
        Expires_At__c: expiresAt,
        Reason__c: input.reason.trim(),
        Companion_Grant_Id__c: randomUUID(),
        ...(input.requestedBy ? { Requested_By__c: input.requestedBy } : {}),
      };
      const record: GrantRow = { Id: '', ...fields };
      const [created] = await deps.write([{ op: 'create', object: GRANT_OBJECT, record: fields }]);
      if (!created?.ok || !created.id) throw writeFailure(created, `new ${GRANT_OBJECT}`);
      const grantId = created.id;
      return exclusive(grantId, async () => {
        await activate(
          { ...record, Id: grantId, Okta_User_Id__c: oktaUserId, CreatedDate: now().toISOString() },
          false,
        );
        return reread(grantId);
      });
    },

    revoke(grantId, input) {
      return exclusive(grantId, async () => {
        const row = await readGrant(grantId);
        if (!row) throw notFound(`Grant ${grantId} does not exist.`);
        await end(row, 'REVOKED', input.actor, input.reason);
        return reread(grantId);
      });
    },

    async listByCase(caseId, options = {}) {
      const status = options.activeOnly ? ` AND Status__c = 'ACTIVE'` : '';
      const rows = await deps.query<GrantRow>(
        `${GRANT_SELECT} WHERE Case__c = ${soqlQuote(caseId)}${status} ORDER BY CreatedDate DESC`,
      );
      return rows.map(toGrant);
    },

    async grantableGroups() {
      const config = deps.config();
      const names = new Map<string, string | null>();
      for (const rule of config.accessRules) {
        if (rule.type !== 'CONDITION_TO_ATTRIBUTE' && !names.get(rule.groupId))
          names.set(rule.groupId, rule.groupName);
      }
      const groups = await Promise.all(
        [...ruleGroupIds(config.accessRules)].map(async (id) => {
          const group = await deps.okta.getGroup(id);
          // A group holding an Okta admin role is never offered (nor applied).
          if (group && (await deps.okta.groupAdminRoles(group.id)).length > 0) return null;
          return group
            ? {
                id: group.id,
                name: group.name || names.get(id) || id,
                description: group.description,
              }
            : null;
        }),
      );
      return groups
        .filter((g): g is NonNullable<typeof g> => g !== null)
        .sort((a, b) => a.name.localeCompare(b.name));
    },

    applyRequested(grantId) {
      return exclusive(grantId, async () => {
        const row = await readGrant(grantId);
        if (!row || row.Status__c !== 'REQUESTED') return row ? toGrant(row) : null;
        try {
          await activate(row, true);
        } catch (error) {
          throw new TransientError(`Applying grant ${grantId}: ${message(error)}`, {
            cause: error,
          });
        }
        return reread(grantId);
      });
    },

    expire(grantId) {
      return exclusive(grantId, async () => {
        const row = await readGrant(grantId);
        if (!row) return null;
        if (row.Status__c !== 'ACTIVE') return toGrant(row);
        const decision = expiryDecision(row.Expires_At__c, now().getTime());
        if (!decision.expire) {
          await scheduleExpiry(row.Id, decision.dueAt);
          return toGrant(row);
        }
        await end(row, 'EXPIRED', 'expiry', 'Expires_At__c passed');
        return reread(grantId);
      });
    },

    async endCaseGrants(caseId, reason) {
      const rows = await deps.query<{ Id: string }>(
        `SELECT Id FROM ${GRANT_OBJECT} WHERE Case__c = ${soqlQuote(caseId)} AND Status__c IN ('ACTIVE', 'REQUESTED')`,
      );
      const ended: Grant[] = [];
      for (const { Id } of rows)
        ended.push(await service.revoke(Id, { actor: 'case-closed', reason }));
      return ended;
    },

    async endGroupGrants(groupId, reason) {
      const rows = await deps.query<{ Id: string }>(
        `SELECT Id FROM ${GRANT_OBJECT} WHERE Okta_Group_Id__c = ${soqlQuote(groupId)} AND Status__c IN ('ACTIVE', 'REQUESTED')`,
      );
      const ended: Grant[] = [];
      for (const { Id } of rows) {
        ended.push(
          await exclusive(Id, async () => {
            const row = await readGrant(Id);
            if (!row) throw notFound(`Grant ${Id} does not exist.`);
            await end(row, 'REVOKED', 'okta', reason, { groupDeleted: true });
            return reread(Id);
          }),
        );
      }
      return ended;
    },
  };
  return service;
}
