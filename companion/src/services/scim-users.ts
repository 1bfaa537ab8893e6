import type { AcceptResult, InboundEvent, Store } from '../store/types.js';
import type { ScimPage, ScimUserRecord } from '../store/scim-resources.js';
import { ScimError } from './scim-errors.js';
import { oktaUserIdOf, scimUserEvent, type ScimUserChange } from './scim-events.js';
import { applyPatch, patchRequestSchema } from './scim-patch.js';
import type { ListQuery } from './scim-query.js';
import { USER_EXTENSIONS } from './scim-schemas.js';
import { acceptUser, type AcceptedUser } from './scim-user-resource.js';

/**
 * What the SCIM Users endpoints do. Every write stores the resource and its inbox event in one
 * transaction, then answers: Salesforce is never on the request path, so Okta gets its answer
 * at once even when Salesforce is slow or down, and nothing answered is lost.
 */

export interface ScimServiceDeps {
  store: Pick<Store, 'scim' | 'inbox' | 'transaction'>;
  now: () => Date;
  newId: () => string;
  /** Called after a write's events are stored (e.g. wakes the worker). */
  onAccepted?: (result: AcceptResult, events: readonly InboundEvent[]) => void;
}

export const USER_FILTERS = ['userName', 'externalId', 'id'] as const;

export interface ScimUserService {
  list(query: ListQuery): Promise<ScimPage<ScimUserRecord>>;
  get(id: string): Promise<ScimUserRecord>;
  create(body: unknown): Promise<ScimUserRecord>;
  replace(id: string, body: unknown): Promise<ScimUserRecord>;
  patch(id: string, body: unknown): Promise<ScimUserRecord>;
  remove(id: string): Promise<void>;
}

export function createScimUserService(deps: ScimServiceDeps): ScimUserService {
  const { store } = deps;

  const existing = async (id: string): Promise<ScimUserRecord> => {
    const record = await store.scim.user(id);
    if (!record) throw ScimError.notFound('User');
    return record;
  };

  /** Stores the record and its event in one transaction; throws 409 on a taken userName. */
  const commit = async (
    change: ScimUserChange,
    before: ScimUserRecord | undefined,
    after: ScimUserRecord,
  ) => {
    const event = scimUserEvent({ change, before, after, at: after.lastModified });
    const result = await store.transaction(async (tx) => {
      if (change === 'deleted') {
        await tx.scim.deleteUser(after.id);
      } else {
        const holder = await tx.scim.userByUserName(after.userName);
        if (holder && holder.id !== after.id) {
          throw new ScimError(409, 'A User with this userName already exists.', 'uniqueness');
        }
        await tx.scim.saveUser(after);
      }
      return tx.inbox.accept([event]);
    });
    deps.onAccepted?.(result, [event]);
  };

  const next = (before: ScimUserRecord, accepted: AcceptedUser, at: string): ScimUserRecord => ({
    id: before.id,
    userName: accepted.userName,
    externalId: accepted.externalId,
    oktaUserId: oktaUserIdOf(accepted.externalId) ?? before.oktaUserId,
    active: accepted.active,
    attributes: accepted.attributes,
    version: before.version + 1,
    created: before.created,
    lastModified: at,
  });

  return {
    async list(query) {
      const filter = query.filter;
      if (filter?.attribute === 'id') {
        const record = await store.scim.user(filter.value);
        const items = record && query.offset === 0 ? [record].slice(0, query.limit) : [];
        return { total: record ? 1 : 0, items };
      }
      return store.scim.users({
        offset: query.offset,
        limit: query.limit,
        ...(filter?.attribute === 'userName' ? { userName: filter.value } : {}),
        ...(filter?.attribute === 'externalId' ? { externalId: filter.value } : {}),
      });
    },

    get: existing,

    async create(body) {
      const accepted = acceptUser(body);
      if (await store.scim.userByUserName(accepted.userName)) {
        throw new ScimError(409, 'A User with this userName already exists.', 'uniqueness');
      }
      const at = deps.now().toISOString();
      const record: ScimUserRecord = {
        id: deps.newId(),
        userName: accepted.userName,
        externalId: accepted.externalId,
        oktaUserId: oktaUserIdOf(accepted.externalId),
        active: accepted.active,
        attributes: accepted.attributes,
        version: 1,
        created: at,
        lastModified: at,
      };
      await commit('created', undefined, record);
      return record;
    },

    async replace(id, body) {
      const before = await existing(id);
      // A PUT carries the whole resource; `active` left out keeps its value.
      const accepted = acceptUser(body, before.active);
      const after = next(before, accepted, deps.now().toISOString());
      await commit('updated', before, after);
      return after;
    },

    async patch(id, body) {
      const request = patchRequestSchema.safeParse(body);
      if (!request.success) {
        const issue = request.error.issues[0];
        throw ScimError.badRequest(
          'invalidSyntax',
          `${issue?.path.map(String).join('.') || 'body'}: ${issue?.message ?? 'not a PatchOp'}`,
        );
      }
      const before = await existing(id);
      const current = {
        ...before.attributes,
        userName: before.userName,
        ...(before.externalId !== null ? { externalId: before.externalId } : {}),
        active: before.active,
      };
      const patched = applyPatch(current, request.data.Operations, USER_EXTENSIONS);
      const accepted = acceptUser(patched, before.active);
      const after = next(before, accepted, deps.now().toISOString());
      await commit('updated', before, after);
      return after;
    },

    async remove(id) {
      const before = await existing(id);
      await commit('deleted', before, {
        ...before,
        active: false,
        lastModified: deps.now().toISOString(),
      });
    },
  };
}
