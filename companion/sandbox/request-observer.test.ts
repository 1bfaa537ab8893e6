import jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from './index.js';
import { oktaSdkClient } from './okta/sdk-client.js';
import type { ObservedRequest } from './request-observer.js';

const seen: { system: string; request: ObservedRequest }[] = [];
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({
    users: 5,
    onRequest: (system, request) => seen.push({ system, request }),
  });
});
afterAll(async () => {
  await sandbox?.close();
});

describe('request observer of the sandbox', () => {
  it('sees each Okta and Salesforce request with its method, path and status', async () => {
    const okta = oktaSdkClient(sandbox.okta.url, { token: sandbox.okta.token }, { maxRetries: 0 });
    const users = await okta.userApi.listUsers({ limit: 2 });
    await users.getNextPage();
    await expect(okta.userApi.getUser({ userId: '00unosuchuser0000000' })).rejects.toMatchObject({
      status: 404,
    });
    const token = sandbox.salesforce.issueToken();
    const conn = new jsforce.Connection({
      instanceUrl: token.instanceUrl,
      accessToken: token.accessToken,
      version: '62.0',
    });
    await conn.query('SELECT Id FROM Contact LIMIT 1');

    expect(seen).toEqual([
      { system: 'okta', request: { method: 'GET', path: '/api/v1/users', status: 200 } },
      {
        system: 'okta',
        request: { method: 'GET', path: '/api/v1/users/00unosuchuser0000000', status: 404 },
      },
      {
        system: 'salesforce',
        request: { method: 'GET', path: '/services/data/v62.0/query', status: 200 },
      },
    ]);
  });
});
