import { afterEach, describe, expect, it } from 'vitest';
import { generateSeed } from '../seed.js';
import { startOktaEmulator, type OktaEmulator } from './index.js';
import { oktaSdkClient } from './sdk-client.js';
import { required } from './required.js';

const seed = generateSeed({ users: 30, seed: 4 });
const user = required(seed.okta.users.find((u) => u.status === 'ACTIVE'));
let emulator: OktaEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('rate limits', () => {
  it('sends X-Rate-Limit-* and Date headers on every response', async () => {
    emulator = await startOktaEmulator({ seed: seed.okta });
    const response = await fetch(`${emulator.url}/api/v1/users/${user.id}`, {
      headers: { Authorization: `SSWS ${emulator.token}` },
    });
    expect(response.headers.get('x-rate-limit-limit')).toBe('600');
    expect(response.headers.get('x-rate-limit-remaining')).toBe('599');
    const reset = Number(response.headers.get('x-rate-limit-reset'));
    const date = Date.parse(required(response.headers.get('date')));
    expect(reset * 1000).toBeGreaterThan(date);
    expect(reset * 1000 - date).toBeLessThanOrEqual(60_000);
    const logs = await fetch(`${emulator.url}/api/v1/logs`, {
      headers: { Authorization: `SSWS ${emulator.token}` },
    });
    expect(logs.headers.get('x-rate-limit-limit')).toBe('120');
    const unauthorized = await fetch(`${emulator.url}/api/v1/groups`);
    expect(unauthorized.headers.get('x-rate-limit-limit')).toBe('500');
  });

  it('answers 429 E0000047 when the per-minute budget is spent; the SDK waits for the reset and retries', async () => {
    // The org clock sits one second before a minute boundary and jumps a minute when the
    // SDK backs off, so the retry lands in a fresh window.
    let clock = Math.ceil(Date.now() / 60_000) * 60_000 + 60_000 - 1000;
    emulator = await startOktaEmulator({
      seed: seed.okta,
      rateLimits: { users: 2 },
      now: () => new Date(clock),
    });
    const noRetry = oktaSdkClient(emulator.url, { token: emulator.token }, { maxRetries: 0 });
    await noRetry.userApi.getUser({ userId: user.id });
    await noRetry.userApi.getUser({ userId: user.id });
    const error = await noRetry.userApi.getUser({ userId: user.id }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, errorCode: 'E0000047' });
    const headers = (error as { headers: Headers }).headers;
    expect(headers.get('x-rate-limit-remaining')).toBe('0');
    expect(headers.get('x-rate-limit-reset')).toBe(String((clock + 1000) / 1000));

    const client = oktaSdkClient(
      emulator.url,
      { token: emulator.token },
      { maxRetries: 2, requestTimeout: 30_000 },
    );
    const backoffs: number[] = [];
    client.requestExecutor.on(
      'backoff',
      (_req: unknown, _res: unknown, _id: unknown, delayMs: number) => {
        backoffs.push(delayMs);
        clock += 60_000;
      },
    );
    const fetched = await client.userApi.getUser({ userId: user.id });
    expect(fetched.id).toBe(user.id);
    expect(backoffs).toEqual([2000]);
  });

  it('caps concurrent requests', async () => {
    emulator = await startOktaEmulator({ seed: seed.okta, rateLimits: { concurrency: 1 } });
    emulator.faults.latency(`GET /api/v1/users/${user.id}`, 1500);
    const slow = fetch(`${emulator.url}/api/v1/users/${user.id}`, {
      headers: { Authorization: `SSWS ${emulator.token}` },
    });
    while (emulator.rateLimits.inFlightRequests === 0) await new Promise((r) => setTimeout(r, 10));
    const rejected = await fetch(`${emulator.url}/api/v1/groups`, {
      headers: { Authorization: `SSWS ${emulator.token}` },
    });
    expect(rejected.status).toBe(429);
    expect(await rejected.json()).toMatchObject({ errorCode: 'E0000047' });
    expect((await slow).status).toBe(200);
  });
});

