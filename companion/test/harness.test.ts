import { afterEach, describe, expect, it } from 'vitest';
import { startTestWorld, type TestWorld } from './harness.js';

let world: TestWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('the end-to-end test world', () => {
  // The companion subscribes for new events only on its first start, so an edit made by a
  // test before the subscription is acknowledged would be lost and the test would wait forever.
  it('is handed over with every CDC channel subscribed', async () => {
    world = await startTestWorld({ users: 5, registerHook: false });
    const channels = Object.values(world.companion.salesforceToOkta.subscriber.state());
    expect(channels.length).toBeGreaterThan(0);
    expect(channels.map((channel) => channel.state)).toEqual(channels.map(() => 'connected'));
  });
});
