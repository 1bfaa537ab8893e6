import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOktaEmulator, type OktaEmulator } from '../../../sandbox/okta/index.js';
import { oktaSdkClient } from '../../../sandbox/okta/sdk-client.js';
import {
  AGENT_ID,
  CURRENT_SECRET,
  PREVIOUS_SECRET,
  OKTA_SEED,
  startApiHarness,
  type ApiHarness,
  type ErrorAnswer,
} from './api-test-fixtures.js';

let emulator: OktaEmulator;
let h: ApiHarness;
beforeAll(async () => {
  emulator = await startOktaEmulator({ seed: OKTA_SEED });
  h = await startApiHarness(
    oktaSdkClient(emulator.url, { token: emulator.token }, { maxRetries: 0 }),
  );
});
afterAll(async () => {
  await h.close();
  await emulator.close();
});

const get = (headers: Record<string, string>, path = '/health') => h.rawRequest(path, { headers });

describe('API authentication', () => {
  it('refuses a request without Authorization, with the JSON error shape and no hint', async () => {
    const res = await get({});
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const body = (await res.json()) as ErrorAnswer;
    expect(body.error).toEqual({
      code: 'UNAUTHORIZED',
      message: 'Missing or invalid credentials.',
      requestId: res.headers.get('x-request-id'),
    });
  });

  it('refuses a wrong secret, a wrong scheme and a secret with extra text the same way', async () => {
    for (const authorization of [
      'Bearer not-the-secret',
      `Basic ${CURRENT_SECRET}`,
      `Bearer ${CURRENT_SECRET}x`,
      `Bearer ${CURRENT_SECRET} ${PREVIOUS_SECRET}`,
      CURRENT_SECRET,
    ]) {
      const res = await get({ authorization });
      expect(res.status, authorization.slice(0, 8)).toBe(401);
      expect(((await res.json()) as ErrorAnswer).error.message).toBe(
        'Missing or invalid credentials.',
      );
    }
  });

  it('accepts the current secret and the previous one (rotation)', async () => {
    expect((await get({ authorization: `Bearer ${CURRENT_SECRET}` })).status).toBe(200);
    expect((await get({ authorization: `Bearer ${PREVIOUS_SECRET}` })).status).toBe(200);
    expect((await get({ authorization: `bearer ${PREVIOUS_SECRET}` })).status).toBe(200);
  });

  it('refuses unknown API routes before telling they do not exist', async () => {
    expect((await get({}, '/no-such-route')).status).toBe(401);
    const res = await get({ authorization: `Bearer ${CURRENT_SECRET}` }, '/no-such-route');
    expect(res.status).toBe(404);
  });

  it('accepts no X-Salesforce-User-Id, or a 15- or 18-character User id', async () => {
    const auth = { authorization: `Bearer ${CURRENT_SECRET}` };
    expect((await get(auth)).status).toBe(200);
    expect((await get({ ...auth, 'x-salesforce-user-id': AGENT_ID })).status).toBe(200);
    expect((await get({ ...auth, 'x-salesforce-user-id': AGENT_ID.slice(0, 15) })).status).toBe(
      200,
    );
  });

  it('rejects an X-Salesforce-User-Id that is not a User id', async () => {
    for (const value of ['003000000000001AAA', '005123', 'abc', '005000000000001AAA;drop']) {
      const res = await get({
        authorization: `Bearer ${CURRENT_SECRET}`,
        'x-salesforce-user-id': value,
      });
      expect(res.status, value).toBe(400);
      const body = (await res.json()) as ErrorAnswer;
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(body.error.details).toEqual([
        { path: 'x-salesforce-user-id', message: expect.stringMatching(/Salesforce User id/) },
      ]);
    }
  });

  it('refuses a body that is not JSON', async () => {
    const res = await h.rawRequest('/reconciliations', {
      method: 'POST',
      headers: { authorization: `Bearer ${CURRENT_SECRET}`, 'content-type': 'text/plain' },
      body: 'dryRun=true',
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as ErrorAnswer).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers malformed JSON with 400', async () => {
    const res = await h.rawRequest('/reconciliations', {
      method: 'POST',
      headers: { authorization: `Bearer ${CURRENT_SECRET}`, 'content-type': 'application/json' },
      body: '{"dryRun": tru',
    });
    expect(res.status).toBe(400);
  });
});
