/**
 * `/api/v1/groups`: list/search, get, create, replace the profile, delete, members (paged), add and
 * remove members.
 */
import { Hono } from 'hono';
import {
  absoluteUrl,
  okJson,
  parseLimit,
  readJsonBody,
  requireScope,
  selfUrl,
  setLinks,
  type OktaEnv,
} from './api-context.js';
import type { Directory } from './directory.js';
import { fail } from './errors.js';
import { groupJson, userJson } from './representations.js';
import {
  evaluateScim,
  parseScimFilter,
  scimComparisons,
  ScimSyntaxError,
  usesOperator,
  type ScimExpression,
} from './scim-filter.js';
import { upperBound, type GroupRecord, type OktaState } from './state.js';

const READ = ['okta.groups.read', 'okta.groups.manage'];
const MANAGE = ['okta.groups.manage'];
const GROUP_DATES: ReadonlySet<string> = new Set([
  'created',
  'lastUpdated',
  'lastMembershipUpdated',
]);
const FILTER_RULES: Readonly<Record<string, ReadonlySet<string>>> = {
  type: new Set(['eq']),
  id: new Set(['eq']),
  lastUpdated: new Set(['eq', 'gt', 'ge', 'lt', 'le']),
  lastMembershipUpdated: new Set(['eq', 'gt', 'ge', 'lt', 'le']),
};
const SEARCH_PATHS = new Set([
  'id',
  'type',
  'created',
  'lastUpdated',
  'lastMembershipUpdated',
  'profile.name',
  'profile.description',
]);

function resolveGroupAttribute(group: GroupRecord, path: string): unknown {
  switch (path) {
    case 'profile.name':
      return group.name;
    case 'profile.description':
      return group.description;
    case 'id':
    case 'type':
    case 'created':
    case 'lastUpdated':
    case 'lastMembershipUpdated':
      return group[path];
    default:
      return undefined;
  }
}

function parseGroupExpression(expression: string, kind: 'search' | 'filter'): ScimExpression {
  let expr: ScimExpression;
  try {
    expr = parseScimFilter(expression);
  } catch (error) {
    if (error instanceof ScimSyntaxError) throw fail.invalidSearch(error.message);
    throw error;
  }
  if (kind === 'filter' && usesOperator(expr, 'not'))
    throw fail.invalidSearch('not is not supported in filter');
  for (const { path, op } of scimComparisons(expr)) {
    const ok = kind === 'search' ? SEARCH_PATHS.has(path) : FILTER_RULES[path]?.has(op);
    if (!ok) throw fail.invalidSearch(`Unsupported ${kind}: ${path} ${op}`);
  }
  return expr;
}

