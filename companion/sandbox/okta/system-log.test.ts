import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateSeed } from '../seed.js';
import { startOktaEmulator, type LogEvent, type OktaEmulator } from './index.js';
import { oktaSdkClient } from './sdk-client.js';
import { required } from './required.js';

const seed = generateSeed({ users: 50, seed: 5 });
let emulator: OktaEmulator;
let client: ReturnType<typeof oktaSdkClient>;
const auth = () => ({ Authorization: `SSWS ${emulator.token}`, Accept: 'application/json' });

beforeAll(async () => {
  emulator = await startOktaEmulator({ seed: seed.okta });
  client = oktaSdkClient(emulator.url, { token: emulator.token });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

async function page(
  url: string,
): Promise<{ events: LogEvent[]; next: string | undefined; status: number }> {
  const response = await fetch(url, { headers: auth() });
  const link = response.headers.get('link') ?? '';
  const next = /<([^>]+)>; rel="next"/.exec(link)?.[1];
  const body = (await response.json()) as LogEvent[];
  return { events: response.status === 200 ? body : [], next, status: response.status };
}

const editable = seed.okta.users.filter((u) => u.status !== 'DEPROVISIONED');
let touches = 0;
function touch(n: number) {
  for (let i = 0; i < n; i++, touches++) {
    emulator.updateUserDirect(required(editable[touches % 40]).id, { title: `t${touches}` });
  }
}

describe('System Log', () => {
  it('polls with the next cursor: always a next link, even on an empty page', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const first = await page(
      `${emulator.url}/api/v1/logs?since=${encodeURIComponent(since)}&limit=4`,
    );
    expect(first.events).toEqual([]);
    let next = first.next;
    expect(next).toMatch(new RegExp(`^${emulator.url}/api/v1/logs\\?`));
    expect(next).not.toContain('since=');

    touch(10);
    const seen: string[] = [];
    for (let i = 0; i < 10 && next; i++) {
      const result = await page(next);
      seen.push(...result.events.map((e) => e.uuid));
      expect(result.next).toBeDefined();
      next = result.next;
      if (result.events.length === 0) break;
    }
    expect(seen).toEqual(emulator.state.logs.map((e) => e.uuid));

    const empty = await page(required(next));
    expect(empty.events).toEqual([]);
    touch(1);
    const later = await page(required(empty.next));
    expect(later.events.map((e) => e.uuid)).toEqual([required(emulator.state.logs.at(-1)).uuid]);
  });

  it('works through the SDK: first page via listLogEvents, then the cursor', async () => {
    touch(3);
    const collection = await client.systemLogApi.listLogEvents({
      since: new Date(Date.now() - 60_000).toISOString(),
      limit: 2,
    });
    const first = await collection.next();
    expect(first.value?.eventType).toBe('user.account.update_profile');
    expect(first.value?.actor?.id).toBe('00uconsoleadmin00001');
  });

  it('returns the real LogEvent shape', async () => {
    touch(1);
    const { events } = await page(`${emulator.url}/api/v1/logs`);
    expect(events[0]).toMatchObject({
      uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      published: expect.any(String),
      eventType: 'user.account.update_profile',
      version: '0',
      severity: 'INFO',
      displayMessage: 'Update user profile for Okta',
      legacyEventType: 'core.user.config.profile_update.success',
      actor: {
        id: expect.any(String),
        type: 'User',
        alternateId: expect.any(String),
        displayName: 'IT Admin',
      },
      client: { ipAddress: expect.any(String), userAgent: { rawUserAgent: expect.any(String) } },
      authenticationContext: expect.any(Object),
      outcome: { result: 'SUCCESS', reason: null },
      target: [expect.objectContaining({ type: 'User', changeDetails: expect.any(Object) })],
      transaction: { type: 'WEB', id: expect.any(String), detail: {} },
      debugContext: { debugData: expect.objectContaining({ requestId: expect.any(String) }) },
      request: { ipChain: [expect.objectContaining({ ip: expect.any(String) })] },
    });
  });

  it('filters on eventType, target.id and actor.id with and/or, and matches q keywords', async () => {
    const user = required(editable.find((u) => u.status === 'ACTIVE'));
    emulator.updateUserDirect(user.id, { title: 'x' });
    emulator.setUserStatus(user.id, 'SUSPENDED');
    emulator.updateUserDirect(required(editable[1]).id, { title: 'y' });
    const filter = encodeURIComponent(
      `target.id eq "${user.id}" and (eventType eq "user.lifecycle.suspend" or eventType eq "user.account.update_profile")`,
    );
    const { events } = await page(`${emulator.url}/api/v1/logs?filter=${filter}`);
    expect(events.map((e) => e.eventType)).toEqual([
      'user.account.update_profile',
      'user.lifecycle.suspend',
    ]);
    const byActor = await page(
      `${emulator.url}/api/v1/logs?filter=${encodeURIComponent('actor.id eq "nobody"')}`,
    );
    expect(byActor.events).toEqual([]);
    const q = await page(
      `${emulator.url}/api/v1/logs?q=${encodeURIComponent(required(editable[1]).profile.login)}`,
    );
    expect(q.events).toHaveLength(1);
  });

  it('pages bounded requests to the end, ascending and descending', async () => {
    touch(7);
    const since = new Date(Date.now() - 60_000).toISOString();
    const until = new Date(Date.now() + 60_000).toISOString();
    for (const sortOrder of ['ASCENDING', 'DESCENDING']) {
      let url: string | undefined =
        `${emulator.url}/api/v1/logs?since=${encodeURIComponent(since)}&until=${encodeURIComponent(until)}&limit=3&sortOrder=${sortOrder}`;
      const seen: string[] = [];
      let pages = 0;
      while (url) {
        const result = await page(url);
        seen.push(...result.events.map((e) => e.uuid));
        url = result.next;
        pages++;
      }
      const all = emulator.state.logs.map((e) => e.uuid);
      expect(seen).toEqual(sortOrder === 'ASCENDING' ? all : [...all].reverse());
      expect(pages).toBe(3);
    }
  });

  it('rejects since with after, a since over 180 days old, a Date.toString() since, a published filter', async () => {
    const since = encodeURIComponent(new Date().toISOString());
    const both = await fetch(`${emulator.url}/api/v1/logs?since=${since}&after=abc_1`, {
      headers: auth(),
    });
    expect(both.status).toBe(400);
    const old = await fetch(
      `${emulator.url}/api/v1/logs?since=${encodeURIComponent(new Date(Date.now() - 200 * 86_400_000).toISOString())}`,
      { headers: auth() },
    );
    expect(old.status).toBe(400);
    expect(await old.json()).toMatchObject({
      errorCode: 'E0000053',
      errorSummary:
        'Invalid parameter: The since parameter is over 180 days prior to the current day.',
    });
    const toStringDate = await fetch(
      `${emulator.url}/api/v1/logs?since=${encodeURIComponent(new Date().toString())}`,
      {
        headers: auth(),
      },
    );
    expect(toStringDate.status).toBe(400);
    expect(await toStringDate.json()).toMatchObject({ errorCode: 'E0000001' });
    const published = await fetch(
      `${emulator.url}/api/v1/logs?filter=${encodeURIComponent('published gt "2020-01-01T00:00:00Z"')}`,
      { headers: auth() },
    );
    expect(published.status).toBe(400);
    const tooMany = await fetch(`${emulator.url}/api/v1/logs?limit=1001`, { headers: auth() });
    expect(tooMany.status).toBe(400);
  });

  it('keeps 90 days: older events are not returned, a since between 90 and 180 days is accepted', async () => {
    const old = new Date(Date.now() - 100 * 86_400_000).toISOString();
    emulator.appendEvent({ eventType: 'user.lifecycle.create', published: old });
    touch(1);
    const since = encodeURIComponent(new Date(Date.now() - 120 * 86_400_000).toISOString());
    const { events, status } = await page(`${emulator.url}/api/v1/logs?since=${since}`);
    expect(status).toBe(200);
    expect(events.map((e) => e.eventType)).toEqual(['user.account.update_profile']);
  });
});
