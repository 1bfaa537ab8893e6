import { z } from 'zod';
import type { ScimGroupRecord, ScimPage, ScimUserRecord } from '../store/scim-resources.js';
import { ScimError } from './scim-errors.js';
import { oktaGroupIdOf, scimGroupEvents } from './scim-events.js';
import { applyPatch, patchRequestSchema } from './scim-patch.js';
import type { ListQuery } from './scim-query.js';
import { SCIM } from './scim-schemas.js';
import type { ScimServiceDeps } from './scim-users.js';

/**
 * What the SCIM Groups endpoints do (Okta's Group Push): groups and their members stored as
 * last accepted, and each membership change handed to the Account Team workflow through the
 * inbox, in the same transaction.
 */

export const GROUP_FILTERS = ['displayName', 'externalId', 'id'] as const;

const groupSchema = z
  .object({
    schemas: z.array(z.string()).optional(),
    displayName: z.string().trim().min(1, 'displayName is required').max(1024),
    externalId: z.string().trim().min(1).max(512).nullish(),
    members: z
      .array(z.object({ value: z.string().min(1).max(512) }).loose())
      .max(100_000)
      .nullish(),
  })
  .loose();

function acceptGroup(body: unknown) {
  const parsed = groupSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.map(String).join('.')}: ` : '';
    throw ScimError.badRequest('invalidValue', `${where}${issue?.message ?? 'invalid Group'}`);
  }
  return {
    displayName: parsed.data.displayName,
    externalId: parsed.data.externalId ?? null,
    members: [...new Set((parsed.data.members ?? []).map((m) => m.value))],
  };
}

/** Pure: the Group resource the companion answers for a stored record. */
export function groupResource(
  record: ScimGroupRecord,
  baseUrl: string,
  members: ReadonlyMap<string, ScimUserRecord> = new Map(),
): Record<string, unknown> {
  return {
    schemas: [SCIM.group],
    id: record.id,
    displayName: record.displayName,
    ...(record.externalId !== null ? { externalId: record.externalId } : {}),
    members: record.members.map((value) => ({
      value,
      $ref: `${baseUrl}/Users/${value}`,
      ...(members.get(value)?.attributes['displayName']
        ? { display: members.get(value)?.attributes['displayName'] }
        : {}),
    })),
    meta: {
      resourceType: 'Group',
      created: record.created,
      lastModified: record.lastModified,
      location: `${baseUrl}/Groups/${record.id}`,
      version: `W/"${record.version}"`,
    },
  };
}

export interface ScimGroupService {
  list(query: ListQuery): Promise<ScimPage<ScimGroupRecord>>;
  get(id: string): Promise<ScimGroupRecord>;
  create(body: unknown): Promise<ScimGroupRecord>;
  replace(id: string, body: unknown): Promise<ScimGroupRecord>;
  patch(id: string, body: unknown): Promise<ScimGroupRecord>;
  remove(id: string): Promise<void>;
}

export function createScimGroupService(deps: ScimServiceDeps): ScimGroupService {
  const { store } = deps;

  const existing = async (id: string): Promise<ScimGroupRecord> => {
    const record = await store.scim.group(id);
    if (!record) throw ScimError.notFound('Group');
    return record;
  };

  /** Members must be Users provisioned here; their records feed the membership events. */
  const membersOf = async (ids: readonly string[]) => {
    const found = new Map<string, ScimUserRecord>();
    for (const id of ids) {
      const user = await store.scim.user(id);
      if (!user) throw ScimError.badRequest('invalidValue', 'A member is not a provisioned User.');
      found.set(id, user);
    }
    return found;
  };

  const commit = async (
    before: ScimGroupRecord | undefined,
    after: ScimGroupRecord,
    deleted = false,
  ) => {
    const result = await store.transaction(async (tx) => {
      const touched = [...new Set([...(before?.members ?? []), ...after.members])];
      const members = new Map<string, ScimUserRecord>();
      for (const id of touched) {
        const user = await tx.scim.user(id);
        if (user) members.set(id, user);
      }
      const events = scimGroupEvents({
        before,
        after,
        deleted,
        oktaGroupId: after.oktaGroupId,
        members,
        at: after.lastModified,
      });
      if (deleted) await tx.scim.deleteGroup(after.id);
      else await tx.scim.saveGroup(after);
      return { accepted: await tx.inbox.accept(events), events };
    });
    deps.onAccepted?.(result.accepted, result.events);
  };

  const next = (
    before: ScimGroupRecord,
    accepted: ReturnType<typeof acceptGroup>,
  ): ScimGroupRecord => ({
    ...before,
    displayName: accepted.displayName,
    externalId: accepted.externalId,
    oktaGroupId: oktaGroupIdOf(accepted.externalId) ?? before.oktaGroupId,
    members: accepted.members,
    version: before.version + 1,
    lastModified: deps.now().toISOString(),
  });

  const unique = async (displayName: string, id?: string) => {
    const taken = (await store.scim.groups({ displayName, offset: 0, limit: 2 })).items;
    if (taken.some((g) => g.id !== id)) {
      throw new ScimError(409, 'A Group with this displayName already exists.', 'uniqueness');
    }
  };

  return {
    async list(query) {
      const filter = query.filter;
      if (filter?.attribute === 'id' || filter?.attribute === 'externalId') {
        const all = filter.attribute === 'id' ? [await store.scim.group(filter.value)] : [];
        const items = all.filter((g): g is ScimGroupRecord => g !== undefined);
        if (filter.attribute === 'externalId') {
          // Few groups are pushed; the scan stays small.
          const page = await store.scim.groups({ offset: 0, limit: 100_000 });
          items.push(...page.items.filter((g) => g.externalId === filter.value));
        }
        return {
          total: items.length,
          items: items.slice(query.offset, query.offset + query.limit),
        };
      }
      return store.scim.groups({
        offset: query.offset,
        limit: query.limit,
        ...(filter?.attribute === 'displayName' ? { displayName: filter.value } : {}),
      });
    },

    get: existing,

    async create(body) {
      const accepted = acceptGroup(body);
      await unique(accepted.displayName);
      await membersOf(accepted.members);
      const at = deps.now().toISOString();
      const record: ScimGroupRecord = {
        id: deps.newId(),
        displayName: accepted.displayName,
        externalId: accepted.externalId,
        oktaGroupId: oktaGroupIdOf(accepted.externalId),
        members: accepted.members,
        version: 1,
        created: at,
        lastModified: at,
      };
      await commit(undefined, record);
      return record;
    },

    async replace(id, body) {
      const before = await existing(id);
      const accepted = acceptGroup(body);
      await unique(accepted.displayName, id);
      await membersOf(accepted.members);
      const after = next(before, accepted);
      await commit(before, after);
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
        displayName: before.displayName,
        ...(before.externalId !== null ? { externalId: before.externalId } : {}),
        members: before.members.map((value) => ({ value })),
      };
      const accepted = acceptGroup(applyPatch(current, request.data.Operations, []));
      await unique(accepted.displayName, id);
      await membersOf(accepted.members.filter((m) => !before.members.includes(m)));
      const after = next(before, accepted);
      await commit(before, after);
      return after;
    },

    async remove(id) {
      const before = await existing(id);
      await commit(
        before,
        { ...before, version: before.version + 1, lastModified: deps.now().toISOString() },
        true,
      );
    },
  };
}
