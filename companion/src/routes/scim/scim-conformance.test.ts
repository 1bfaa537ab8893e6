import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../app.js';
import { createLogger, silentLogger, type Logger } from '../../logger.js';
import { Secret } from '../../secret.js';
import { createScimGroupService } from '../../services/scim-groups.js';
import { SCIM } from '../../services/scim-schemas.js';
import { createScimUserService, type ScimServiceDeps } from '../../services/scim-users.js';
import { openSqliteStore, type Store } from '../../store/index.js';

/**
 * SCIM 2.0 conformance of `/scim/v2`, with the requests Okta's provisioning client sends
 * (Okta's "Test your SCIM API" suite and RFC 7644), against the real SQLite store.
 */

const TOKEN = 'scim-token-current-0123456789abcdef';
const PREVIOUS = 'scim-token-previous-0123456789abcdef';
const BASE = 'http://companion.test/scim/v2';

// Response bodies are read as loosely as a SCIM client reads them.
type ScimBody = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

function world(logger: Logger = silentLogger()) {
  const store = openSqliteStore({ path: ':memory:' });
  stores.push(store);
  const deps: ScimServiceDeps = { store, now: () => new Date(), newId: randomUUID };
  const app = createApp({
    logger,
    readiness: [],
    scim: {
      tokens: [new Secret(TOKEN), new Secret(PREVIOUS)],
      users: createScimUserService(deps),
      groups: createScimGroupService(deps),
      logger,
    },
  });
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await app.request(`${BASE}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        accept: 'application/scim+json',
        ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}),
        ...headers,
      },
      ...(body !== undefined
        ? { body: typeof body === 'string' ? body : JSON.stringify(body) }
        : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      location: response.headers.get('location'),
      body: (text ? JSON.parse(text) : null) as ScimBody,
    };
  };
  return { store, call };
}

/** Okta's create request (Okta developer docs, "Create the user"). */
function oktaUser(login: string, extra: Record<string, unknown> = {}) {
  return {
    schemas: [SCIM.user, SCIM.enterpriseUser],
    userName: login,
    name: { givenName: 'Test', familyName: 'User' },
    emails: [{ primary: true, value: login, type: 'work' }],
    displayName: 'Test User',
    locale: 'en-US',
    externalId: '00ujl29u0le5T6Aj10h7',
    groups: [],
    password: '1mz050nq',
    active: true,
    [SCIM.enterpriseUser]: { organization: 'Acme', department: 'Sales' },
    ...extra,
  };
}

function expectScimError(
  result: { status: number; type: string | null; body: ScimBody },
  status: number,
  scimType?: string,
) {
  expect(result.status).toBe(status);
  expect(result.type).toContain('application/scim+json');
  expect(result.body['schemas']).toEqual([SCIM.error]);
  expect(result.body['status']).toBe(String(status));
  expect(typeof result.body['detail']).toBe('string');
  if (scimType) expect(result.body['scimType']).toBe(scimType);
}

describe('SCIM authentication', () => {
  it('refuses a request without a bearer token with a SCIM 401', async () => {
    const { call } = world();
    const result = await call('GET', '/Users', undefined, { authorization: '' });
    expectScimError(result, 401);
  });

  it('refuses a wrong token, a token of another scheme and an empty bearer', async () => {
    const { call } = world();
    for (const authorization of [`Bearer ${TOKEN}x`, `Basic ${TOKEN}`, 'Bearer ', TOKEN]) {
      expectScimError(await call('GET', '/Users', undefined, { authorization }), 401);
    }
  });

  it('accepts the current token and, during a rotation, the previous one', async () => {
    const { call } = world();
    expect((await call('GET', '/Users')).status).toBe(200);
    expect(
      (await call('GET', '/Users', undefined, { authorization: `Bearer ${PREVIOUS}` })).status,
    ).toBe(200);
    expect(
      (await call('GET', '/Users', undefined, { authorization: `bearer ${TOKEN}` })).status,
    ).toBe(200);
  });

  it('is off (404 in the product JSON shape) when no token is configured', async () => {
    const app = createApp({ logger: silentLogger(), readiness: [] });
    const response = await app.request(`${BASE}/Users`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(404);
  });
});

describe('SCIM logging', () => {
  it('never logs a userName, a filter or a token', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'trace' }, { write: (line: string) => lines.push(line) });
    const { call } = world(logger);
    const login = 'private.person@okta.local';
    const id = (await call('POST', '/Users', oktaUser(login))).body['id'];
    await call('POST', '/Users', oktaUser(login));
    await call('GET', `/Users?filter=${encodeURIComponent(`userName eq "${login}"`)}`);
    await call('PATCH', `/Users/${id}`, {
      schemas: [SCIM.patchOp],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    await call('GET', '/Users', undefined, { authorization: 'Bearer wrong-token' });
    expect(lines.length).toBeGreaterThanOrEqual(5);
    const logged = lines.join('\n');
    expect(logged).toContain('/scim/v2/Users/:id');
    expect(logged).not.toContain('private.person');
    expect(logged).not.toContain(TOKEN);
    expect(logged).not.toContain('wrong-token');
  });
});

describe('SCIM discovery', () => {
  it('serves ServiceProviderConfig with patch and filter supported, bulk not', async () => {
    const { call } = world();
    const result = await call('GET', '/ServiceProviderConfig');
    expect(result.status).toBe(200);
    expect(result.type).toContain('application/scim+json');
    expect(result.body['schemas']).toEqual([SCIM.serviceProviderConfig]);
    expect(result.body['patch']).toEqual({ supported: true });
    expect(result.body['filter']).toMatchObject({ supported: true, maxResults: 200 });
    expect(result.body['bulk']).toMatchObject({ supported: false });
    expect(result.body['authenticationSchemes'][0]).toMatchObject({ type: 'oauthbearertoken' });
  });

  it('lists the User and Group resource types, with the extensions of User', async () => {
    const { call } = world();
    const result = await call('GET', '/ResourceTypes');
    expect(result.body['schemas']).toEqual([SCIM.listResponse]);
    expect(result.body['totalResults']).toBe(2);
    const ids = result.body['Resources'].map((r: { id: string }) => r.id);
    expect(ids).toEqual(['User', 'Group']);
    const user = await call('GET', '/ResourceTypes/User');
    expect(user.body['endpoint']).toBe('/Users');
    expect(user.body['schemaExtensions'].map((e: { schema: string }) => e.schema)).toEqual([
      SCIM.enterpriseUser,
      SCIM.oktaUser,
    ]);
    expectScimError(await call('GET', '/ResourceTypes/Printer'), 404);
  });

  it('describes the schemas, userName unique and case-insensitive', async () => {
    const { call } = world();
    const result = await call('GET', '/Schemas');
    expect(result.body['Resources'].map((s: { id: string }) => s.id)).toEqual([
      SCIM.user,
      SCIM.enterpriseUser,
      SCIM.oktaUser,
      SCIM.group,
    ]);
    const user = await call('GET', `/Schemas/${SCIM.user}`);
    const userName = user.body['attributes'].find((a: { name: string }) => a.name === 'userName');
    expect(userName).toMatchObject({ required: true, uniqueness: 'server', caseExact: false });
    expectScimError(await call('GET', '/Schemas/urn:nothing'), 404);
  });

  it('answers an unknown endpoint with a SCIM 404', async () => {
    const { call } = world();
    expectScimError(await call('GET', '/Printers'), 404);
  });
});

describe('SCIM Users', () => {
  it("answers Okta's test connection (startIndex=1&count=2) with an empty ListResponse", async () => {
    const { call } = world();
    const result = await call('GET', '/Users?startIndex=1&count=2');
    expect(result.status).toBe(200);
    expect(result.type).toContain('application/scim+json');
    expect(result.body).toEqual({
      schemas: [SCIM.listResponse],
      totalResults: 0,
      itemsPerPage: 0,
      startIndex: 1,
      Resources: [],
    });
  });

  it('creates a user: 201, the resource with a stable id and meta, never the password', async () => {
    const { call } = world();
    const created = await call('POST', '/Users', oktaUser('test.user@okta.local'));
    expect(created.status).toBe(201);
    expect(created.type).toContain('application/scim+json');
    const id = created.body['id'] as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.location).toBe(`${BASE}/Users/${id}`);
    expect(created.body).toMatchObject({
      schemas: [SCIM.user, SCIM.enterpriseUser],
      userName: 'test.user@okta.local',
      externalId: '00ujl29u0le5T6Aj10h7',
      active: true,
      name: { givenName: 'Test', familyName: 'User' },
      [SCIM.enterpriseUser]: { organization: 'Acme', department: 'Sales' },
      meta: { resourceType: 'User', location: `${BASE}/Users/${id}` },
    });
    expect(created.body).not.toHaveProperty('password');
    expect(JSON.stringify(created.body)).not.toContain('1mz050nq');

    const read = await call('GET', `/Users/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('accepts a create sent as application/json', async () => {
    const { call } = world();
    const created = await call('POST', '/Users', oktaUser('json.user@okta.local'), {
      'content-type': 'application/json',
    });
    expect(created.status).toBe(201);
  });

  it('refuses a second user with the same userName, in any case: 409 uniqueness', async () => {
    const { call, store } = world();
    await call('POST', '/Users', oktaUser('dup.user@okta.local'));
    const again = await call('POST', '/Users', oktaUser('DUP.User@Okta.Local'));
    expectScimError(again, 409, 'uniqueness');
    expect(again.body['detail']).not.toContain('dup.user');
    expect((await store.scim.users({ offset: 0, limit: 10 })).total).toBe(1);
  });

  it('finds a user by userName eq, case-insensitively, as Okta looks up before creating', async () => {
    const { call } = world();
    const created = await call('POST', '/Users', oktaUser('Look.Up@Okta.Local'));
    await call('POST', '/Users', oktaUser('other@okta.local'));
    const found = await call(
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "look.up@okta.local"')}&startIndex=1&count=100`,
    );
    expect(found.status).toBe(200);
    expect(found.body['totalResults']).toBe(1);
    expect(found.body['itemsPerPage']).toBe(1);
    expect(found.body['Resources'][0]['id']).toBe(created.body['id']);
    const attribute = await call(
      'GET',
      `/Users?filter=${encodeURIComponent('USERNAME EQ "LOOK.UP@OKTA.LOCAL"')}`,
    );
    expect(attribute.body['totalResults']).toBe(1);
    const none = await call(
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "nobody@okta.local"')}`,
    );
    expect(none.body).toMatchObject({ totalResults: 0, itemsPerPage: 0, Resources: [] });
  });

  it('filters on externalId and id too', async () => {
    const { call } = world();
    const created = await call('POST', '/Users', oktaUser('ext@okta.local'));
    const byExternal = await call(
      'GET',
      `/Users?filter=${encodeURIComponent('externalId eq "00ujl29u0le5T6Aj10h7"')}`,
    );
    expect(byExternal.body['totalResults']).toBe(1);
    const byId = await call(
      'GET',
      `/Users?filter=${encodeURIComponent(`id eq "${created.body['id']}"`)}`,
    );
    expect(byId.body['totalResults']).toBe(1);
  });

  it('refuses filters it cannot answer with 400 invalidFilter', async () => {
    const { call } = world();
    for (const filter of [
      'userName co "okta"',
      'title eq "Boss"',
      'userName eq "a" or userName eq "b"',
      'userName eq',
      'garbage',
    ]) {
      expectScimError(
        await call('GET', `/Users?filter=${encodeURIComponent(filter)}`),
        400,
        'invalidFilter',
      );
    }
  });

  it('pages with startIndex and count, in creation order, totalResults over all', async () => {
    const { call } = world();
    const ids: string[] = [];
    for (let i = 1; i <= 5; i += 1) {
      ids.push((await call('POST', '/Users', oktaUser(`page.${i}@okta.local`))).body['id']);
    }
    const page = await call('GET', '/Users?startIndex=2&count=2');
    expect(page.body).toMatchObject({ totalResults: 5, itemsPerPage: 2, startIndex: 2 });
    expect(page.body['Resources'].map((r: { id: string }) => r.id)).toEqual(ids.slice(1, 3));
    const last = await call('GET', '/Users?startIndex=5&count=10');
    expect(last.body).toMatchObject({ totalResults: 5, itemsPerPage: 1, startIndex: 5 });
    const past = await call('GET', '/Users?startIndex=9');
    expect(past.body).toMatchObject({ totalResults: 5, itemsPerPage: 0, Resources: [] });
    const totalOnly = await call('GET', '/Users?count=0');
    expect(totalOnly.body).toMatchObject({ totalResults: 5, itemsPerPage: 0 });
    // RFC 7644 §3.4.2.4: a startIndex below 1 is read as 1.
    const low = await call('GET', '/Users?startIndex=0&count=1');
    expect(low.body).toMatchObject({ startIndex: 1, itemsPerPage: 1 });
    expectScimError(await call('GET', '/Users?count=many'), 400, 'invalidValue');
  });

  it('caps a page at 200 resources', async () => {
    const { call, store } = world();
    const at = new Date().toISOString();
    for (let i = 0; i < 205; i += 1) {
      await store.scim.saveUser({
        id: `u-${String(i).padStart(3, '0')}`,
        userName: `bulk.${i}@okta.local`,
        externalId: null,
        oktaUserId: null,
        active: true,
        attributes: {},
        version: 1,
        created: at,
        lastModified: at,
      });
    }
    const page = await call('GET', '/Users?count=5000');
    expect(page.body).toMatchObject({ totalResults: 205, itemsPerPage: 200, startIndex: 1 });
    const rest = await call('GET', '/Users?startIndex=201&count=200');
    expect(rest.body).toMatchObject({ totalResults: 205, itemsPerPage: 5 });
  });

  it('answers 404 for an unknown id on GET, PUT, PATCH and DELETE', async () => {
    const { call } = world();
    const missing = '/Users/0f8c7a3e-0000-4000-8000-000000000000';
    expectScimError(await call('GET', missing), 404);
    expectScimError(await call('PUT', missing, oktaUser('x@okta.local')), 404);
    expectScimError(
      await call('PATCH', missing, {
        schemas: [SCIM.patchOp],
        Operations: [{ op: 'replace', value: { active: false } }],
      }),
      404,
    );
    expectScimError(await call('DELETE', missing), 404);
  });

  it('replaces a user with PUT (the whole object), keeping id and created', async () => {
    const { call } = world();
    const created = await call('POST', '/Users', oktaUser('put.user@okta.local'));
    const id = created.body['id'];
    const replaced = await call('PUT', `/Users/${id}`, {
      ...oktaUser('put.user@okta.local'),
      id,
      name: { givenName: 'Another', familyName: 'Name' },
      title: 'Buyer',
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      id,
      name: { givenName: 'Another', familyName: 'Name' },
      title: 'Buyer',
      active: true,
      meta: { created: created.body['meta']['created'], version: 'W/"2"' },
    });
    expect((await call('GET', `/Users/${id}`)).body['title']).toBe('Buyer');
  });

  it('deactivates with PUT active:false, as app-wizard apps do', async () => {
    const { call } = world();
    const id = (await call('POST', '/Users', oktaUser('put.off@okta.local'))).body['id'];
    const replaced = await call('PUT', `/Users/${id}`, {
      ...oktaUser('put.off@okta.local'),
      active: false,
    });
    expect(replaced.body['active']).toBe(false);
  });

  it('refuses a PUT that takes another user’s userName: 409 uniqueness', async () => {
    const { call } = world();
    await call('POST', '/Users', oktaUser('first@okta.local'));
    const id = (await call('POST', '/Users', oktaUser('second@okta.local'))).body['id'];
    expectScimError(
      await call('PUT', `/Users/${id}`, oktaUser('FIRST@okta.local')),
      409,
      'uniqueness',
    );
    expect((await call('GET', `/Users/${id}`)).body['userName']).toBe('second@okta.local');
  });

  describe('PATCH in the shapes Okta and other clients send', () => {
    async function patched(operations: unknown[], login = 'patch.user@okta.local') {
      const { call, store } = world();
      const id = (await call('POST', '/Users', oktaUser(login))).body['id'] as string;
      const result = await call('PATCH', `/Users/${id}`, {
        schemas: [SCIM.patchOp],
        Operations: operations,
      });
      return { result, call, store, id };
    }

    it('replace without a path: {"active": false} (Okta deactivation)', async () => {
      const { result } = await patched([{ op: 'replace', value: { active: false } }]);
      expect(result.status).toBe(200);
      expect(result.type).toContain('application/scim+json');
      expect(result.body['active']).toBe(false);
      expect(result.body['userName']).toBe('patch.user@okta.local');
    });

    it('replace with path "active" and the string "False"', async () => {
      const { result } = await patched([{ op: 'Replace', path: 'active', value: 'False' }]);
      expect(result.body['active']).toBe(false);
    });

    it('replace with path "active" and a boolean, then reactivation', async () => {
      const { result, call, id } = await patched([{ op: 'replace', path: 'active', value: false }]);
      expect(result.body['active']).toBe(false);
      const again = await call('PATCH', `/Users/${id}`, {
        schemas: [SCIM.patchOp],
        Operations: [{ op: 'replace', value: { active: true } }],
      });
      expect(again.body['active']).toBe(true);
    });

    it('replace of profile attributes without a path, OIN-template style', async () => {
      const { result } = await patched([
        {
          op: 'replace',
          value: { name: { givenName: 'Changed' }, title: 'Director', 'name.familyName': 'Dotted' },
        },
      ]);
      expect(result.body['name']).toEqual({ givenName: 'Changed', familyName: 'Dotted' });
      expect(result.body['title']).toBe('Director');
    });

    it('replace by sub-attribute path and by value filter path', async () => {
      const { result } = await patched([
        { op: 'replace', path: 'name.givenName', value: 'Path' },
        { op: 'replace', path: 'emails[type eq "work"].value', value: 'new@okta.local' },
        { op: 'replace', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0100' },
      ]);
      expect(result.body['name']['givenName']).toBe('Path');
      expect(result.body['emails']).toEqual([
        { primary: true, value: 'new@okta.local', type: 'work' },
      ]);
      expect(result.body['phoneNumbers']).toEqual([{ type: 'mobile', value: '+1 555 0100' }]);
    });

    it('replace of an enterprise extension attribute by its URN path, and of the extension object', async () => {
      const { result } = await patched([
        { op: 'replace', path: `${SCIM.enterpriseUser}:department`, value: 'Support' },
        { op: 'replace', value: { [SCIM.enterpriseUser]: { organization: 'Globex' } } },
        { op: 'add', path: `${SCIM.oktaUser}:userType`, value: 'Customer' },
      ]);
      expect(result.body[SCIM.enterpriseUser]).toEqual({
        organization: 'Globex',
        department: 'Support',
      });
      expect(result.body[SCIM.oktaUser]).toEqual({ userType: 'Customer' });
      expect(result.body['schemas']).toEqual([SCIM.user, SCIM.enterpriseUser, SCIM.oktaUser]);
    });

    it('add to a multi-valued attribute and remove by path and by value filter', async () => {
      const { result, call, id } = await patched([
        { op: 'add', path: 'emails', value: [{ value: 'home@okta.local', type: 'home' }] },
        { op: 'add', value: { title: 'Added' } },
      ]);
      expect(result.body['emails']).toHaveLength(2);
      expect(result.body['title']).toBe('Added');
      const removed = await call('PATCH', `/Users/${id}`, {
        schemas: [SCIM.patchOp],
        Operations: [
          { op: 'remove', path: 'emails[type eq "home"]' },
          { op: 'remove', path: 'title' },
        ],
      });
      expect(removed.body['emails']).toEqual([
        { primary: true, value: 'patch.user@okta.local', type: 'work' },
      ]);
      expect(removed.body).not.toHaveProperty('title');
    });

    it('refuses malformed PatchOps with 400 and changes nothing', async () => {
      const { call, id } = await patched([{ op: 'replace', path: 'title', value: 'Kept' }]);
      const bad = [
        { schemas: [SCIM.patchOp], Operations: [] },
        { schemas: [SCIM.patchOp], Operations: [{ op: 'move', path: 'title' }] },
        { schemas: [SCIM.patchOp] },
        { schemas: [SCIM.patchOp], Operations: [{ op: 'remove' }] },
        { schemas: [SCIM.patchOp], Operations: [{ op: 'replace', value: 'not an object' }] },
        {
          schemas: [SCIM.patchOp],
          Operations: [{ op: 'replace', path: 'emails[type co "w"].value', value: 'x' }],
        },
        {
          schemas: [SCIM.patchOp],
          Operations: [{ op: 'replace', path: 'active', value: 'maybe' }],
        },
        { schemas: [SCIM.patchOp], Operations: [{ op: 'remove', path: 'userName' }] },
      ];
      const expected = [
        'invalidSyntax',
        'invalidSyntax',
        'invalidSyntax',
        'noTarget',
        'invalidValue',
        'invalidPath',
        'invalidValue',
        'invalidValue',
      ];
      for (const [i, body] of bad.entries()) {
        expectScimError(await call('PATCH', `/Users/${id}`, body), 400, expected[i]);
      }
      const after = await call('GET', `/Users/${id}`);
      expect(after.body['title']).toBe('Kept');
      expect(after.body['meta']['version']).toBe('W/"2"');
    });
  });

  it('deletes a user: 204, then 404', async () => {
    const { call } = world();
    const id = (await call('POST', '/Users', oktaUser('gone@okta.local'))).body['id'];
    const deleted = await call('DELETE', `/Users/${id}`);
    expect(deleted.status).toBe(204);
    expectScimError(await call('GET', `/Users/${id}`), 404);
    // The userName is free again.
    expect((await call('POST', '/Users', oktaUser('gone@okta.local'))).status).toBe(201);
  });

  it('refuses bodies that are not a User: 400 with the attribute named', async () => {
    const { call } = world();
    const noName = await call('POST', '/Users', { schemas: [SCIM.user], name: { givenName: 'X' } });
    expectScimError(noName, 400, 'invalidValue');
    expect(noName.body['detail']).toContain('userName');
    expectScimError(await call('POST', '/Users', '{not json'), 400, 'invalidSyntax');
    expectScimError(
      await call('POST', '/Users', oktaUser('a@okta.local', { active: 'perhaps' })),
      400,
      'invalidValue',
    );
    expectScimError(
      await call('POST', '/Users', oktaUser('b@okta.local', { emails: 'x' })),
      400,
      'invalidValue',
    );
  });

  it('refuses a body over the size limit with a SCIM 413', async () => {
    const { call } = world();
    const huge = oktaUser('big@okta.local', { title: 'x'.repeat(5 * 1024 * 1024) });
    expectScimError(await call('POST', '/Users', huge), 413);
  });
});

describe('what an accepted write hands to the workflows', () => {
  async function queued(store: Store) {
    const counts = await store.jobs.counts();
    return counts.pending + counts.leased + counts.delayed;
  }

  it('stores each write with one inbox event for the Okta user, in the same transaction', async () => {
    const { call, store } = world();
    const id = (await call('POST', '/Users', oktaUser('events@okta.local'))).body['id'];
    await call('PATCH', `/Users/${id}`, {
      schemas: [SCIM.patchOp],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    expect(await store.inbox.has(`scim:User:${id}:1`)).toBe(true);
    expect(await store.inbox.has(`scim:User:${id}:2`)).toBe(true);
    const [job] = await store.jobs.claim({ limit: 5, leaseMs: 60_000, workerId: 'test' });
    expect(job).toMatchObject({
      subjectKey: 'okta-user:00ujl29u0le5T6Aj10h7',
      kind: 'okta-user-sync',
    });
    expect(job?.events.map((e) => [e.source, e.eventType])).toEqual([
      ['okta-scim', 'user.lifecycle.create'],
      ['okta-scim', 'user.lifecycle.deactivate'],
    ]);
    expect(JSON.stringify(job?.events)).not.toContain('events@okta.local');
  });

  it('stores nothing for a refused write', async () => {
    const { call, store } = world();
    await call('POST', '/Users', oktaUser('once@okta.local'));
    const before = await queued(store);
    await call('POST', '/Users', oktaUser('ONCE@okta.local'));
    await call('POST', '/Users', { userName: '' });
    expect(await queued(store)).toBe(before);
    expect((await store.scim.users({ offset: 0, limit: 10 })).total).toBe(1);
  });

  it('sends a user without an Okta user id to the link job', async () => {
    const { call, store } = world();
    const id = (
      await call('POST', '/Users', oktaUser('nolink@okta.local', { externalId: undefined }))
    ).body['id'];
    const [job] = await store.jobs.claim({ limit: 5, leaseMs: 60_000, workerId: 'test' });
    expect(job).toMatchObject({ subjectKey: `scim-user:${id}`, kind: 'scim-user-link' });
  });
});

describe('SCIM Groups (Group Push)', () => {
  async function withUsers(n: number) {
    const w = world();
    const ids: string[] = [];
    for (let i = 0; i < n; i += 1) {
      ids.push(
        (
          await w.call(
            'POST',
            '/Users',
            oktaUser(`member.${i}@okta.local`, { externalId: `00u${String(i).padStart(17, '0')}` }),
          )
        ).body['id'],
      );
    }
    return { ...w, ids };
  }

  it('creates a group with members: 201 with id, members and meta', async () => {
    const { call, ids } = await withUsers(2);
    const created = await call('POST', '/Groups', {
      schemas: [SCIM.group],
      displayName: 'Support Tier 2',
      members: [{ value: ids[0] }],
    });
    expect(created.status).toBe(201);
    expect(created.type).toContain('application/scim+json');
    expect(created.body).toMatchObject({
      schemas: [SCIM.group],
      displayName: 'Support Tier 2',
      members: [{ value: ids[0] }],
      meta: { resourceType: 'Group' },
    });
    expect(created.location).toBe(`${BASE}/Groups/${created.body['id']}`);
    expect((await call('GET', `/Groups/${created.body['id']}`)).body['displayName']).toBe(
      'Support Tier 2',
    );
  });

  it('lists groups, filters by displayName and pages; excludedAttributes=members', async () => {
    const { call } = await withUsers(0);
    for (const name of ['Alpha', 'Beta', 'Gamma']) {
      await call('POST', '/Groups', { schemas: [SCIM.group], displayName: name });
    }
    const all = await call('GET', '/Groups?startIndex=2&count=1');
    expect(all.body).toMatchObject({
      schemas: [SCIM.listResponse],
      totalResults: 3,
      itemsPerPage: 1,
      startIndex: 2,
    });
    expect(all.body['Resources'][0]['displayName']).toBe('Beta');
    const one = await call(
      'GET',
      `/Groups?filter=${encodeURIComponent('displayName eq "gamma"')}&excludedAttributes=members`,
    );
    expect(one.body['totalResults']).toBe(1);
    expect(one.body['Resources'][0]).not.toHaveProperty('members');
    expectScimError(
      await call('GET', `/Groups?filter=${encodeURIComponent('members eq "x"')}`),
      400,
      'invalidFilter',
    );
  });

  it('adds and removes members with PATCH (path members, value filter, value list): 204', async () => {
    const { call, ids } = await withUsers(3);
    const id = (await call('POST', '/Groups', { schemas: [SCIM.group], displayName: 'Push' })).body[
      'id'
    ];
    const add = await call('PATCH', `/Groups/${id}`, {
      schemas: [SCIM.patchOp],
      Operations: [{ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }],
    });
    expect(add.status).toBe(204);
    expect(
      (await call('GET', `/Groups/${id}`)).body['members']
        .map((m: { value: string }) => m.value)
        .sort(),
    ).toEqual([...ids].sort());

    await call('PATCH', `/Groups/${id}`, {
      schemas: [SCIM.patchOp],
      Operations: [{ op: 'remove', path: `members[value eq "${ids[0]}"]` }],
    });
    await call('PATCH', `/Groups/${id}`, {
      schemas: [SCIM.patchOp],
      Operations: [{ op: 'remove', path: 'members', value: [{ value: ids[1] }] }],
    });
    const left = await call('GET', `/Groups/${id}`);
    expect(left.body['members'].map((m: { value: string }) => m.value)).toEqual([ids[2]]);

    const renamed = await call('PATCH', `/Groups/${id}`, {
      schemas: [SCIM.patchOp],
      Operations: [{ op: 'replace', value: { id, displayName: 'Pushed' } }],
    });
    expect(renamed.status).toBe(204);
    expect((await call('GET', `/Groups/${id}`)).body['displayName']).toBe('Pushed');
  });

  it('refuses a member that is not a provisioned user, and a taken displayName', async () => {
    const { call } = await withUsers(0);
    const id = (await call('POST', '/Groups', { schemas: [SCIM.group], displayName: 'Only' })).body[
      'id'
    ];
    expectScimError(
      await call('PATCH', `/Groups/${id}`, {
        schemas: [SCIM.patchOp],
        Operations: [{ op: 'add', path: 'members', value: [{ value: 'nobody' }] }],
      }),
      400,
      'invalidValue',
    );
    expectScimError(
      await call('POST', '/Groups', { schemas: [SCIM.group], displayName: 'ONLY' }),
      409,
      'uniqueness',
    );
    expectScimError(await call('POST', '/Groups', { schemas: [SCIM.group] }), 400, 'invalidValue');
  });

  it('deletes a group: 204, then 404 everywhere', async () => {
    const { call } = await withUsers(0);
    const id = (await call('POST', '/Groups', { schemas: [SCIM.group], displayName: 'Doomed' }))
      .body['id'];
    expect((await call('DELETE', `/Groups/${id}`)).status).toBe(204);
    expectScimError(await call('GET', `/Groups/${id}`), 404);
    expectScimError(await call('DELETE', `/Groups/${id}`), 404);
    expectScimError(
      await call('PATCH', `/Groups/${id}`, {
        schemas: [SCIM.patchOp],
        Operations: [{ op: 'add', path: 'members', value: [] }],
      }),
      404,
    );
  });
});
