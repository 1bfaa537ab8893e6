import { describe, expect, it } from 'vitest';
import { generateSeed } from '../seed.js';
import { ProfileSchema } from './profile-schema.js';
import { OktaState, type UserRecord } from './state.js';
import { evaluateScim, parseScimFilter } from './scim-filter.js';
import {
  queryUsers,
  resolveUserAttribute,
  USER_DATE_ATTRIBUTES,
  type UserQuery,
} from './user-query.js';

const state = OktaState.fromSeed(generateSeed({ users: 60 }).okta);
const schema = new ProfileSchema();
const ids = [...state.users.keys()].sort();
const [a, b, c, d] = [ids[3], ids[17], ids[29], ids[41]] as [string, string, string, string];

/** Every page of a query, in order. */
function allPages(query: Omit<UserQuery, 'after'>): UserRecord[] {
  const users: UserRecord[] = [];
  let after: string | undefined;
  do {
    const page = queryUsers(state, schema, { ...query, ...(after ? { after } : {}) });
    users.push(...page.users);
    after = page.nextAfter;
  } while (after);
  return users;
}

/** What the expression selects by testing every user of the org. */
function scanned(search: string): string[] {
  const expr = parseScimFilter(search);
  return ids.filter((id) => {
    const user = state.users.get(id) as UserRecord;
    return evaluateScim(expr, (path) => resolveUserAttribute(user, state.userTypeId, path), {
      dateAttributes: USER_DATE_ATTRIBUTES,
    });
  });
}

describe('user query', () => {
  it('answers an or of ids from the index with the users a scan finds, once each, in id order', () => {
    const search = `id eq "${c}" or id eq "${a}" or id eq "${c}" or id eq "00unosuchuser" or id eq "${b}"`;
    const found = allPages({ search, limit: 200 }).map((u) => u.id);
    expect(found).toEqual([a, b, c]);
    expect(found).toEqual(scanned(search));
  });

  it('pages through an or of ids with the cursor', () => {
    const search = [a, b, c, d].map((id) => `id eq "${id}"`).join(' or ');
    const first = queryUsers(state, schema, { search, limit: 2 });
    expect(first.users.map((u) => u.id)).toEqual([a, b]);
    expect(first.nextAfter).toBe(b);
    const second = queryUsers(state, schema, { search, after: first.nextAfter, limit: 2 });
    expect(second.users.map((u) => u.id)).toEqual([c, d]);
    expect(second.nextAfter).toBeUndefined();
  });

  it('scans when one side of an or is not indexed', () => {
    const user = state.users.get(b) as UserRecord;
    const search = `id eq "${a}" or profile.firstName eq "${String(user.profile['firstName'])}"`;
    const found = allPages({ search, limit: 200 }).map((u) => u.id);
    expect(found).toContain(a);
    expect(found).toContain(b);
    expect(found).toEqual(scanned(search));
  });

  it('narrows an and of an indexed or to the users that satisfy both', () => {
    const status = (state.users.get(a) as UserRecord).status;
    const search = `(id eq "${a}" or id eq "${b}") and status eq "${status}"`;
    expect(allPages({ search, limit: 200 }).map((u) => u.id)).toEqual(scanned(search));
  });
});
