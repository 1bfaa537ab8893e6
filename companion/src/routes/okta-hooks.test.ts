import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { silentLogger } from '../logger.js';
import { Secret } from '../secret.js';

const CURRENT = 'hook-secret-current-0123';
const PREVIOUS = 'hook-secret-previous-4567';

function appWith(secrets: string[]) {
  const stored: unknown[] = [];
  const answered: number[] = [];
  const app = createApp({
    logger: silentLogger(),
    readiness: [],
    oktaHooks: {
      hookSecrets: secrets.map((s) => new Secret(s)),
      maxBodyBytes: 1_000_000,
      accept: async (events) => {
        stored.push(...events);
        return { accepted: events.length, duplicates: 0 };
      },
      onAnswered: (seconds) => answered.push(seconds),
    },
  });
  return { app, stored, answered };
}

const delivery = JSON.stringify({
  eventType: 'com.okta.event_hook',
  eventTypeVersion: '1.0',
  cloudEventsVersion: '0.1',
  eventId: 'delivery-1',
  eventTime: '2026-12-01T10:00:00.000Z',
  data: {
    events: [
      {
        uuid: 'e7c8a1d2-0000-4000-8000-000000000001',
        published: '2026-12-01T10:00:00.000Z',
        eventType: 'user.lifecycle.create',
        target: [{ id: '00u000000000000000a1', type: 'User' }],
      },
    ],
  },
});

const post = (app: ReturnType<typeof appWith>['app'], authorization?: string) =>
  app.request('/hooks/okta', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(authorization === undefined ? {} : { authorization }),
    },
    body: delivery,
  });

describe('Okta hook secret rotation', () => {
  it('accepts the current and the previous secret while both are configured', async () => {
    const { app, stored } = appWith([CURRENT, PREVIOUS]);
    expect((await post(app, CURRENT)).status).toBe(200);
    expect((await post(app, PREVIOUS)).status).toBe(200);
    expect(stored).toHaveLength(2);
    const verify = await app.request('/hooks/okta', {
      headers: { authorization: PREVIOUS, 'x-okta-verification-challenge': 'abc' },
    });
    expect(await verify.json()).toEqual({ verification: 'abc' });
  });

  it('refuses any other secret, and the previous one once it is retired', async () => {
    const { app, stored } = appWith([CURRENT]);
    expect((await post(app, PREVIOUS)).status).toBe(401);
    expect((await post(app, `${CURRENT}x`)).status).toBe(401);
    expect((await post(app)).status).toBe(401);
    const body = (await (await post(app, 'nope')).json()) as { error: { code: string } };
    expect(body.error.code).toBe('UNAUTHORIZED');
    expect(stored).toHaveLength(0);
  });
});

describe('Okta hook acknowledgement time', () => {
  it('is reported once for every delivery answered, accepted or refused', async () => {
    const { app, answered } = appWith([CURRENT]);
    expect((await post(app, CURRENT)).status).toBe(200);
    expect((await post(app, 'nope')).status).toBe(401);
    expect(answered).toHaveLength(2);
    for (const seconds of answered) expect(seconds).toBeGreaterThanOrEqual(0);
  });
});
