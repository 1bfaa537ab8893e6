/**
 * Selecting users for `GET /api/v1/users`: `search` (full SCIM), `filter` (Okta's
 * restricted subset), `q` (prefix on first name, last name, email), id-ordered cursor
 * pagination, Okta's rule that a plain list leaves out DEPROVISIONED users, and (with a search
 * view) the eventual consistency of `search`.
 */
import { fail } from './errors.js';
import type { ProfileSchema } from './profile-schema.js';
import {
  evaluateScim,
  parseScimFilter,
  scimComparisons,
  ScimSyntaxError,
  usesOperator,
  type ScimExpression,
} from './scim-filter.js';
import { upperBound, type OktaState, type UserRecord } from './state.js';

export const USER_DATE_ATTRIBUTES: ReadonlySet<string> = new Set([
  'created',
  'activated',
  'statusChanged',
  'lastLogin',
  'lastUpdated',
  'passwordChanged',
]);

const FILTER_RULES: Readonly<Record<string, ReadonlySet<string>>> = {
  status: new Set(['eq']),
  id: new Set(['eq']),
  'profile.login': new Set(['eq']),
  'profile.email': new Set(['eq']),
  'profile.firstName': new Set(['eq']),
  'profile.lastName': new Set(['eq']),
  lastUpdated: new Set(['eq', 'gt', 'ge', 'lt', 'le']),
};

export interface UserQuery {
  search?: string | undefined;
  filter?: string | undefined;
  q?: string | undefined;
  after?: string | undefined;
  limit: number;
}

export interface UserPage {
  users: UserRecord[];
  /** Cursor for the next page, when there is one. */
  nextAfter: string | undefined;
}

export function resolveUserAttribute(user: UserRecord, typeId: string, path: string): unknown {
  if (path.startsWith('profile.')) return user.profile[path.slice('profile.'.length)];
  switch (path) {
    case 'id':
    case 'status':
    case 'created':
    case 'activated':
    case 'statusChanged':
    case 'lastLogin':
    case 'lastUpdated':
    case 'passwordChanged':
      return user[path];
    case 'type.id':
      return typeId;
    default:
      return undefined;
  }
}

function parse(expression: string): ScimExpression {
  try {
    return parseScimFilter(expression);
  } catch (error) {
    if (error instanceof ScimSyntaxError) throw fail.invalidSearch(error.message);
    throw error;
  }
}

function validateSearch(expr: ScimExpression, schema: ProfileSchema): void {
  for (const { path } of scimComparisons(expr)) {
    if (path.startsWith('profile.')) {
      if (!schema.has(path.slice('profile.'.length)))
        throw fail.invalidSearch(`Unknown attribute: ${path}`);
    } else if (!isKnownTopLevel(path)) {
      throw fail.invalidSearch(`Unknown attribute: ${path}`);
    }
  }
}

function isKnownTopLevel(path: string): boolean {
  return path === 'id' || path === 'status' || path === 'type.id' || USER_DATE_ATTRIBUTES.has(path);
}

function validateFilter(expr: ScimExpression): void {
  if (usesOperator(expr, 'not')) throw fail.invalidSearch('not is not supported in filter');
  for (const { path, op } of scimComparisons(expr)) {
    if (!FILTER_RULES[path]?.has(op)) throw fail.invalidSearch(`Unsupported filter: ${path} ${op}`);
  }
}

/** The operands of a chain of `or`s, flattened (the parser nests them to the left). */
function orBranches(expr: ScimExpression): ScimExpression[] {
  const branches: ScimExpression[] = [];
  const pending = [expr];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next.kind === 'or') pending.push(next.right, next.left);
    else branches.push(next);
  }
  return branches;
}

/**
 * Ids that can possibly match, when the expression pins an indexed attribute with eq (on
 * both sides of an `or`, as a worker's batch read `id eq "a" or id eq "b" …` does).
 */
function candidateIds(expr: ScimExpression, state: OktaState): readonly string[] | undefined {
  if (expr.kind === 'and') return candidateIds(expr.left, state) ?? candidateIds(expr.right, state);
  if (expr.kind === 'or') {
    const union = new Set<string>();
    for (const branch of orBranches(expr)) {
      const ids = candidateIds(branch, state);
      if (ids === undefined) return undefined;
      for (const id of ids) union.add(id);
    }
    return [...union];
  }
  if (expr.kind !== 'compare' || expr.op !== 'eq' || typeof expr.value !== 'string')
    return undefined;
  switch (expr.path) {
    case 'id':
      return state.users.has(expr.value) ? [expr.value] : [];
    case 'profile.login': {
      const id = state.userIdByLogin(expr.value);
      return id === undefined ? [] : [id];
    }
    case 'profile.email':
      return state.userIdsByEmail(expr.value);
    default:
      return undefined;
  }
}

export function queryUsers(
  state: OktaState,
  schema: ProfileSchema,
  query: UserQuery,
  /** What `search` sees of a user (eventual consistency); default: the user as it is. */
  searchView: (user: UserRecord) => UserRecord | undefined = (user) => user,
): UserPage {
  const predicates: ((u: UserRecord) => boolean)[] = [];
  let candidates: readonly string[] | undefined;

  for (const [expression, kind] of [
    [query.search, 'search'],
    [query.filter, 'filter'],
  ] as const) {
    if (expression === undefined || expression === '') continue;
    const expr = parse(expression);
    if (kind === 'search') validateSearch(expr, schema);
    else validateFilter(expr);
    candidates ??= candidateIds(expr, state);
    predicates.push((u) =>
      evaluateScim(expr, (path) => resolveUserAttribute(u, state.userTypeId, path), {
        dateAttributes: USER_DATE_ATTRIBUTES,
      }),
    );
  }
  const searching = query.search !== undefined && query.search !== '';
  const filtering = query.filter !== undefined && query.filter !== '';
  // Only a plain list (or `q`) leaves DEPROVISIONED users out; `search` and `filter` results
  // include them (Users API, "List all users").
  if (!searching && !filtering) predicates.push((u) => u.status !== 'DEPROVISIONED');
  if (query.q !== undefined && query.q !== '') {
    const prefix = query.q.toLowerCase();
    predicates.push((u) =>
      ['firstName', 'lastName', 'email'].some((attr) => {
        const value = u.profile[attr];
        return typeof value === 'string' && value.toLowerCase().startsWith(prefix);
      }),
    );
  }

  const ids = candidates ? [...candidates].sort() : state.userIds;
  const start = query.after === undefined ? 0 : upperBound(ids, query.after);
  const users: UserRecord[] = [];
  let nextAfter: string | undefined;
  for (let i = start; i < ids.length; i++) {
    const stored = state.users.get(ids[i] ?? '');
    const user = stored && searching ? searchView(stored) : stored;
    if (!user || !predicates.every((p) => p(user))) continue;
    if (users.length === query.limit) {
      nextAfter = users[users.length - 1]?.id;
      break;
    }
    users.push(user);
  }
  return { users, nextAfter };
}
