import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IDS, rejectionOf, startFixtureOrg } from './__fixtures__/fixture-org.js';
import type { FixtureOrg } from './__fixtures__/fixture-org.js';
import { Faults } from './faults.js';

let org: FixtureOrg;
const admin = { 'x-sandbox-admin': 'sandbox-secret', 'content-type': 'application/json' };

beforeAll(async () => {
  org = await startFixtureOrg();
});
afterAll(async () => {
  await org.sf.close();
});
beforeEach(() => {
  org.sf.faults.clear();
  org.sf.reset();
});

describe('Faults rules', () => {
  it('matches method and wildcard route, for the next N calls', () => {
    const faults = new Faults(() => 0);
    faults.add({ route: 'PATCH composite/sobjects*', error: 'SERVER_UNAVAILABLE', times: 2 });
    expect(faults.decide('GET', 'composite/sobjects').error).toBeUndefined();
    expect(faults.decide('PATCH', 'composite/sobjects/Contact/Okta_User_Id__c').error).toBe(
      'SERVER_UNAVAILABLE',
    );
    expect(faults.decide('PATCH', 'composite/sobjects').error).toBe('SERVER_UNAVAILABLE');
    expect(faults.decide('PATCH', 'composite/sobjects').error).toBeUndefined();
  });

  it('applies a rate with the injected randomness', () => {
    const rolls = [0.1, 0.9];
    const faults = new Faults(() => rolls.shift() ?? 0);
    faults.add({ route: 'query', error: 'UNABLE_TO_LOCK_ROW', rate: 0.5 });
    expect(faults.decide('GET', 'query').error).toBe('UNABLE_TO_LOCK_ROW');
    expect(faults.decide('GET', 'query').error).toBeUndefined();
  });
});

describe('faults over HTTP', () => {
  it('answers 503 SERVER_UNAVAILABLE and recovers', async () => {
    org.sf.faults.add({ route: 'PATCH sobjects/Contact/*', error: 'SERVER_UNAVAILABLE', times: 1 });
    const err = await rejectionOf(org.conn.sobject('Contact').update({ Id: IDS.ada, Title: 'x' }));
    expect(err.errorCode).toBe('SERVER_UNAVAILABLE');
    expect((await org.conn.sobject('Contact').update({ Id: IDS.ada, Title: 'x' })).success).toBe(
      true,
    );
  });

  it('lets jsforce retry a GET that met a 503', async () => {
    org.sf.faults.add({ route: 'query', error: 'SERVER_UNAVAILABLE', times: 1 });
    expect((await org.conn.query('SELECT Id FROM Contact')).totalSize).toBe(3);
    expect(org.sf.faults.list()).toHaveLength(0);
  });

  it('answers REQUEST_LIMIT_EXCEEDED with 403', async () => {
    org.sf.faults.add({ route: 'sobjects/*', error: 'REQUEST_LIMIT_EXCEEDED', times: 1 });
    const res = await fetch(`${org.sf.url}/services/data/v62.0/sobjects/Contact/${IDS.ada}`, {
      headers: { authorization: `Bearer ${org.sf.issueToken().accessToken}` },
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual([
      { message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' },
    ]);
  });

  it('drops the connection', async () => {
    org.sf.faults.add({ route: 'POST composite/sobjects', error: 'DROP_CONNECTION', times: 1 });
    const err = await rejectionOf(org.conn.sobject('Contact').create([{ LastName: 'Dropped' }]));
    expect(err.errorCode).toBeUndefined();
    expect(err.message).toMatch(/socket hang up|ECONNRESET|other side closed|terminated/i);
    expect(org.sf.db.count('Contact')).toBe(3);
  });

  it('fails the token endpoint and expires sessions on demand', async () => {
    org.sf.faults.add({ route: 'oauth2/token', error: 'SERVER_UNAVAILABLE', times: 1 });
    const res = await fetch(`${org.sf.url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=sandbox-client&client_secret=sandbox-secret',
    });
    expect(res.status).toBe(503);
    org.sf.faults.add({ route: 'query', error: 'INVALID_SESSION_ID', times: 1 });
    expect((await rejectionOf(org.conn.query('SELECT Id FROM Contact'))).errorCode).toBe(
      'INVALID_SESSION_ID',
    );
  });

  it('delays a route by the configured latency', async () => {
    org.sf.faults.add({ route: 'query', latencyMs: 50, times: 1 });
    const started = Date.now();
    await org.conn.query('SELECT Id FROM Contact');
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});

describe('/__sandbox admin', () => {
  it('requires the admin header', async () => {
    const res = await fetch(`${org.sf.url}/__sandbox/state`);
    expect(res.status).toBe(401);
  });

  it('reports state, adds faults, sets limits, expires tokens and resets', async () => {
    const state = (await (
      await fetch(`${org.sf.url}/__sandbox/state`, { headers: admin })
    ).json()) as { counts: Record<string, number> };
    expect(state.counts).toMatchObject({
      Contact: 3,
      Account: 2,
      User: 3,
      Okta_Field_Mapping__mdt: 2,
    });

    const added = await fetch(`${org.sf.url}/__sandbox/faults`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ route: 'POST sobjects/*', error: 'SERVER_UNAVAILABLE', times: 1 }),
    });
    expect(added.status).toBe(201);
    expect(
      (await rejectionOf(org.conn.sobject('Contact').create({ LastName: 'x' }))).errorCode,
    ).toBe('SERVER_UNAVAILABLE');
    const bad = await fetch(`${org.sf.url}/__sandbox/faults`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ route: 'query', error: 'NOPE' }),
    });
    expect(bad.status).toBe(400);

    await fetch(`${org.sf.url}/__sandbox/limits`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ used: 100_000 }),
    });
    expect((await rejectionOf(org.conn.query('SELECT Id FROM Contact'))).errorCode).toBe(
      'REQUEST_LIMIT_EXCEEDED',
    );
    await fetch(`${org.sf.url}/__sandbox/limits`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ used: 0 }),
    });

    const conn = org.connect();
    await conn.sobject('Contact').create({ LastName: 'Temp' });
    await fetch(`${org.sf.url}/__sandbox/tokens/expire`, { method: 'POST', headers: admin });
    expect((await rejectionOf(conn.query('SELECT Id FROM Contact'))).errorCode).toBe(
      'INVALID_SESSION_ID',
    );

    const reset = (await (
      await fetch(`${org.sf.url}/__sandbox/reset`, { method: 'POST', headers: admin })
    ).json()) as { counts: Record<string, number> };
    expect(reset.counts['Contact']).toBe(3);
    const token = (await (
      await fetch(`${org.sf.url}/__sandbox/tokens`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ username: 'sam.sales@example-corp.test.sf' }),
      })
    ).json()) as { userId: string };
    expect(token.userId).toBe(IDS.salesUser);
  });
});
