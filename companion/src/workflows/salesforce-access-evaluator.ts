import {
  evaluateAccess,
  managedGroupIds,
  type Entitlements,
  type OwnedRecord,
} from '../mapping/access-rules.js';
import type { AccessRule, OktaUserSnapshot, SyncConfig } from '../mapping/types.js';
import { ownedRecordFields } from './salesforce-access-plan.js';
import type { OktaGateway } from '../okta/okta-gateway.js';
import {
  oktaIdentityOf,
  readSalesforceUsers,
  salesforceUsersOf,
  type SalesforceUserRow,
} from './salesforce-okta-identity.js';
import { queryIn, type QueryFn } from '../salesforce/salesforce-reads.js';
import type { RecordOwners } from '../cdc/record-owners.js';

/**
 * Reads what the access rules need and evaluates them: for Salesforce users, the records they
 * own (every object the rules read) and their Okta users; the entitlements follow from
 * `evaluateAccess`.
 */

export interface UserAccess {
  sfUser: SalesforceUserRow | undefined;
  oktaUser: OktaUserSnapshot | null;
  problem: string | null;
  desired: Entitlements;
  ownedRecords: number;
}

export interface AccessEvaluator {
  forSalesforceUsers(
    ids: readonly string[],
    config: Pick<SyncConfig, 'accessRules' | 'settings'>,
  ): Promise<Map<string, UserAccess>>;
  /** The managed groups the rules grant an Okta user through their Salesforce user(s). */
  managedGroupsNeeded(
    oktaUser: OktaUserSnapshot,
    config: Pick<SyncConfig, 'accessRules' | 'settings'>,
  ): Promise<Set<string>>;
}

export interface AccessEvaluatorDeps {
  query: QueryFn;
  okta: Pick<OktaGateway, 'getUser' | 'findUsersByEmail'>;
  owners?: RecordOwners;
}

export async function readOwnedRecords(
  query: QueryFn,
  rules: readonly AccessRule[],
  ownerIds: readonly string[],
  owners?: RecordOwners,
): Promise<Map<string, OwnedRecord[]>> {
  const byOwner = new Map<string, OwnedRecord[]>();
  for (const [objectName, fields] of ownedRecordFields(rules)) {
    const rows = await queryIn<Record<string, unknown>>(
      query,
      ownerIds,
      (list) => `SELECT ${fields.join(', ')} FROM ${objectName} WHERE OwnerId IN (${list})`,
    );
    for (const row of rows) {
      const owner = String(row['OwnerId']).slice(0, 15);
      if (typeof row['Id'] === 'string') owners?.learn(row['Id'], String(row['OwnerId']));
      const list = byOwner.get(owner) ?? [];
      list.push({ objectName, fields: row });
      byOwner.set(owner, list);
    }
  }
  return byOwner;
}

export function createAccessEvaluator(deps: AccessEvaluatorDeps): AccessEvaluator {
  return {
    async forSalesforceUsers(ids, config) {
      const matchField = config.settings.userMatchField;
      const users = await readSalesforceUsers(deps.query, ids, matchField);
      const owned = await readOwnedRecords(deps.query, config.accessRules, ids, deps.owners);
      const result = new Map<string, UserAccess>();
      for (const id of ids) {
        const sfUser = users.find((u) => u.Id.slice(0, 15) === id.slice(0, 15));
        const records = owned.get(id.slice(0, 15)) ?? [];
        const desired = evaluateAccess({ rules: config.accessRules, ownedRecords: records });
        if (!sfUser) {
          result.set(id, {
            sfUser,
            oktaUser: null,
            problem: `User ${id} does not exist`,
            desired,
            ownedRecords: records.length,
          });
          continue;
        }
        const identity = await oktaIdentityOf(sfUser, matchField, deps.okta);
        result.set(id, {
          sfUser,
          oktaUser: identity.ok ? identity.user : null,
          problem: identity.ok ? null : identity.reason,
          desired,
          ownedRecords: records.length,
        });
      }
      return result;
    },
    async managedGroupsNeeded(oktaUser, config) {
      const managed = managedGroupIds(config.accessRules);
      if (managed.size === 0) return new Set();
      const sfUsers = await salesforceUsersOf(
        deps.query,
        [oktaUser],
        config.settings.userMatchField,
      );
      const sfUserId = sfUsers.get(oktaUser.id);
      if (!sfUserId) return new Set();
      const owned = await readOwnedRecords(deps.query, config.accessRules, [sfUserId], deps.owners);
      const desired = evaluateAccess({
        rules: config.accessRules,
        ownedRecords: owned.get(sfUserId.slice(0, 15)) ?? [],
      });
      return new Set([...desired.groups].filter((g) => managed.has(g)));
    },
  };
}
