import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOktaEmulator, type OktaEmulator } from '../../sandbox/okta/index.js';
import { oktaSdkClient } from '../../sandbox/okta/sdk-client.js';
import { generateSeed } from '../../sandbox/seed.js';
import { classifyError } from '../queue/classify-error.js';
import type { OktaClient } from './client.js';
import { OKTA_GROUP_DELETED } from './group-deleted.js';
import { createOktaGateway } from './okta-gateway.js';

const seed = generateSeed({ users: 10, seed: 5 });
let emulator: OktaEmulator;
let okta: OktaClient;

beforeAll(async () => {
  emulator = await startOktaEmulator({ seed: seed.okta });
  okta = oktaSdkClient(emulator.url, { token: emulator.token }) as unknown as OktaClient;
});
afterAll(() => emulator.close());

describe('a membership write to a group deleted in Okta', () => {
  it('is a permanent OKTA_GROUP_DELETED failure that says what to do, not a 404 to retry', async () => {
    const gateway = createOktaGateway(okta);
    const userId = String(seed.okta.users[0]?.id);
    const created = await okta.groupApi.createGroup({
      group: { profile: { name: 'Short-lived', description: 'deleted below' } },
    });
    const groupId = String(created.id);
    await okta.groupApi.deleteGroup({ groupId });

    const error: unknown = await gateway.addToGroup(groupId, userId).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: OKTA_GROUP_DELETED, kind: 'not-found' });
    expect((error as Error).message).toContain(`Okta group ${groupId} no longer exists`);
    expect(classifyError(error)).toMatchObject({ kind: 'permanent', code: OKTA_GROUP_DELETED });
    // Removing from it holds already: there is nothing left to be a member of.
    await expect(gateway.removeFromGroup(groupId, userId)).resolves.toBeUndefined();
  });

  it('leaves a 404 for a user who is gone as Okta said it', async () => {
    const gateway = createOktaGateway(okta);
    const groupId = String(seed.okta.groups.find((g) => g.name === 'Support Tier 2')?.id);
    await expect(gateway.addToGroup(groupId, '00unosuchuser')).rejects.toMatchObject({
      status: 404,
      errorCode: 'E0000007',
    });
  });
});