export function groupRoutes(deps: {
  state: () => OktaState;
  directory: Directory;
  orgUrl: () => string;
}) {
  return new Hono<OktaEnv>()
    .get('/', (c) => {
      requireScope(c, ...READ);
      const { search, filter, q, after } = c.req.query();
      const limit = parseLimit(c.req.query('limit'), 10_000, 10_000);
      const predicates: ((g: GroupRecord) => boolean)[] = [];
      for (const [expression, kind] of [
        [search, 'search'],
        [filter, 'filter'],
      ] as const) {
        if (expression === undefined || expression === '') continue;
        const expr = parseGroupExpression(expression, kind);
        predicates.push((g) =>
          evaluateScim(expr, (path) => resolveGroupAttribute(g, path), {
            dateAttributes: GROUP_DATES,
          }),
        );
      }
      if (q !== undefined && q !== '')
        predicates.push((g) => g.name.toLowerCase().startsWith(q.toLowerCase()));
      const state = deps.state();
      const ids = state.groupIds;
      const page: GroupRecord[] = [];
      let nextAfter: string | undefined;
      for (let i = after === undefined ? 0 : upperBound(ids, after); i < ids.length; i++) {
        const group = state.groups.get(ids[i] ?? '');
        if (!group || !predicates.every((p) => p(group))) continue;
        if (page.length === limit) {
          nextAfter = page[page.length - 1]?.id;
          break;
        }
        page.push(group);
      }
      const base = deps.orgUrl();
      const next =
        nextAfter === undefined
          ? undefined
          : absoluteUrl(base, '/api/v1/groups', {
              search,
              filter,
              q,
              limit: String(limit),
              after: nextAfter,
            });
      setLinks(c, selfUrl(c, base), next);
      return okJson(
        c,
        page.map((g) => groupJson(g, base)),
      );
    })
    .post('/', async (c) => {
      requireScope(c, ...MANAGE);
      const body = await readJsonBody(c);
      const profile = body['profile'] as { name?: unknown; description?: unknown } | undefined;
      const name = profile?.name;
      if (typeof name !== 'string' || name.trim() === '') {
        throw fail.validation('name', ['name: The field cannot be left blank']);
      }
      const state = deps.state();
      if ([...state.groups.values()].some((g) => g.name.toLowerCase() === name.toLowerCase())) {
        throw fail.validation('name', [
          'name: An object with this field already exists in the current organization',
        ]);
      }
      const description = typeof profile?.description === 'string' ? profile.description : '';
      const group = deps.directory.createGroup(name, description, c.get('actionContext'));
      return okJson(c, groupJson(group, deps.orgUrl()));
    })
    .get('/:groupId', (c) => {
      requireScope(c, ...READ);
      return okJson(
        c,
        groupJson(deps.directory.requireGroup(c.req.param('groupId')), deps.orgUrl()),
      );
    })
    .put('/:groupId', async (c) => {
      requireScope(c, ...MANAGE);
      const body = await readJsonBody(c);
      const profile = body['profile'] as { name?: unknown; description?: unknown } | undefined;
      const name = profile?.name;
      if (typeof name !== 'string' || name.trim() === '') {
        throw fail.validation('name', ['name: The field cannot be left blank']);
      }
      const id = c.req.param('groupId');
      if (
        [...deps.state().groups.values()].some(
          (g) => g.id !== id && g.name.toLowerCase() === name.toLowerCase(),
        )
      ) {
        throw fail.validation('name', [
          'name: An object with this field already exists in the current organization',
        ]);
      }
      const description = typeof profile?.description === 'string' ? profile.description : '';
      const group = deps.directory.updateGroup(id, { name, description }, c.get('actionContext'));
      return okJson(c, groupJson(group, deps.orgUrl()));
    })
    .delete('/:groupId', (c) => {
      requireScope(c, ...MANAGE);
      deps.directory.deleteGroup(c.req.param('groupId'), c.get('actionContext'));
      return c.body(null, 204);
    })
    .get('/:groupId/users', (c) => {
      requireScope(c, ...READ, 'okta.users.read', 'okta.users.manage');
      const group = deps.directory.requireGroup(c.req.param('groupId'));
      const after = c.req.query('after');
      const limit = parseLimit(c.req.query('limit'), 1000, 10_000);
      const state = deps.state();
      const members = state.sortedMembers(group.id);
      const start = after === undefined ? 0 : upperBound(members, after);
      const slice = members.slice(start, start + limit);
      const base = deps.orgUrl();
      const next =
        start + limit < members.length && slice.length > 0
          ? absoluteUrl(base, `/api/v1/groups/${group.id}/users`, {
              limit: String(limit),
              after: slice[slice.length - 1],
            })
          : undefined;
      setLinks(c, selfUrl(c, base), next);
      const users = slice.map((id) => state.users.get(id)).filter((u) => u !== undefined);
      return okJson(
        c,
        users.map((u) => userJson(u, state, base)),
      );
    })
    .put('/:groupId/users/:userId', (c) => {
      requireScope(c, ...MANAGE);
      deps.directory.addMember(
        c.req.param('groupId'),
        c.req.param('userId'),
        c.get('actionContext'),
      );
      return c.body(null, 204);
    })
    .delete('/:groupId/users/:userId', (c) => {
      requireScope(c, ...MANAGE);
      deps.directory.removeMember(
        c.req.param('groupId'),
        c.req.param('userId'),
        c.get('actionContext'),
      );
      return c.body(null, 204);
    });
}
