import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOktaEmulator, type OktaEmulator } from '../../sandbox/okta/index.js';
import { generateSeed } from '../../sandbox/seed.js';
import { Secret } from '../secret.js';
import { createOktaClient, type OktaClient } from './client.js';
import { readOktaUsers } from './user-reader.js';

let emulator: OktaEmulator;
let okta: OktaClient;
const requests: string[] = [];

beforeAll(async () => {
  emulator = await startOktaEmulator({ seed: generateSeed({ users: 300 }).okta });
  okta = createOktaClient(
    {
      orgUrl: emulator.url,
      auth: { kind: 'ssws', token: new Secret(emulator.token) },
      hookSecret: new Secret('unused-hook-secret'),
    },
    { onResponse: (info) => requests.push(info.family) },
  );
});
afterAll(async () => {
  await emulator?.close();
});

describe('readOktaUsers', () => {
  it('reads 250 users in three list calls, however long the filter and its Link header', async () => {
    const ids = emulator.state.userIds
      .filter((id) => emulator.state.users.get(id)?.status !== 'DEPROVISIONED')
      .slice(0, 250);
    requests.length = 0;
    const users = await readOktaUsers(okta, ids);
    expect(users.size).toBe(250);
    expect([...users.values()].every((u) => u !== null)).toBe(true);
    expect(requests).toEqual(['users', 'users', 'users']);
  });

  it('falls back to a single read for users a list leaves out, and maps deleted users to null', async () => {
    const gone = emulator.state.userIds.find(
      (id) => emulator.state.users.get(id)?.status === 'DEPROVISIONED',
    );
    expect(gone).toBeDefined();
    const users = await readOktaUsers(okta, [String(gone), '00uNOSUCHUSER0000001']);
    expect(users.get(String(gone))?.status).toBe('DEPROVISIONED');
    expect(users.get('00uNOSUCHUSER0000001')).toBeNull();
  });
});