describe('faults', () => {
  it('injects a 429 that the SDK retries (reset a second in the past) and then succeeds', async () => {
    emulator = await startOktaEmulator({ seed: seed.okta });
    const fault = emulator.faults.error('GET /api/v1/users/*', 429, {
      times: 1,
      resetOffsetSeconds: -1,
    });
    const client = oktaSdkClient(emulator.url, { token: emulator.token });
    const retried: unknown[] = [];
    client.requestExecutor.on('resume', (request: { headers: Record<string, unknown> }) =>
      retried.push(request.headers),
    );
    const fetched = await client.userApi.getUser({ userId: user.id });
    expect(fetched.id).toBe(user.id);
    expect(emulator.faults.list().find((f) => f.id === fault.id)?.hits).toBe(1);
    expect(retried).toEqual([
      expect.objectContaining({ 'X-Okta-Retry-Count': 1, 'X-Okta-Retry-For': expect.any(String) }),
    ]);
  });

  it('injects 500 and 503 errors per route', async () => {
    emulator = await startOktaEmulator({ seed: seed.okta });
    const client = oktaSdkClient(emulator.url, { token: emulator.token });
    emulator.faults.error('GET /api/v1/users/*', 500, { times: 1 });
    await expect(client.userApi.getUser({ userId: user.id })).rejects.toMatchObject({
      status: 500,
      errorCode: 'E0000009',
    });
    expect((await client.userApi.getUser({ userId: user.id })).id).toBe(user.id);
    emulator.faults.error('/api/v1/groups*', 503);
    await expect(
      client.groupApi.getGroup({ groupId: required(seed.okta.groups[0]).id }),
    ).rejects.toMatchObject({ status: 503 });
    emulator.faults.clear();
    expect((await client.groupApi.getGroup({ groupId: required(seed.okta.groups[0]).id })).id).toBe(
      required(seed.okta.groups[0]).id,
    );
  });

  it('drops connections and adds latency', async () => {
    emulator = await startOktaEmulator({ seed: seed.okta });
    const client = oktaSdkClient(emulator.url, { token: emulator.token });
    emulator.faults.dropConnection('GET /api/v1/users/*', { times: 1 });
    await expect(client.userApi.getUser({ userId: user.id })).rejects.toThrow();
    emulator.faults.latency('GET /api/v1/users/*', 200);
    const started = Date.now();
    expect((await client.userApi.getUser({ userId: user.id })).id).toBe(user.id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('is controllable over HTTP under /__sandbox with the admin header', async () => {
    emulator = await startOktaEmulator({ seed: seed.okta });
    const admin = { 'x-sandbox-admin': emulator.token, 'Content-Type': 'application/json' };
    expect((await fetch(`${emulator.url}/__sandbox/state`)).status).toBe(401);
    expect(
      (await fetch(`${emulator.url}/__sandbox/state`, { headers: { 'x-sandbox-admin': 'nope' } }))
        .status,
    ).toBe(401);

    const created = await fetch(`${emulator.url}/__sandbox/faults`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ route: 'GET /api/v1/users*', status: 503, times: 1 }),
    });
    expect(created.status).toBe(201);
    const failing = await fetch(`${emulator.url}/api/v1/users`, {
      headers: { Authorization: `SSWS ${emulator.token}` },
    });
    expect(failing.status).toBe(503);
    await fetch(`${emulator.url}/__sandbox/faults/hook-loss`, {
      method: 'POST',
      headers: admin,
      body: '{"count":3}',
    });
    const state = (await (
      await fetch(`${emulator.url}/__sandbox/state`, { headers: admin })
    ).json()) as {
      users: number;
      pendingHookLoss: number;
      faults: unknown[];
    };
    // The seed's users and the token's owner.
    expect(state).toMatchObject({ users: seed.okta.users.length + 1, pendingHookLoss: 3 });
    expect(state.faults).toHaveLength(1);
    expect(
      (await fetch(`${emulator.url}/__sandbox/faults`, { method: 'DELETE', headers: admin }))
        .status,
    ).toBe(204);
    expect(emulator.faults.list()).toEqual([]);

    emulator.updateUserDirect(user.id, { title: 'before reset' });
    const reset = await fetch(`${emulator.url}/__sandbox/reset`, {
      method: 'POST',
      headers: admin,
      body: '{"users":10}',
    });
    // 10 customers, 3 employees and the token's owner.
    expect(await reset.json()).toMatchObject({ users: 14, logEvents: 0 });
    const restored = await fetch(`${emulator.url}/__sandbox/reset`, {
      method: 'POST',
      headers: admin,
    });
    expect(await restored.json()).toMatchObject({ users: seed.okta.users.length + 1 });
  });
});
